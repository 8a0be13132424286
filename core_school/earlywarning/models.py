"""Early-warning flags of a school: a pupil a rule of the adopted standard picked out, the
reason in words, and how the homeroom teacher (GVCN) followed it up."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rule(models.TextChoices):
    """The rules the platform evaluates (standards.schema.EARLY_WARNING_PARAMETERS)."""

    ABSENCES = "absences_14d", _("Unexcused absences")
    SUBJECT_DROP = "subject_drop", _("Drop in a subject average")
    CONDUCT_NOTES = "conduct_notes", _("Conduct incidents")


class EarlyWarningFlag(models.Model):
    """One pupil flagged by one rule. At most one flag per pupil and rule is open; it is
    resolved by the homeroom teacher (with a note: the intervention and its outcome) or
    automatically when the rule no longer picks the pupil out."""

    class Resolution(models.TextChoices):
        TEACHER = "teacher", _("By the homeroom teacher")
        AUTOMATIC = "automatic", _("Automatically: the condition no longer holds")

    pupil = models.ForeignKey(
        "people.Pupil", on_delete=models.CASCADE, related_name="early_warnings"
    )
    school_class = models.ForeignKey(
        "academics.SchoolClass", on_delete=models.CASCADE, related_name="early_warnings"
    )
    # The homeroom teacher the flag went to (the class's when it was raised).
    homeroom_teacher = models.ForeignKey(
        "people.StaffMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("homeroom teacher (GVCN)"),
    )
    rule = models.CharField(_("rule"), max_length=16, choices=Rule.choices)
    # The rule as evaluated (its parameters in the adopted standard) and that standard's version.
    parameters = models.JSONField(_("parameters"), default=dict)
    standard_version = models.PositiveIntegerField(_("standard version"), null=True, blank=True)
    # What the rule found (dates, subjects, averages, term): the reason's facts.
    evidence = models.JSONField(_("evidence"), default=dict)
    reason = models.CharField(_("reason"), max_length=500)
    raised_at = models.DateTimeField(_("raised at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=10, choices=Resolution.choices, blank=True
    )
    resolution_note = models.TextField(_("what was done and the outcome"), blank=True)
    resolved_by = models.ForeignKey(
        "people.StaffMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("early-warning flag")
        verbose_name_plural = _("early-warning flags")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "rule"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_flag_per_pupil_and_rule",
            ),
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True, resolution="")
                | models.Q(resolved_at__isnull=False) & ~models.Q(resolution=""),
                name="flag_resolved_has_resolution",
            ),
        ]
        indexes = [
            models.Index(fields=["school_class", "resolved_at"], name="flag_class_open"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.rule} {self.raised_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
