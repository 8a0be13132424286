"""The class logbook (sổ đầu bài), teaching plans and staff tasks of a school."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlannedLesson(models.Model):
    """A lesson of a subject's teaching plan for a grade, in order, with its week."""

    subject = models.ForeignKey("academics.Subject", on_delete=models.CASCADE, related_name="+")
    grade = models.PositiveSmallIntegerField(_("grade"))
    number = models.PositiveSmallIntegerField(_("lesson number"))
    week = models.PositiveSmallIntegerField(_("week"))
    title = models.CharField(_("title"), max_length=255)

    class Meta:
        verbose_name = _("planned lesson")
        verbose_name_plural = _("planned lessons")
        ordering = ["subject", "grade", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "grade", "number"], name="unique_planned_lesson"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class LogbookEntry(models.Model):
    """What was taught in one period of a class's timetable, who was absent, and a remark."""

    school_class = models.ForeignKey(
        "academics.SchoolClass", on_delete=models.CASCADE, related_name="logbook_entries"
    )
    date = models.DateField(_("date"))
    period = models.PositiveSmallIntegerField(_("period"))
    assignment = models.ForeignKey(
        "academics.TeachingAssignment", on_delete=models.PROTECT, related_name="+"
    )
    lesson = models.ForeignKey(
        PlannedLesson, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lesson_title = models.CharField(_("lesson"), max_length=255)
    absent_pupils = models.ManyToManyField("people.Pupil", blank=True, related_name="+")
    remark = models.CharField(_("remark"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        ordering = ["-date", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "date", "period"], name="unique_logbook_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.date:%d/%m/%Y} · {self.period}"


class StaffTask(models.Model):
    """An administrative task given to a member of staff (e.g. enter mid-term marks for 7A3)."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    assignee = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="tasks"
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey("people.StaffMember", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("staff task")
        verbose_name_plural = _("staff tasks")
        ordering = ["status", "due_on"]

    def __str__(self) -> str:
        return self.title
