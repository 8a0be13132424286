"""Reads on classes, enrolment and timetables. Runs inside the current school's schema."""

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from core_school.academics.models import (
    Enrolment,
    SchoolClass,
    SchoolYear,
    Subject,
    SubjectGradePlan,
    TeachingAssignment,
    Term,
    TimetableSlot,
)
from core_school.people import selectors as people_selectors
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


# ---------------------------------------------------------------------------------------------
# The API's reads (core_school/academics/api): narrowed to the actor, paged by the caller.
# ---------------------------------------------------------------------------------------------


def class_scope(*, actor: Actor, field: str = "pk") -> Q:
    """The classes the actor may open, as a filter on `field` (a class id or a FK to one).

    Everything for the office; for staff the classes `actor.can_view_class` accepts; for a
    guardian or a pupil the classes their children (or they) are or were enrolled in.
    """
    if actor.sees_whole_school:
        return Q()
    family_classes = Enrolment.objects.filter(
        pupil_id__in=people_selectors.family_pupil_ids(actor=actor)
    ).values("school_class_id")
    return Q(**{f"{field}__in": people_selectors.staff_class_ids(actor=actor)}) | Q(
        **{f"{field}__in": family_classes}
    )


def pupil_enrolled_in(*, class_ids: Iterable[int]) -> Exists:
    """A filter for rows about a pupil in a school year (results, conduct, outcomes): whether
    that pupil was enrolled in one of `class_ids` in that year."""
    return Exists(
        Enrolment.objects.filter(
            pupil_id=OuterRef("pupil_id"),
            school_class_id__in=list(class_ids),
            school_class__school_year_id=OuterRef("school_year_id"),
        )
    )


def school_year_list() -> QuerySet[SchoolYear]:
    """Every school year, the latest first."""
    return SchoolYear.objects.order_by("-starts_on", "pk")


def term_list() -> QuerySet[Term]:
    """Every term with its school year, the latest year first."""
    return Term.objects.select_related("school_year").order_by(
        "-school_year__starts_on", "number", "pk"
    )


def school_class_list_for_actor(*, actor: Actor) -> QuerySet[SchoolClass]:
    """The classes the actor may open (see `class_scope`), of every year, with their
    homeroom teacher and how many pupils are enrolled now (`pupil_count`)."""
    return (
        SchoolClass.objects.filter(class_scope(actor=actor))
        .select_related("school_year", "homeroom_teacher")
        .annotate(pupil_count=Count("enrolments", filter=Q(enrolments__ends_on__isnull=True)))
        .order_by("-school_year__starts_on", "grade", "name", "pk")
    )


def subject_list() -> QuerySet[Subject]:
    """The school's subjects in programme order, each with its periods per grade."""
    return Subject.objects.prefetch_related(
        Prefetch("grade_plans", queryset=SubjectGradePlan.objects.order_by("grade", "pk"))
    ).order_by("order", "code", "pk")


def enrolment_list_for_actor(*, actor: Actor) -> QuerySet[Enrolment]:
    """The enrolments the actor may see: all for the office, those of her classes for a
    teacher, their children's (their own) for a guardian (a pupil)."""
    enrolments = Enrolment.objects.all()
    if not actor.sees_whole_school:
        enrolments = enrolments.filter(
            Q(school_class_id__in=people_selectors.staff_class_ids(actor=actor))
            | Q(pupil_id__in=people_selectors.family_pupil_ids(actor=actor))
        )
    return enrolments.select_related("pupil", "school_class").order_by(
        "-school_class__school_year__starts_on",
        "school_class__grade",
        "school_class__name",
        "pupil__full_name",
        "pk",
    )


def teaching_assignment_list_for_actor(*, actor: Actor) -> QuerySet[TeachingAssignment]:
    """Who teaches what in the classes the actor may open (see `class_scope`)."""
    return (
        TeachingAssignment.objects.filter(class_scope(actor=actor, field="school_class_id"))
        .select_related("teacher", "school_class", "subject")
        .order_by(
            "-school_class__school_year__starts_on",
            "school_class__grade",
            "school_class__name",
            "subject__order",
            "pk",
        )
    )


def timetable_slot_list_for_actor(*, actor: Actor) -> QuerySet[TimetableSlot]:
    """The weekly timetable of the classes the actor may open (see `class_scope`)."""
    return (
        TimetableSlot.objects.filter(class_scope(actor=actor, field="school_class_id"))
        .select_related("school_class", "assignment__subject", "assignment__teacher")
        .order_by("school_class__grade", "school_class__name", "weekday", "period", "pk")
    )
