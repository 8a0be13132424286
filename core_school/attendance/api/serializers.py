"""What the attendance API returns: registers, absences and behaviour notes."""

from rest_framework import serializers

from core_school.academics.api.serializers import SchoolClassRefOutputSerializer
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
