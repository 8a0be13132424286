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
