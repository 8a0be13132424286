from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    """The operators' console on the root domain: schools under an authority's node, their
    provisioning, onboarding checklist and lifecycle, and the operator API."""

    name = "console"
    verbose_name = _("Operators' console")
