"""Write-side attendance, conduct and behaviour notes. Runs inside the current school's schema.

One transaction per action; bad input raises ApplicationError naming the pupil and field, and
nothing is written. Changes to absences and conduct are recorded by pghistory triggers.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

import pghistory
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass, Term
from core_school.assessment.models import ConductGrade, Level
from core_school.attendance.models import (
    Absence,
    AttendanceRegister,
    BehaviourNote,
    LeaveRequest,
    Session,
)
from core_school.notifications import events
from core_school.people.access import Actor
from core_school.people.models import Guardian


class AttendancePermissionError(ApplicationError):
    """The acting person does not keep this class's register or conduct."""

    status_code = 403


@dataclass(frozen=True)
class AbsenceEntry:
    pupil_id: int
    status: str  # Absence.Status value
    reason: str = ""


@dataclass(frozen=True)
class ConductEntry:
    pupil_id: int
    level: str  # Level value, or "" to clear
    comment: str = ""


def _class_pupils(school_class: SchoolClass) -> dict[int, str]:
    return dict(
        Enrolment.objects.filter(school_class=school_class, ends_on__isnull=True).values_list(
            "pupil_id", "pupil__full_name"
        )
    )


@transaction.atomic(durable=True)
def register_take(
    *,
    school_class: SchoolClass,
    date: datetime.date,
    session: str,
    absences: Sequence[AbsenceEntry],
    actor: Actor,
) -> AttendanceRegister:
    """Record a class's attendance for one session: everyone not listed is present.

    Taking the register again replaces the previous marks. Raises ApplicationError for a date
    in the future or outside the school year, a pupil not in the class, or an unknown status.
    """
    if not actor.can_keep_register(school_class.pk):
        raise AttendancePermissionError(
            _("Only the homeroom teacher of %(class)s takes its register.")
            % {"class": school_class.name}
        )
    year = school_class.school_year
    if date > timezone.localdate():
        raise ApplicationError(_("Attendance cannot be taken for a future day."), {"field": "date"})
    if not year.starts_on <= date <= year.ends_on:
        raise ApplicationError(
            _("%(date)s is outside the school year %(year)s.")
            % {"date": date.strftime("%d/%m/%Y"), "year": year.name},
            {"field": "date"},
        )
    if session not in Session.values:
        raise ApplicationError(_("Unknown session “%(s)s”.") % {"s": session}, {"field": "session"})
    pupils = _class_pupils(school_class)
    errors = []
    for entry in absences:
        if entry.pupil_id not in pupils:
            errors.append(
                {
                    "pupil_id": entry.pupil_id,
                    "field": "pupil",
                    "message": _("Pupil %(id)s is not in class %(class)s.")
                    % {"id": entry.pupil_id, "class": school_class.name},
                }
            )
        elif entry.status not in Absence.Status.values:
            errors.append(
                {
                    "pupil_id": entry.pupil_id,
                    "field": "status",
                    "message": _("%(pupil)s: “%(status)s” is not an attendance status.")
                    % {"pupil": pupils[entry.pupil_id], "status": entry.status},
                }
            )
    if errors:
        raise ApplicationError(errors[0]["message"], {"errors": errors})

    register, _created = AttendanceRegister.objects.update_or_create(
        school_class=school_class,
        date=date,
        session=session,
        defaults={"taken_by": actor.staff},
    )
    wanted = {entry.pupil_id: entry for entry in absences}
    # Approved leave: those pupils are excused unless the teacher marked them otherwise.
    for pupil_id, reason in approved_leave_on(school_class=school_class, date=date).items():
        wanted.setdefault(pupil_id, AbsenceEntry(pupil_id, Absence.Status.EXCUSED, reason))
    existing = {a.pupil_id: a for a in Absence.objects.filter(register=register)}
    with pghistory.context(user=actor.user.pk, reason="attendance"):
        gone = [a.pk for pupil_id, a in existing.items() if pupil_id not in wanted]
        if gone:
            Absence.objects.filter(pk__in=gone).delete()
        to_create, to_update = [], []
        for pupil_id, entry in wanted.items():
            absence = existing.get(pupil_id)
            if absence is None:
                to_create.append(
                    Absence(
                        register=register,
                        pupil_id=pupil_id,
                        status=entry.status,
                        reason=entry.reason.strip(),
                    )
                )
            elif (absence.status, absence.reason) != (entry.status, entry.reason.strip()):
                absence.status, absence.reason = entry.status, entry.reason.strip()
                to_update.append(absence)
        Absence.objects.bulk_create(to_create)
        Absence.objects.bulk_update(to_update, ["status", "reason"])
    if date == timezone.localdate():
        # The same-day alert, for pupils newly marked absent or late (or marked differently).
        with translation.override(settings.LANGUAGE_CODE):
            events.absences_recorded(
                register=register,
                absences=[
                    (a.pupil_id, a.get_status_display(), a.reason) for a in to_create + to_update
                ],
            )
    return register


