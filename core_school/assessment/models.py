"""Marks, computed results, conduct and year outcomes of a school (Circular 22)."""

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """A learning or conduct level (mức đánh giá), best first."""

    TOT = "tot", _("Good (Tốt)")
    KHA = "kha", _("Fairly good (Khá)")
    DAT = "dat", _("Pass (Đạt)")
    CHUA_DAT = "chua_dat", _("Not yet pass (Chưa đạt)")


class MarkSheet(models.Model):
    """The marks of one class in one subject for one term (sổ điểm)."""

    school_class = models.ForeignKey(
        "academics.SchoolClass", on_delete=models.CASCADE, related_name="mark_sheets"
    )
    subject = models.ForeignKey(
        "academics.Subject", on_delete=models.PROTECT, related_name="mark_sheets"
    )
    term = models.ForeignKey("academics.Term", on_delete=models.PROTECT, related_name="mark_sheets")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mark sheet")
        verbose_name_plural = _("mark sheets")
        ordering = ["term", "school_class", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "subject", "term"], name="unique_mark_sheet"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.subject} · HK{self.term.number}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="MarkEvent",
)
class Mark(models.Model):
    """One recorded assessment of one pupil: a regular (ĐĐGtx), mid-term (ĐĐGgk) or
    end-of-term (ĐĐGck) result. Scored subjects carry `score`, comment-only ones `passed`."""

    class Kind(models.TextChoices):
        REGULAR = "tx", _("Regular")
        MIDTERM = "gk", _("Mid-term")
        FINAL = "ck", _("End-of-term")

    sheet = models.ForeignKey(MarkSheet, on_delete=models.CASCADE, related_name="marks")
    pupil = models.ForeignKey("people.Pupil", on_delete=models.PROTECT, related_name="marks")
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    index = models.PositiveSmallIntegerField(
        _("number"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    score = models.DecimalField(
        _("score"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    passed = models.BooleanField(_("pass (Đạt)"), null=True, blank=True)
    # When the cell was filled (clearing a cell deletes its mark, so a stored mark was filled
    # at this time): the pilot's timeliness and completeness read it (core_school.figures.pilot).
    created_at = models.DateTimeField(_("entered at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "pupil", "kind", "index"], name="unique_mark_slot"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=10) | models.Q(score__isnull=True),
                name="mark_score_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        value = self.score if self.score is not None else self.passed
        return f"{self.pupil_id} {self.kind}{self.index}={value}"

    @property
    def column(self) -> str:
        """The gradebook column: tx1…tx4, gk, ck."""
        return f"tx{self.index}" if self.kind == self.Kind.REGULAR else self.kind


class CorrectionRequest(models.Model):
    """A change to a mark of a closed term, asked with a reason and decided by the principal."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    sheet = models.ForeignKey(MarkSheet, on_delete=models.CASCADE, related_name="corrections")
    pupil = models.ForeignKey("people.Pupil", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=2, choices=Mark.Kind.choices)
    index = models.PositiveSmallIntegerField(_("number"), default=1)
    old_value = models.CharField(_("old value"), max_length=8, blank=True)
    new_value = models.CharField(_("new value"), max_length=8)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.sheet} · {self.pupil_id} {self.kind}{self.index}: {self.new_value}"


class SubjectResult(models.Model):
    """A pupil's computed result in one subject for a term (ĐTBmhk) or the year (ĐTBmcn, term
    empty). Scored subjects carry `average`, comment-only ones `passed`."""

    pupil = models.ForeignKey(
        "people.Pupil", on_delete=models.CASCADE, related_name="subject_results"
    )
    subject = models.ForeignKey("academics.Subject", on_delete=models.PROTECT, related_name="+")
    school_year = models.ForeignKey(
        "academics.SchoolYear", on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(
        "academics.Term", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    average = models.DecimalField(_("average"), max_digits=3, decimal_places=1, null=True)
    passed = models.BooleanField(_("pass (Đạt)"), null=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("subject result")
        verbose_name_plural = _("subject results")
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "subject", "school_year", "term"],
                name="unique_subject_result",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.subject_id}: {self.average or self.passed}"


class LearningResult(models.Model):
    """A pupil's learning level (kết quả học tập) for a term or the year (term empty)."""

    pupil = models.ForeignKey(
        "people.Pupil", on_delete=models.CASCADE, related_name="learning_results"
    )
    school_year = models.ForeignKey(
        "academics.SchoolYear", on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(
        "academics.Term", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    computed_level = models.CharField(_("computed level"), max_length=10, choices=Level.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    # The one subject that triggered the adjustment rule (TT22 Art. 9 cl. 3), if any.
    adjusted_for = models.CharField(_("adjusted for subject"), max_length=16, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learning result")
        verbose_name_plural = _("learning results")
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school_year", "term"],
                name="unique_learning_result",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id}: {self.level}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="ConductGradeEvent",
)
class ConductGrade(models.Model):
    """A pupil's conduct (kết quả rèn luyện) for a term, judged by the homeroom teacher, or for
    the year (term empty): computed from the terms, or re-evaluated after summer training."""

    pupil = models.ForeignKey(
        "people.Pupil", on_delete=models.CASCADE, related_name="conduct_grades"
    )
    school_year = models.ForeignKey(
        "academics.SchoolYear", on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(
        "academics.Term", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    comment = models.CharField(_("comment"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("conduct grade")
        verbose_name_plural = _("conduct grades")
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school_year", "term"],
                name="unique_conduct_grade",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id}: {self.level}"


class YearOutcome(models.Model):
    """The year-end decision for a pupil (TT22 Art. 12–14), versioned by stage."""

    class Decision(models.TextChoices):
        PROMOTED = "promoted", _("Promoted (lên lớp)")
        REASSESS = "reassess", _("Summer re-assessment (kiểm tra lại)")
        SUMMER_TRAINING = "summer_training", _("Summer conduct training (rèn luyện hè)")
        RETAINED = "retained", _("Retained (ở lại lớp)")
        MANUAL = "manual", _("Decided by the principal")

    class Stage(models.TextChoices):
        INITIAL = "initial", _("End of year")
        AFTER_SUMMER = "after_summer", _("After the summer")

    class Award(models.TextChoices):
        XUAT_SAC = "xuat_sac", _("Excellent pupil (Học sinh Xuất sắc)")
        GIOI = "gioi", _("Good pupil (Học sinh Giỏi)")

    pupil = models.ForeignKey("people.Pupil", on_delete=models.CASCADE, related_name="outcomes")
    school_year = models.ForeignKey(
        "academics.SchoolYear", on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reassess_subjects = models.JSONField(_("subjects to re-assess"), default=list, blank=True)
    award = models.CharField(_("award"), max_length=10, choices=Award.choices, blank=True)
    absences = models.PositiveSmallIntegerField(_("absences"), default=0)
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("year outcome")
        verbose_name_plural = _("year outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school_year", "stage"], name="unique_year_outcome"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id}: {self.decision}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="ReassessmentEvent")
class Reassessment(models.Model):
    """A summer re-assessment result (kiểm tra lại); it replaces the subject's year result."""

    pupil = models.ForeignKey("people.Pupil", on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(
        "academics.SchoolYear", on_delete=models.PROTECT, related_name="+"
    )
    subject = models.ForeignKey("academics.Subject", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=1, null=True)
    passed = models.BooleanField(_("pass (Đạt)"), null=True)
    entered_by = models.ForeignKey("people.StaffMember", on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("re-assessment")
        verbose_name_plural = _("re-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school_year", "subject"], name="unique_reassessment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.subject_id}: {self.score or self.passed}"
