"""What the people API returns: pupils, guardians and staff."""

from rest_framework import serializers

from core_school.people.models import Guardianship, Pupil, Sex, StaffMember


class PupilRefOutputSerializer(serializers.Serializer):
    """A pupil named inside another resource."""

    id = serializers.IntegerField(help_text="The pupil's id.")
    full_name = serializers.CharField(help_text="The pupil's full name, family name first.")


class StaffMemberRefOutputSerializer(serializers.Serializer):
    """A member of staff named inside another resource."""

    id = serializers.IntegerField(help_text="The staff member's id.")
    full_name = serializers.CharField(help_text="The staff member's full name.")


class PupilOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The pupil's id.")
    national_id = serializers.CharField(
        help_text="The national pupil identifier (mã định danh), unique for life."
    )
    full_name = serializers.CharField(help_text="Full name, family name first.")
    birth_date = serializers.DateField(help_text="Date of birth.")
    sex = serializers.ChoiceField(choices=Sex.choices, help_text="Sex.")
    ethnicity = serializers.CharField(help_text="Ethnicity (dân tộc).")
    address = serializers.CharField(help_text="Home address.")
    status = serializers.ChoiceField(
        choices=Pupil.Status.choices, help_text="Whether the pupil is studying here."
    )
    current_class_id = serializers.SerializerMethodField(
        help_text="The class the pupil is enrolled in now, or null."
    )
    current_class_name = serializers.SerializerMethodField(
        help_text="The name of that class (e.g. 6A1), or an empty string."
    )

    def get_current_class_id(self, pupil: Pupil) -> int | None:
        enrolments = pupil.open_enrolments  # type: ignore[attr-defined]
        return enrolments[-1].school_class_id if enrolments else None

    def get_current_class_name(self, pupil: Pupil) -> str:
        enrolments = pupil.open_enrolments  # type: ignore[attr-defined]
        return enrolments[-1].school_class.name if enrolments else ""


class GuardianshipOutputSerializer(serializers.Serializer):
    pupil = PupilRefOutputSerializer(help_text="The child.")
    relationship = serializers.ChoiceField(
        choices=Guardianship.Relationship.choices, help_text="How the guardian is related."
    )
    is_primary_contact = serializers.BooleanField(
        help_text="Whether the school calls this guardian first."
    )


class GuardianOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The guardian's id.")
    full_name = serializers.CharField(help_text="Full name, family name first.")
    phone = serializers.CharField(help_text="Phone number.")
    email = serializers.EmailField(help_text="E-mail address, or an empty string.")
    children = GuardianshipOutputSerializer(
        many=True,
        source="visible_guardianships",
        help_text="The guardian's children among the pupils the caller may see.",
    )


class StaffMemberOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The staff member's id.")
    staff_code = serializers.CharField(help_text="The school's staff code.")
    full_name = serializers.CharField(help_text="Full name, family name first.")
    sex = serializers.ChoiceField(choices=Sex.choices, help_text="Sex.")
    position = serializers.ChoiceField(
        choices=StaffMember.Position.choices, help_text="Position in the school."
    )
    specialty = serializers.CharField(help_text="The subject a teacher mainly teaches.")
    phone = serializers.CharField(help_text="Phone number.")
    email = serializers.EmailField(help_text="E-mail address.")
