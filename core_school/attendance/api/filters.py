"""Query filters of the attendance API."""

from django_filters import rest_framework as filters

from core_school.attendance.models import Absence, AttendanceRegister, BehaviourNote, Session


class AttendanceRegisterFilter(filters.FilterSet):
    school_class = filters.NumberFilter(
        field_name="school_class__id", help_text="Only the registers of this class (id)."
    )
    date_from = filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="Only the registers from this day on."
    )
    date_to = filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="Only the registers up to this day."
    )
    session = filters.ChoiceFilter(
        choices=Session.choices, help_text="Only the registers of this session."
    )

    class Meta:
        model = AttendanceRegister
        fields = ["school_class", "date_from", "date_to", "session"]


class AbsenceFilter(filters.FilterSet):
    pupil = filters.NumberFilter(
        field_name="pupil__id", help_text="Only this pupil's absences (id)."
    )
    school_class = filters.NumberFilter(
        field_name="register__school_class__id", help_text="Only the absences in this class (id)."
    )
    date_from = filters.DateFilter(
        field_name="register__date",
        lookup_expr="gte",
        help_text="Only the absences from this day on.",
    )
    date_to = filters.DateFilter(
        field_name="register__date",
        lookup_expr="lte",
        help_text="Only the absences up to this day.",
    )
    status = filters.ChoiceFilter(
        choices=Absence.Status.choices, help_text="Only the absences with this status."
    )

    class Meta:
        model = Absence
        fields = ["pupil", "school_class", "date_from", "date_to", "status"]


class BehaviourNoteFilter(filters.FilterSet):
    pupil = filters.NumberFilter(field_name="pupil__id", help_text="Only this pupil's notes (id).")
    school_class = filters.NumberFilter(
        field_name="school_class__id", help_text="Only the notes of this class (id)."
    )
    kind = filters.ChoiceFilter(
        choices=BehaviourNote.Kind.choices, help_text="Only praise, or only incidents."
    )

    class Meta:
        model = BehaviourNote
        fields = ["pupil", "school_class", "kind"]
