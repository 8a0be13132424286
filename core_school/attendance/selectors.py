"""Reads on attendance, conduct and notes. Runs inside the current school's schema."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from core_school.academics.models import Enrolment, SchoolClass, SchoolYear, Term
from core_school.assessment.models import ConductGrade
from core_school.assessment.rules import AbsenceUnit
from core_school.attendance.models import (
    Absence,
    AttendanceRegister,
    BehaviourNote,
    LeaveRequest,
    Session,
)
from core_school.people import selectors as people_selectors
from core_school.people.access import Actor
from core_school.people.names import name_sort_key
from core_school.standard.selectors import rules_config


def absence_risk_threshold(limit: int) -> int:
    """Counted absences from which a pupil is at risk (the dashboard's list, the register's
    nudge): two thirds of the adopted standard's limit, 30 of the national 45 buổi."""
    return limit * 2 // 3


def counted_absences(*, unit: str, year: object, relation: str = "") -> Count:
    """The absences counted against the adopted standard's ``max_absences``, as an aggregate.

    DOMAIN.md §3.4: only absences (excused or not, never a late arrival) in sessions of the
    official plan (``counts_for_promotion``) count. ``absence_unit`` says what one counts:
    ``official_session`` counts each missed session; ``calendar_day`` counts each day with a
    missed session once (a morning and an afternoon missed on one day are one day). `relation`
    is the path from the queried model to Absence ("" when querying Absence itself, e.g.
    "pupil__absences" from Enrolment); `year` is a SchoolYear or its pk.
    """
    prefix = f"{relation}__" if relation else ""
    condition = Q(
        **{
            f"{prefix}register__school_class__school_year": year,
            f"{prefix}register__counts_for_promotion": True,
            f"{prefix}status__in": Absence.ABSENT,
        }
    )
    if unit == AbsenceUnit.CALENDAR_DAY:
        return Count(f"{prefix}register__date", distinct=True, filter=condition)
    return Count(relation or "pk", filter=condition)


@dataclass(frozen=True)
class RegisterRow:
    pupil_id: int
    name: str
    status: str  # "" = present
    reason: str
    absences_this_year: int  # in the adopted standard's absence_unit (sessions or days)
    at_risk: bool = False  # from two thirds of the standard's max_absences (30 of 45)


def class_list_for_registers(*, actor: Actor, year: SchoolYear) -> QuerySet[SchoolClass]:
    """The classes whose register the actor keeps, with whether today's morning is taken."""
    classes = SchoolClass.objects.filter(school_year=year).select_related("homeroom_teacher")
    if not actor.sees_whole_school:
        classes = classes.filter(pk__in=actor.homeroom_class_ids)
    today = timezone.localdate()
    return classes.annotate(
        taken_today=Count(
            "registers", filter=Q(registers__date=today, registers__session=Session.MORNING)
        )
    ).order_by("grade", "name")


def register_rows(
    *, school_class: SchoolClass, date: datetime.date, session: str
) -> tuple[AttendanceRegister | None, list[RegisterRow]]:
    """The register of a class for one session, one row per pupil in class-list order, with
    each pupil's absences of the year counted as the adopted standard says (one query)."""
    config = rules_config()
    register = (
        AttendanceRegister.objects.filter(school_class=school_class, date=date, session=session)
        .select_related("taken_by")
        .first()
    )
    marks = {a.pupil_id: a for a in Absence.objects.filter(register=register)} if register else {}
    totals = dict(
        Absence.objects.filter(
            register__school_class__school_year=school_class.school_year_id,
            register__counts_for_promotion=True,
            status__in=Absence.ABSENT,
            pupil__enrolments__school_class=school_class,
        )
        .values("pupil_id")
        # NOTE: distinct: the join on the pupil's enrolments may repeat an absence.
        .annotate(
            n=Count("register__date", distinct=True)
            if config.absence_unit == AbsenceUnit.CALENDAR_DAY
            else Count("pk", distinct=True)
        )
        .values_list("pupil_id", "n")
    )
    threshold = absence_risk_threshold(config.max_absences)
    pupils = list(
        Enrolment.objects.filter(school_class=school_class, ends_on__isnull=True).values_list(
            "pupil_id", "pupil__full_name"
        )
    )
    pupils.sort(key=lambda row: name_sort_key(row[1]))
    from core_school.attendance.services import approved_leave_on

    # Before the register is taken, pupils on approved leave show as excused.
    # NOTE: read every time (a fixed query count), used only while the register is not taken.
    leave = approved_leave_on(school_class=school_class, date=date)
    if register is not None:
        leave = {}
    rows = [
        RegisterRow(
            pupil_id=pupil_id,
            name=name,
            status=marks[pupil_id].status
            if pupil_id in marks
            else (Absence.Status.EXCUSED if pupil_id in leave else ""),
            reason=marks[pupil_id].reason if pupil_id in marks else leave.get(pupil_id, ""),
            absences_this_year=totals.get(pupil_id, 0),
            at_risk=totals.get(pupil_id, 0) >= threshold,
        )
        for pupil_id, name in pupils
    ]
    return register, rows


