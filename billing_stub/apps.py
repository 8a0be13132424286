from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingStubConfig(AppConfig):
    name = "billing_stub"
    verbose_name = _("Billing")
