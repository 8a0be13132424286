from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataImportConfig(AppConfig):
    name = "core_school.dataimport"
    label = "dataimport"
    verbose_name = _("School data import")