@transaction.atomic(durable=True)
def conduct_set(
    *, school_class: SchoolClass, term: Term, grades: Sequence[ConductEntry], actor: Actor
) -> int:
    """Record the term conduct (kết quả rèn luyện) of a class's pupils; returns how many.

    The homeroom teacher judges it (TT22 Art. 8); a closed term refuses changes.
    """
    if not actor.can_keep_register(school_class.pk):
        raise AttendancePermissionError(
            _("Only the homeroom teacher of %(class)s records its conduct.")
            % {"class": school_class.name}
        )
    if term.is_closed:
        raise ApplicationError(_("Term %(term)s is closed.") % {"term": term})
    if term.school_year_id != school_class.school_year_id:
        raise ApplicationError(_("This term is not in the class's school year."))
    pupils = _class_pupils(school_class)
    errors = [
        {
            "pupil_id": g.pupil_id,
            "field": "level",
            "message": _("%(pupil)s: “%(level)s” is not a conduct level.")
            % {"pupil": pupils.get(g.pupil_id, g.pupil_id), "level": g.level},
        }
        for g in grades
        if g.pupil_id not in pupils or (g.level and g.level not in Level.values)
    ]
    if errors:
        raise ApplicationError(errors[0]["message"], {"errors": errors})
    existing = {
        c.pupil_id: c for c in ConductGrade.objects.filter(term=term, pupil_id__in=list(pupils))
    }
    to_create, to_update, to_delete = [], [], []
    for entry in grades:
        grade = existing.get(entry.pupil_id)
        if not entry.level:
            if grade:
                to_delete.append(grade.pk)
        elif grade is None:
            to_create.append(
                ConductGrade(
                    pupil_id=entry.pupil_id,
                    school_year=term.school_year,
                    term=term,
                    level=entry.level,
                    comment=entry.comment.strip(),
                    entered_by=actor.staff,
                )
            )
        elif (grade.level, grade.comment) != (entry.level, entry.comment.strip()):
            grade.level, grade.comment, grade.entered_by = (
                entry.level,
                entry.comment.strip(),
                actor.staff,
            )
            to_update.append(grade)
    with pghistory.context(user=actor.user.pk, reason="conduct"):
        ConductGrade.objects.filter(pk__in=to_delete).delete()
        ConductGrade.objects.bulk_create(to_create)
        ConductGrade.objects.bulk_update(to_update, ["level", "comment", "entered_by"])
    return len(to_create) + len(to_update)


@transaction.atomic(durable=True)
def behaviour_note_create(
    *, school_class: SchoolClass, pupil_id: int, kind: str, text: str, actor: Actor
) -> BehaviourNote:
    """Note praise or an incident for a pupil; any teacher of the class may."""
    if not actor.can_view_class(school_class.pk):
        raise AttendancePermissionError(
            _("Only a teacher of %(class)s writes its notes.") % {"class": school_class.name}
        )
    if pupil_id not in _class_pupils(school_class):
        raise ApplicationError(
            _("This pupil is not in class %(class)s.") % {"class": school_class.name},
            {"field": "pupil"},
        )
    if kind not in BehaviourNote.Kind.values:
        raise ApplicationError(_("Choose praise or incident."), {"field": "kind"})
    if not text.strip():
        raise ApplicationError(_("Write the note."), {"field": "text"})
    note = BehaviourNote.objects.create(
        pupil_id=pupil_id,
        school_class=school_class,
        kind=kind,
        text=text.strip(),
        author=actor.staff,
    )
    events.behaviour_noted(note=note)
    return note


