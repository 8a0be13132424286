"""Query filters of the academics API."""

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from core_school.academics.models import (
    Enrolment,
    SchoolClass,
    TeachingAssignment,
    Term,
    TimetableSlot,
)


class TermFilter(filters.FilterSet):
    school_year = filters.NumberFilter(
        field_name="school_year__id", help_text="Only the terms of this school year (id)."
    )

    class Meta:
        model = Term
        fields = ["school_year"]


class SchoolClassFilter(filters.FilterSet):
    school_year = filters.NumberFilter(
        field_name="school_year__id", help_text="Only the classes of this school year (id)."
    )
    grade = filters.NumberFilter(help_text="Only the classes of this grade (6 to 9).")

    class Meta:
        model = SchoolClass
        fields = ["school_year", "grade"]


class EnrolmentFilter(filters.FilterSet):
    school_class = filters.NumberFilter(
        field_name="school_class__id", help_text="Only the enrolments in this class (id)."
    )
    pupil = filters.NumberFilter(
        field_name="pupil__id", help_text="Only the enrolments of this pupil (id)."
    )
    school_year = filters.NumberFilter(
        field_name="school_class__school_year__id",
        help_text="Only the enrolments of this school year (id).",
    )
    current = filters.BooleanFilter(
        method="filter_current",
        help_text="true: only the enrolments still open; false: only the ended ones.",
    )

    class Meta:
        model = Enrolment
        fields = ["school_class", "pupil", "school_year", "current"]

    def filter_current(
        self, queryset: QuerySet[Enrolment], name: str, value: bool
    ) -> QuerySet[Enrolment]:
        return queryset.filter(ends_on__isnull=value)


class TeachingAssignmentFilter(filters.FilterSet):
    school_class = filters.NumberFilter(
        field_name="school_class__id", help_text="Only the assignments of this class (id)."
    )
    teacher = filters.NumberFilter(
        field_name="teacher__id", help_text="Only the assignments of this teacher (id)."
    )
    subject = filters.NumberFilter(
        field_name="subject__id", help_text="Only the assignments of this subject (id)."
    )

    class Meta:
        model = TeachingAssignment
        fields = ["school_class", "teacher", "subject"]


class TimetableSlotFilter(filters.FilterSet):
    school_class = filters.NumberFilter(
        field_name="school_class__id", help_text="Only this class's timetable (id)."
    )
    teacher = filters.NumberFilter(
        field_name="assignment__teacher__id", help_text="Only this teacher's periods (id)."
    )
    weekday = filters.ChoiceFilter(
        choices=TimetableSlot.Weekday.choices, help_text="Only this day of the week (1 to 6)."
    )

    class Meta:
        model = TimetableSlot
        fields = ["school_class", "teacher", "weekday"]
