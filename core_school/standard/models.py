"""The school's copy of the standard it adopted (DESIGN.md: standards down, figures up).

The content is copied in at adoption, so the school reads its rules from its own schema and
never from the public one. The newest row is the school's standard; older rows are its history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdoptedStandard(models.Model):
    """A published standard version as this school adopted it."""

    version = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    adopted_at = models.DateTimeField(_("adopted at"), auto_now_add=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )

    class Meta:
        verbose_name = _("adopted standard")
        verbose_name_plural = _("adopted standards")
        ordering = ["-adopted_at", "-pk"]

    def __str__(self) -> str:
        return f"v{self.version}"


class ConformanceCheck(models.Model):
    """One check of the school's records against its adopted data dictionary, as stored
    (nightly, or when the principal sends the score): counts only, kept so the pilot's data
    quality can be followed week by week (core_school.figures.pilot)."""

    checked_at = models.DateTimeField(_("checked at"))
    version = models.PositiveIntegerField(_("standard version"))
    records = models.PositiveIntegerField(_("records checked"))
    failing = models.PositiveIntegerField(_("records failing"))

    class Meta:
        verbose_name = _("conformance check")
        verbose_name_plural = _("conformance checks")
        ordering = ["-checked_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(failing__lte=models.F("records")),
                name="conformance_check_failing_within_records",
            )
        ]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d}: {self.failing}/{self.records}"
