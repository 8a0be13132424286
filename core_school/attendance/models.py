"""Attendance per session and behaviour notes of a school."""

import pghistory
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Session(models.TextChoices):
    MORNING = "am", _("Morning")
    AFTERNOON = "pm", _("Afternoon")


class AttendanceRegister(models.Model):
    """The attendance of one class for one session of one day, taken by a teacher.

    Everyone not marked is present; a register that does not exist was not taken yet.
    """

    school_class = models.ForeignKey(
        "academics.SchoolClass", on_delete=models.CASCADE, related_name="registers"
    )
    date = models.DateField(_("date"))
    session = models.CharField(_("session"), max_length=2, choices=Session.choices)
    # Whether this session belongs to the official one-session-a-day plan: only those count
    # toward the 45-session limit (DOMAIN.md §3.4, absence_unit = OFFICIAL_SESSION).
    counts_for_promotion = models.BooleanField(_("counts for promotion"), default=True)
    taken_by = models.ForeignKey("people.StaffMember", on_delete=models.PROTECT, related_name="+")
    # The last time the register was saved: every correction moves it.
    taken_at = models.DateTimeField(auto_now=True)
    # When the register was first taken, never moved by a later correction: whether the
    # register was on time (the standard's deadlines; core_school.figures.pilot) reads this.
    first_taken_at = models.DateTimeField(_("first taken at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attendance register")
        verbose_name_plural = _("attendance registers")
        ordering = ["-date", "school_class", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "date", "session"], name="unique_register"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.date:%d/%m/%Y} · {self.session}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="AbsenceEvent",
)
class Absence(models.Model):
    """A pupil not present (or late) in a register's session."""

    class Status(models.TextChoices):
        EXCUSED = "excused", _("Absent, excused")
        UNEXCUSED = "unexcused", _("Absent, unexcused")
        LATE = "late", _("Late")

    ABSENT = (Status.EXCUSED, Status.UNEXCUSED)

    register = models.ForeignKey(
        AttendanceRegister, on_delete=models.CASCADE, related_name="absences"
    )
    pupil = models.ForeignKey("people.Pupil", on_delete=models.PROTECT, related_name="absences")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [models.UniqueConstraint(fields=["register", "pupil"], name="unique_absence")]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.status} · {self.register}"


class BehaviourNote(models.Model):
    """Praise or an incident noted by a teacher of the pupil's class."""

    class Kind(models.TextChoices):
        PRAISE = "praise", _("Praise")
        INCIDENT = "incident", _("Incident")

    pupil = models.ForeignKey(
        "people.Pupil", on_delete=models.CASCADE, related_name="behaviour_notes"
    )
    school_class = models.ForeignKey(
        "academics.SchoolClass", on_delete=models.CASCADE, related_name="behaviour_notes"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("note"))
    author = models.ForeignKey("people.StaffMember", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("behaviour note")
        verbose_name_plural = _("behaviour notes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.kind}"


class LeaveRequest(models.Model):
    """A guardian asks for days off for a child; the homeroom teacher decides. Approved leave
    makes the pupil's absences on those days excused, in registers taken before or after."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the homeroom teacher")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    pupil = models.ForeignKey(
        "people.Pupil", on_delete=models.CASCADE, related_name="leave_requests"
    )
    guardian = models.ForeignKey("people.Guardian", on_delete=models.CASCADE, related_name="+")
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.first_day}–{self.last_day} {self.status}"
