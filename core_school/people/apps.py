from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "core_school.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        # Billing counts a school's pupils and staff through this registry (config.metering),
        # never by importing core_school.
        from config.metering import meter_register
        from core_school.people import usage

        meter_register("active_pupils", usage.active_pupils_count)
        meter_register("staff", usage.staff_count)
