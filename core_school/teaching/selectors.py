"""Reads on the logbook and staff tasks. Runs inside the current school's schema."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Prefetch, QuerySet

from core_school.academics.models import SchoolClass, TimetableSlot
from core_school.people import selectors as people_selectors
from core_school.people.access import Actor
from core_school.people.models import Pupil
from core_school.teaching.models import LogbookEntry, PlannedLesson, StaffTask


@dataclass(frozen=True)
class LogbookCell:
    date: datetime.date
    slot: TimetableSlot
    entry: LogbookEntry | None
    suggested: PlannedLesson | None


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def logbook_week(
    *, school_class: SchoolClass, monday: datetime.date
) -> list[tuple[datetime.date, list[LogbookCell]]]:
    """A class's timetabled periods of one week, each with its entry or a suggested lesson."""
    days = [monday + datetime.timedelta(days=i) for i in range(6)]
    slots = list(
        TimetableSlot.objects.filter(school_class=school_class)
        .select_related("assignment__subject", "assignment__teacher")
        .order_by("weekday", "period")
    )
    entries = {
        (e.date, e.period): e
        for e in LogbookEntry.objects.filter(
            school_class=school_class, date__range=(days[0], days[-1])
        ).prefetch_related("absent_pupils")
    }
    taught = dict(
        LogbookEntry.objects.filter(school_class=school_class, lesson__isnull=False)
        .values("assignment__subject_id")
        .annotate(last=Max("lesson__number"))
        .values_list("assignment__subject_id", "last")
    )
    plan = {
        (lesson.subject_id, lesson.number): lesson
        for lesson in PlannedLesson.objects.filter(grade=school_class.grade)
    }
    week = []
    for day in days:
        cells = [
            LogbookCell(
                date=day,
                slot=slot,
                entry=entries.get((day, slot.period)),
                suggested=plan.get(
                    (slot.assignment.subject_id, taught.get(slot.assignment.subject_id, 0) + 1)
                ),
            )
            for slot in slots
            if slot.weekday == day.isoweekday()
        ]
        week.append((day, cells))
    return week


def logbook_missing(
    *, first: datetime.date, last: datetime.date
) -> list[tuple[datetime.date, TimetableSlot]]:
    """Every timetabled period from `first` to `last` with no logbook entry, for the principal."""
    slots = list(
        TimetableSlot.objects.filter(school_class__school_year__is_current=True).select_related(
            "school_class", "assignment__subject", "assignment__teacher"
        )
    )
    recorded = set(
        LogbookEntry.objects.filter(date__range=(first, last)).values_list(
            "school_class_id", "date", "period"
        )
    )
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    missing = [
        (day, slot)
        for day in days
        for slot in slots
        if slot.weekday == day.isoweekday()
        and (slot.school_class_id, day, slot.period) not in recorded
    ]
    missing.sort(key=lambda item: (item[0], item[1].school_class.name, item[1].period))
    return missing


def task_list_for_actor(*, actor: Actor) -> QuerySet[StaffTask]:
    tasks = StaffTask.objects.select_related("assignee", "created_by")
    if not actor.sees_whole_school:
        tasks = tasks.filter(assignee=actor.staff)
    return tasks.order_by("status", "due_on")


def logbook_entry_list_for_actor(*, actor: Actor) -> QuerySet[LogbookEntry]:
    """The logbook entries the actor may see: all for the office, those of the classes
    `actor.can_view_class` accepts for other staff."""
    entries = LogbookEntry.objects.all()
    if not actor.sees_whole_school:
        entries = entries.filter(school_class_id__in=people_selectors.staff_class_ids(actor=actor))
    return (
        entries.select_related(
            "school_class", "assignment__subject", "assignment__teacher", "recorded_by"
        )
        .prefetch_related(
            Prefetch("absent_pupils", queryset=Pupil.objects.order_by("full_name", "pk"))
        )
        .order_by("-date", "school_class__grade", "school_class__name", "period", "pk")
    )


def staff_task_list_for_actor(*, actor: Actor) -> QuerySet[StaffTask]:
    """The tasks of `task_list_for_actor` (all for the office, one's own for other staff), in
    a stable order for paging."""
    return task_list_for_actor(actor=actor).order_by("status", "due_on", "pk")
