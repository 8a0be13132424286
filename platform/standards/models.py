"""Versioned data standards (public schema) and each school's conformance score.

A standard is drafted by an operator, edited while a draft, then published and never changed
again. Schools adopt a published version (core_school.standard.AdoptedStandard keeps their
copy). ConformanceResult holds counts only: no name or identifier of any pupil or member of
staff ever leaves the school's schema.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardVersion(models.Model):
    """One version of the national standard: subjects, grading flags, code sets, the data
    dictionary and the early-warning rules, as JSON checked by standards.schema."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    number = models.PositiveIntegerField(_("version"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    content = models.JSONField(_("content"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("standard version")
        verbose_name_plural = _("standard versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="draft"),
                name="one_draft_standard",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="published_standard_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number} ({self.get_status_display()})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ConformanceResult(models.Model):
    """A school's last data-quality check against its adopted data dictionary: counts only."""

    school = models.OneToOneField(
        "tenants.School",
        on_delete=models.CASCADE,
        related_name="conformance",
        verbose_name=_("school"),
    )
    version = models.PositiveIntegerField(_("standard version"))
    checked_at = models.DateTimeField(_("checked at"))
    records = models.PositiveIntegerField(_("records checked"))
    failing = models.PositiveIntegerField(_("records failing"))
    # Percent of records passing every rule, one decimal (100.0 when there is no record).
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1)
    # {"pupil.national_id.pattern": 12, ...}: how many records fail each rule.
    per_rule_counts = models.JSONField(_("failures per rule"), default=dict)

    class Meta:
        verbose_name = _("conformance result")
        verbose_name_plural = _("conformance results")

    def __str__(self) -> str:
        return f"{self.school_id}: {self.score} %"
