"""What the academics API takes and returns: years, terms, classes, enrolment and teaching."""

from rest_framework import serializers

from core_school.academics.models import SchoolClass, Subject, TimetableSlot
from core_school.people.api.serializers import (
    PupilRefOutputSerializer,
    StaffMemberRefOutputSerializer,
)
from core_school.people.models import Pupil


class SchoolYearRefOutputSerializer(serializers.Serializer):
    """A school year named inside another resource."""

    id = serializers.IntegerField(help_text="The school year's id.")
    name = serializers.CharField(help_text="The school year, e.g. 2025-2026.")


class SchoolClassRefOutputSerializer(serializers.Serializer):
    """A class named inside another resource."""

    id = serializers.IntegerField(help_text="The class's id.")
    name = serializers.CharField(help_text="The class's name, e.g. 6A1.")


class TermRefOutputSerializer(serializers.Serializer):
    """A term named inside another resource."""

    id = serializers.IntegerField(help_text="The term's id.")
    number = serializers.IntegerField(help_text="1 for học kì I, 2 for học kì II.")
    school_year_id = serializers.IntegerField(help_text="The term's school year.")


class SubjectRefOutputSerializer(serializers.Serializer):
    """A subject named inside another resource."""

    id = serializers.IntegerField(help_text="The subject's id.")
    code = serializers.CharField(help_text="The subject's code, e.g. TOAN.")
    short_name = serializers.CharField(help_text="The subject's short name, e.g. Toán.")


class SchoolYearOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The school year's id.")
    name = serializers.CharField(help_text="The school year, e.g. 2025-2026.")
    starts_on = serializers.DateField(help_text="First day of the school year.")
    ends_on = serializers.DateField(help_text="Last day of the school year.")
    is_current = serializers.BooleanField(help_text="Whether this is the current school year.")


class TermOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The term's id.")
    school_year = SchoolYearRefOutputSerializer(help_text="The school year of the term.")
    number = serializers.IntegerField(help_text="1 for học kì I, 2 for học kì II.")
    starts_on = serializers.DateField(help_text="First day of the term.")
    ends_on = serializers.DateField(help_text="Last day of the term.")
    is_closed = serializers.BooleanField(
        help_text="Whether the term is closed: its marks are locked and its results computed."
    )


class SchoolClassOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The class's id.")
    name = serializers.CharField(help_text="The class's name, e.g. 6A1.")
    grade = serializers.IntegerField(help_text="The grade level, 6 to 9.")
    school_year = SchoolYearRefOutputSerializer(help_text="The school year of the class.")
    homeroom_teacher = StaffMemberRefOutputSerializer(
        allow_null=True, help_text="The homeroom teacher (GVCN), or null."
    )
    max_size = serializers.IntegerField(help_text="The most pupils the class may hold.")
    pupil_count = serializers.IntegerField(help_text="How many pupils are enrolled now.")


class SubjectGradePlanOutputSerializer(serializers.Serializer):
    grade = serializers.IntegerField(help_text="The grade level, 6 to 9.")
    periods_per_year = serializers.IntegerField(
        help_text="Periods per year in that grade; it fixes the number of regular marks."
    )


class SubjectOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The subject's id.")
    code = serializers.CharField(help_text="The subject's code, e.g. TOAN.")
    name = serializers.CharField(help_text="The subject's name.")
    short_name = serializers.CharField(help_text="The subject's short name.")
    mode = serializers.ChoiceField(
        choices=Subject.Mode.choices,
        help_text="Scored (comment and score) or comment only (Đạt / Chưa đạt).",
    )
    is_elective = serializers.BooleanField(help_text="Whether the subject is elective.")
    order = serializers.IntegerField(help_text="Position in the programme's subject order.")
    periods_per_grade = SubjectGradePlanOutputSerializer(
        many=True, source="grade_plans", help_text="Periods per year in each grade."
    )


class EnrolmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The enrolment's id.")
    pupil = PupilRefOutputSerializer(help_text="The pupil.")
    school_class = SchoolClassRefOutputSerializer(help_text="The class.")
    starts_on = serializers.DateField(help_text="First day in the class.")
    ends_on = serializers.DateField(
        allow_null=True, help_text="Last day in the class, or null while enrolled."
    )
    end_reason = serializers.CharField(help_text="Why the enrolment ended, if it did.")


class EnrolmentTransferInputSerializer(serializers.Serializer):
    pupil = serializers.PrimaryKeyRelatedField(
        queryset=Pupil.objects.all(), help_text="The pupil to move (id)."
    )
    to_class = serializers.PrimaryKeyRelatedField(
        queryset=SchoolClass.objects.select_related("school_year"),
        help_text="The class to move them to (id), of the same school year.",
    )
    on_date = serializers.DateField(
        help_text=(
            "The first day in the new class, inside the school year and after the pupil "
            "joined; the current enrolment ends the day before."
        )
    )


class EnrolmentTransferOutputSerializer(serializers.Serializer):
    enrolment = EnrolmentOutputSerializer(help_text="The pupil's new enrolment.")
    warning = serializers.CharField(
        allow_blank=True,
        help_text="Set when the class is now above its maximum size, otherwise empty.",
    )


class TeachingAssignmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The assignment's id.")
    teacher = StaffMemberRefOutputSerializer(help_text="The teacher.")
    school_class = SchoolClassRefOutputSerializer(help_text="The class taught.")
    subject = SubjectRefOutputSerializer(help_text="The subject taught.")


class TimetableSlotOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The slot's id.")
    school_class = SchoolClassRefOutputSerializer(help_text="The class.")
    weekday = serializers.ChoiceField(
        choices=TimetableSlot.Weekday.choices, help_text="Day of the week, 1 (Monday) to 6."
    )
    period = serializers.IntegerField(help_text="Period of the day, 1 to 10.")
    assignment_id = serializers.IntegerField(help_text="The teaching assignment taught then.")
    subject = SubjectRefOutputSerializer(source="assignment.subject", help_text="The subject.")
    teacher = StaffMemberRefOutputSerializer(source="assignment.teacher", help_text="The teacher.")
