from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarlyWarningConfig(AppConfig):
    """Early-warning flags: the adopted standard's rules, evaluated nightly in the school."""

    name = "core_school.earlywarning"
    label = "earlywarning"
    verbose_name = _("Early warnings")

    def ready(self) -> None:
        # The authority sees only counts of flags, published through the figures registry;
        # reporting never imports core_school.
        from config.figures import figures_register
        from core_school.earlywarning import figures

        figures_register("core_school.earlywarning", figures.early_warning_figures)
