"""What the teaching API returns: logbook entries and staff tasks."""

from rest_framework import serializers

from core_school.academics.api.serializers import (
    SchoolClassRefOutputSerializer,
    SubjectRefOutputSerializer,
)
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