def classes_missing_register(
    *, actor: Actor, date: datetime.date, session: str = Session.MORNING
) -> list[SchoolClass]:
    """The actor's classes (homeroom, or all for the office) with no register for the session."""
    classes = SchoolClass.objects.filter(school_year__is_current=True)
    if not actor.sees_whole_school:
        classes = classes.filter(pk__in=actor.homeroom_class_ids)
    missing = list(
        classes.exclude(registers__date=date, registers__session=session).order_by("grade", "name")
    )
    # NOTE: queried every day (a fixed query count); Sunday has no school, so no nudge.
    return [] if date.weekday() == 6 else missing


def conduct_rows(*, school_class: SchoolClass, term: Term) -> list[dict[str, object]]:
    grades = {
        g.pupil_id: g
        for g in ConductGrade.objects.filter(
            term=term, pupil__enrolments__school_class=school_class
        )
    }
    pupils = list(
        Enrolment.objects.filter(school_class=school_class, ends_on__isnull=True).values_list(
            "pupil_id", "pupil__full_name"
        )
    )
    pupils.sort(key=lambda row: name_sort_key(row[1]))
    return [
        {
            "pupil_id": pupil_id,
            "name": name,
            "level": grades[pupil_id].level if pupil_id in grades else "",
            "comment": grades[pupil_id].comment if pupil_id in grades else "",
        }
        for pupil_id, name in pupils
    ]


def behaviour_note_list(*, school_class: SchoolClass) -> QuerySet[BehaviourNote]:
    return BehaviourNote.objects.filter(school_class=school_class).select_related(
        "pupil", "author"
    )[:100]


def attendance_register_list_for_actor(*, actor: Actor) -> QuerySet[AttendanceRegister]:
    """The registers the actor may see, each with its absences: every class's for the
    office, her homeroom classes' for a homeroom teacher (`actor.can_keep_register`)."""
    registers = AttendanceRegister.objects.all()
    if not actor.sees_whole_school:
        registers = registers.filter(school_class_id__in=actor.homeroom_class_ids)
    return (
        registers.select_related("school_class", "taken_by")
        .prefetch_related(
            Prefetch(
                "absences",
                queryset=Absence.objects.select_related("pupil").order_by("pupil__full_name", "pk"),
            )
        )
        .order_by("-date", "school_class__grade", "school_class__name", "session", "pk")
    )


def absence_list_for_actor(*, actor: Actor) -> QuerySet[Absence]:
    """The absences the actor may see: all for the office, her homeroom classes' for a
    homeroom teacher, a guardian's children's, a pupil's own."""
    absences = Absence.objects.all()
    if not actor.sees_whole_school:
        absences = absences.filter(
            Q(register__school_class_id__in=actor.homeroom_class_ids)
            | Q(pupil_id__in=people_selectors.family_pupil_ids(actor=actor))
        )
    return absences.select_related("register__school_class", "pupil").order_by(
        "-register__date",
        "register__session",
        "register__school_class__name",
        "pupil__full_name",
        "pk",
    )


def behaviour_note_list_for_actor(*, actor: Actor) -> QuerySet[BehaviourNote]:
    """The behaviour notes the actor may see: all for the office, those of the classes
    `actor.can_view_class` accepts for staff, a guardian's children's, a pupil's own."""
    notes = BehaviourNote.objects.all()
    if not actor.sees_whole_school:
        notes = notes.filter(
            Q(school_class_id__in=people_selectors.staff_class_ids(actor=actor))
            | Q(pupil_id__in=people_selectors.family_pupil_ids(actor=actor))
        )
    return notes.select_related("pupil", "school_class", "author").order_by("-created_at", "pk")


def leave_request_list_for_class(*, school_class: SchoolClass) -> QuerySet[LeaveRequest]:
    """Leave asked for the class's pupils, pending first."""
    return (
        LeaveRequest.objects.filter(
            pupil__enrolments__school_class=school_class, pupil__enrolments__ends_on__isnull=True
        )
        .select_related("pupil", "guardian", "decided_by")
        .order_by("-status", "-requested_at")[:100]
    )
