"""What the teaching API takes and returns: logbook entries and staff tasks."""

from rest_framework import serializers

from core_school.academics.api.serializers import (
    SchoolClassRefOutputSerializer,
    SubjectRefOutputSerializer,
)
from core_school.academics.models import SchoolClass
from core_school.people.api.serializers import (
    PupilRefOutputSerializer,
    StaffMemberRefOutputSerializer,
)
from core_school.teaching.models import StaffTask


class LogbookEntryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The entry's id.")
    school_class = SchoolClassRefOutputSerializer(help_text="The class.")
    date = serializers.DateField(help_text="The day.")
    period = serializers.IntegerField(help_text="The period of the day.")
    subject = SubjectRefOutputSerializer(source="assignment.subject", help_text="The subject.")
    teacher = StaffMemberRefOutputSerializer(
        source="assignment.teacher", help_text="The teacher of the subject in this class."
    )
    lesson_id = serializers.IntegerField(
        allow_null=True, help_text="The planned lesson taught (id), or null."
    )
    lesson_title = serializers.CharField(allow_blank=True, help_text="What was taught.")
    absent_pupils = PupilRefOutputSerializer(
        many=True, help_text="The pupils absent from the period."
    )
    remark = serializers.CharField(allow_blank=True, help_text="The teacher's remark.")
    recorded_by = StaffMemberRefOutputSerializer(help_text="Who wrote the entry.")
    recorded_at = serializers.DateTimeField(help_text="When it was last saved.")


class StaffTaskOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The task's id.")
    title = serializers.CharField(help_text="What is to be done.")
    description = serializers.CharField(allow_blank=True, help_text="Details, if any.")
    assignee = StaffMemberRefOutputSerializer(help_text="Who is to do it.")
    due_on = serializers.DateField(help_text="When it is due.")
    status = serializers.ChoiceField(
        choices=StaffTask.Status.choices, help_text="To do, in progress or done."
    )
    created_by = StaffMemberRefOutputSerializer(help_text="Who gave the task.")
    created_at = serializers.DateTimeField(help_text="When it was given.")
    completed_at = serializers.DateTimeField(
        allow_null=True, help_text="When it was done, or null."
    )


class LogbookEntryRecordInputSerializer(serializers.Serializer):
    school_class = serializers.PrimaryKeyRelatedField(
        queryset=SchoolClass.objects.all(), help_text="The class (id)."
    )
    date = serializers.DateField(help_text="The day the period was taught: today or before.")
    period = serializers.IntegerField(
        min_value=1, max_value=10, help_text="The period of the day, as in the timetable."
    )
    lesson = serializers.IntegerField(
        allow_null=True,
        required=False,
        default=None,
        help_text="The planned lesson taught (id), of the period's subject and grade, or null.",
    )
    lesson_title = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=255,
        help_text="What was taught, when no planned lesson is given.",
    )
    absent_pupils = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="The pupils absent from the period (ids), of the class.",
    )
    remark = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=255,
        help_text="The teacher's remark.",
    )


class StaffTaskCreateInputSerializer(serializers.Serializer):
    title = serializers.CharField(
        allow_blank=True, max_length=255, help_text="What is to be done (required)."
    )
    description = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="Details, if any."
    )
    assignee = serializers.IntegerField(help_text="Who is to do it (staff member id).")
    due_on = serializers.DateField(help_text="When it is due.")


class StaffTaskStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=StaffTask.Status.choices, help_text="To do, in progress or done."
    )
