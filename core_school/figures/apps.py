from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """No models: registers the school's figure computer (config.figures) and its pilot KPI
    computer (config.pilot) for reporting."""

    name = "core_school.figures"
    label = "school_figures"
    verbose_name = _("Aggregate figures")

    def ready(self) -> None:
        # Reporting publishes a school's figures through this registry, never by importing
        # core_school.
        from config.figures import figures_register
        from config.pilot import kpi_register
        from core_school.figures import compute, pilot

        figures_register("core_school", compute.school_figures)
        kpi_register("core_school", pilot.school_kpis)
