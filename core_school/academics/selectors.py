"""Reads on classes, enrolment and timetables. Runs inside the current school's schema."""

from django.db.models import Count, Q, QuerySet

from core_school.academics.models import Enrolment, SchoolClass, SchoolYear, TimetableSlot
from core_school.people.access import Actor
from core_school.people.names import name_sort_key

PERIODS = range(1, 9)
WEEKDAYS = range(1, 7)


def class_list_for_actor(*, actor: Actor, year: SchoolYear) -> QuerySet[SchoolClass]:
    """The year's classes the actor may see, with their current size."""
    classes = SchoolClass.objects.filter(school_year=year).select_related("homeroom_teacher")
    if not actor.sees_whole_school:
        visible = set(actor.homeroom_class_ids) | {class_id for class_id, _ in actor.teaches}
        classes = classes.filter(pk__in=visible)
    return classes.annotate(
        size=Count("enrolments", filter=Q(enrolments__ends_on__isnull=True))
    ).order_by("grade", "name")


def class_pupils(*, school_class: SchoolClass) -> list[Enrolment]:
    """Current and past members of a class (a transfer shows as an ended enrolment)."""
    enrolments = list(Enrolment.objects.filter(school_class=school_class).select_related("pupil"))
    enrolments.sort(key=lambda e: (e.ends_on is not None, name_sort_key(e.pupil.full_name)))
    return enrolments


def timetable_grid(slots: list[TimetableSlot]) -> list[tuple[int, list[TimetableSlot | None]]]:
    """Rows of periods, columns Monday–Saturday."""
    by_cell = {(s.period, s.weekday): s for s in slots}
    last = max([s.period for s in slots], default=5)
    return [
        (period, [by_cell.get((period, day)) for day in WEEKDAYS])
        for period in range(1, max(last, 5) + 1)
    ]


def class_timetable(*, school_class: SchoolClass) -> list[tuple[int, list[TimetableSlot | None]]]:
    slots = list(
        TimetableSlot.objects.filter(school_class=school_class).select_related(
            "assignment__subject", "assignment__teacher"
        )
    )
    return timetable_grid(slots)


def teacher_timetable(*, staff_id: int) -> list[tuple[int, list[TimetableSlot | None]]]:
    slots = list(
        TimetableSlot.objects.filter(
            assignment__teacher_id=staff_id, school_class__school_year__is_current=True
        ).select_related("assignment__subject", "school_class")
    )
    return timetable_grid(slots)
