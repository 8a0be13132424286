"""Query filters of the teaching API."""

from django_filters import rest_framework as filters

from core_school.teaching.models import LogbookEntry, StaffTask


class LogbookEntryFilter(filters.FilterSet):
    school_class = filters.NumberFilter(
        field_name="school_class__id", help_text="Only this class's logbook (id)."
    )
    teacher = filters.NumberFilter(
        field_name="assignment__teacher__id", help_text="Only this teacher's periods (id)."
    )
    date_from = filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="Only the entries from this day on."
    )
    date_to = filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="Only the entries up to this day."
    )

    class Meta:
        model = LogbookEntry
        fields = ["school_class", "teacher", "date_from", "date_to"]


class StaffTaskFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=StaffTask.Status.choices, help_text="Only the tasks in this status."
    )
    assignee = filters.NumberFilter(
        field_name="assignee__id", help_text="Only the tasks of this staff member (id)."
    )

    class Meta:
        model = StaffTask
        fields = ["status", "assignee"]
