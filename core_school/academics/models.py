"""The school's academic frame: school years, terms, grade levels, classes and enrolment."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolYear(models.Model):
    """A school year (năm học), e.g. 2025-2026, with its dates as data (MOET sets them yearly)."""

    name = models.CharField(_("name"), max_length=9, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_current = models.BooleanField(_("current"), default=False)

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_school_year",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """A term (học kì I / II) of a school year."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["school_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "number"], name="unique_term")
        ]

    def __str__(self) -> str:
        return f"{self.school_year} · HK{self.number}"


class SchoolClass(models.Model):
    """A class (lớp), e.g. 6A1, of one grade level in one school year."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="classes")
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(6), MaxValueValidator(9)]
    )
    name = models.CharField(_("name"), max_length=20)
    homeroom_teacher = models.ForeignKey(
        "people.StaffMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="homeroom_classes",
        verbose_name=_("homeroom teacher (GVCN)"),
    )
    max_size = models.PositiveSmallIntegerField(_("maximum size"), default=45)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["school_year", "grade", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "name"], name="unique_class_name")
        ]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """A pupil's place in a class for a span of dates. A transfer ends one and starts another."""

    pupil = models.ForeignKey("people.Pupil", on_delete=models.PROTECT, related_name="enrolments")
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="enrolments"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["school_class", "pupil"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school_class"],
                condition=models.Q(ends_on__isnull=True),
                name="one_open_enrolment_per_class",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pupil} · {self.school_class}"


class Subject(models.Model):
    """A subject of the 2018 programme (môn học), as adopted by this school."""

    class Mode(models.TextChoices):
        SCORED = "scored", _("Comment and score")
        COMMENT = "comment", _("Comment only (Đạt / Chưa đạt)")

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=20)
    mode = models.CharField(_("assessment mode"), max_length=10, choices=Mode.choices)
    is_elective = models.BooleanField(_("elective"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_scored(self) -> bool:
        return self.mode == self.Mode.SCORED


class SubjectGradePlan(models.Model):
    """Periods per year of a subject in one grade; it fixes the number of regular marks."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="grade_plans")
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(6), MaxValueValidator(9)]
    )
    periods_per_year = models.PositiveSmallIntegerField(_("periods per year"))

    class Meta:
        verbose_name = _("subject plan for a grade")
        verbose_name_plural = _("subject plans for grades")
        ordering = ["subject", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "grade"], name="unique_subject_grade_plan")
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.grade}: {self.periods_per_year}"


class TeachingAssignment(models.Model):
    """Who teaches a subject to a class (phân công giảng dạy); the year is the class's."""

    teacher = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, related_name="teaching_assignments"
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="teaching_assignments"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        ordering = ["school_class", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "subject", "teacher"], name="unique_teaching_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.subject} · {self.school_class}"


class TimetableSlot(models.Model):
    """One period of a class's weekly timetable (thời khoá biểu)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")
        SATURDAY = 6, _("Saturday")

    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    period = models.PositiveSmallIntegerField(
        _("period"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    assignment = models.ForeignKey(
        TeachingAssignment, on_delete=models.CASCADE, related_name="slots"
    )

    class Meta:
        verbose_name = _("timetable slot")
        verbose_name_plural = _("timetable slots")
        ordering = ["school_class", "weekday", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "weekday", "period"], name="unique_class_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.get_weekday_display()} · {self.period}"
