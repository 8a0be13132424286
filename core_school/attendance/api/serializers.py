"""What the attendance API takes and returns: registers, absences and behaviour notes."""

from rest_framework import serializers

from core_school.academics.api.serializers import SchoolClassRefOutputSerializer
from core_school.academics.models import SchoolClass
from core_school.attendance.models import Absence, BehaviourNote, Session
from core_school.people.api.serializers import (
    PupilRefOutputSerializer,
    StaffMemberRefOutputSerializer,
)


class RegisterAbsenceOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The absence's id.")
    pupil = PupilRefOutputSerializer(help_text="The pupil not present.")
    status = serializers.ChoiceField(
        choices=Absence.Status.choices, help_text="Absent (excused or not) or late."
    )
    reason = serializers.CharField(allow_blank=True, help_text="The reason given, if any.")


class AttendanceRegisterOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The register's id.")
    school_class = SchoolClassRefOutputSerializer(help_text="The class.")
    date = serializers.DateField(help_text="The day.")
    session = serializers.ChoiceField(choices=Session.choices, help_text="Morning or afternoon.")
    counts_for_promotion = serializers.BooleanField(
        help_text="Whether absences here count toward the 45-session limit."
    )
    taken_by = StaffMemberRefOutputSerializer(help_text="Who took the register.")
    taken_at = serializers.DateTimeField(help_text="When it was last saved.")
    absences = RegisterAbsenceOutputSerializer(
        many=True, help_text="The pupils not present; everyone else was present."
    )


class AbsenceOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The absence's id.")
    pupil = PupilRefOutputSerializer(help_text="The pupil not present.")
    register = serializers.IntegerField(source="register_id", help_text="The register (id).")
    school_class = SchoolClassRefOutputSerializer(
        source="register.school_class", help_text="The class."
    )
    date = serializers.DateField(source="register.date", help_text="The day.")
    session = serializers.ChoiceField(
        choices=Session.choices, source="register.session", help_text="Morning or afternoon."
    )
    status = serializers.ChoiceField(
        choices=Absence.Status.choices, help_text="Absent (excused or not) or late."
    )
    reason = serializers.CharField(allow_blank=True, help_text="The reason given, if any.")


class BehaviourNoteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The note's id.")
    pupil = PupilRefOutputSerializer(help_text="The pupil.")
    school_class = SchoolClassRefOutputSerializer(help_text="The pupil's class.")
    kind = serializers.ChoiceField(
        choices=BehaviourNote.Kind.choices, help_text="Praise or an incident."
    )
    text = serializers.CharField(help_text="The note.")
    author = StaffMemberRefOutputSerializer(help_text="The teacher who wrote it.")
    created_at = serializers.DateTimeField(help_text="When it was written.")


class AbsenceEntryInputSerializer(serializers.Serializer):
    pupil = serializers.IntegerField(help_text="The pupil not present (id), of the class.")
    # Checked by the service, which names the pupil (as the marks' column is).
    status = serializers.CharField(
        max_length=16, help_text="excused or unexcused (absent), or late."
    )
    reason = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=255,
        help_text="The reason given, if any.",
    )


class AttendanceRegisterTakeInputSerializer(serializers.Serializer):
    school_class = serializers.PrimaryKeyRelatedField(
        queryset=SchoolClass.objects.select_related("school_year"),
        help_text="The class (id).",
    )
    date = serializers.DateField(
        help_text="The day: not in the future, and inside the class's school year."
    )
    session = serializers.ChoiceField(choices=Session.choices, help_text="Morning or afternoon.")
    absences = AbsenceEntryInputSerializer(
        many=True,
        help_text=(
            "The pupils not present; everyone else was present. Taking the register of the "
            "same session again replaces it."
        ),
    )


class BehaviourNoteCreateInputSerializer(serializers.Serializer):
    school_class = serializers.PrimaryKeyRelatedField(
        queryset=SchoolClass.objects.all(), help_text="The pupil's class (id)."
    )
    pupil = serializers.IntegerField(help_text="The pupil (id), of the class.")
    kind = serializers.ChoiceField(
        choices=BehaviourNote.Kind.choices, help_text="Praise or an incident."
    )
    text = serializers.CharField(allow_blank=True, help_text="The note (required).")