LEAVE_REASON_PREFIX = "Nghỉ có phép"
MAX_LEAVE_DAYS = 30


def approved_leave_on(*, school_class: SchoolClass, date: datetime.date) -> dict[int, str]:
    """Pupils of the class with approved leave covering `date`, and the reason to record."""
    return {
        pupil_id: f"{LEAVE_REASON_PREFIX}: {reason}"
        for pupil_id, reason in LeaveRequest.objects.filter(
            status=LeaveRequest.Status.APPROVED,
            first_day__lte=date,
            last_day__gte=date,
            pupil__enrolments__school_class=school_class,
            pupil__enrolments__ends_on__isnull=True,
        ).values_list("pupil_id", "reason")
    }


@transaction.atomic(durable=True)
def leave_request_create(
    *, user: object, pupil_id: int, first_day: datetime.date, last_day: datetime.date, reason: str
) -> LeaveRequest:
    """A guardian asks for days off for their child, with a reason.

    Raises ApplicationError when the user is not the child's guardian, the days are in the
    wrong order, span more than 30 days, start more than two weeks ago, or lack a reason.
    """
    guardian = Guardian.objects.filter(user=user, guardianships__pupil_id=pupil_id).first()
    if guardian is None:
        raise AttendancePermissionError(_("Only the child's guardians ask for leave."))
    if last_day < first_day:
        raise ApplicationError(_("The last day comes before the first day."), {"field": "last_day"})
    if (last_day - first_day).days >= MAX_LEAVE_DAYS:
        raise ApplicationError(
            _("Ask for at most %(n)s days at a time.") % {"n": MAX_LEAVE_DAYS},
            {"field": "last_day"},
        )
    if first_day < timezone.localdate() - datetime.timedelta(days=14):
        raise ApplicationError(
            _("Leave can be asked at most two weeks after the first day."), {"field": "first_day"}
        )
    if not reason.strip():
        raise ApplicationError(_("Give the reason."), {"field": "reason"})
    leave = LeaveRequest.objects.create(
        pupil_id=pupil_id,
        guardian=guardian,
        first_day=first_day,
        last_day=last_day,
        reason=reason.strip(),
    )
    events.leave_requested(leave=leave)
    return leave


@transaction.atomic(durable=True)
def leave_request_decide(
    *, leave: LeaveRequest, approve: bool, note: str, actor: Actor
) -> LeaveRequest:
    """The homeroom teacher (or the office) approves or declines a leave request. Approval
    turns the pupil's absences already recorded on those days into excused absences; registers
    taken later mark the pupil excused by themselves."""
    leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
    enrolment = (
        Enrolment.objects.filter(pupil_id=leave.pupil_id, ends_on__isnull=True)
        .select_related("school_class")
        .first()
    )
    if enrolment is None or not actor.can_keep_register(enrolment.school_class_id):
        raise AttendancePermissionError(_("Only the pupil's homeroom teacher decides leave."))
    if leave.status != LeaveRequest.Status.PENDING:
        raise ApplicationError(_("This request was already decided."))
    leave.status = LeaveRequest.Status.APPROVED if approve else LeaveRequest.Status.DECLINED
    leave.decided_by = actor.staff
    leave.decided_at = timezone.now()
    leave.decision_note = note.strip()
    leave.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if approve:
        reason = f"{LEAVE_REASON_PREFIX}: {leave.reason}"
        with pghistory.context(user=actor.user.pk, reason="leave approved"):
            Absence.objects.filter(
                pupil_id=leave.pupil_id,
                register__date__range=(leave.first_day, leave.last_day),
                status__in=[Absence.Status.UNEXCUSED, Absence.Status.EXCUSED],
            ).update(status=Absence.Status.EXCUSED, reason=reason)
    events.leave_decided(leave=leave)
    return leave
