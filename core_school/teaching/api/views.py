"""The class logbook and staff tasks over the API (staff only), narrowed to the caller."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core_school.assessment.api.serializers import ErrorOutputSerializer
from core_school.people.api.access import ActorReadViewSet, IsSchoolStaff
from core_school.teaching import selectors, services
from core_school.teaching.api.filters import LogbookEntryFilter, StaffTaskFilter
from core_school.teaching.api.serializers import (
    LogbookEntryOutputSerializer,
    LogbookEntryRecordInputSerializer,
    StaffTaskCreateInputSerializer,
    StaffTaskOutputSerializer,
    StaffTaskStatusInputSerializer,
)
from core_school.teaching.models import LogbookEntry, StaffTask

# How a write answers when the service refuses: bad input, not allowed.
WRITE_ERRORS = {400: ErrorOutputSerializer, 403: ErrorOutputSerializer}


class LogbookEntryViewSet(ActorReadViewSet):
    """The class logbook (sổ đầu bài, staff only): every class's for the office, her
    classes' for a teacher."""

    queryset = LogbookEntry.objects.none()  # for the schema only
    serializer_class = LogbookEntryOutputSerializer
    permission_classes = [IsAuthenticated, IsSchoolStaff]
    filter_backends = [DjangoFilterBackend]
    filterset_class = LogbookEntryFilter

    def get_queryset(self) -> QuerySet[LogbookEntry]:
        return selectors.logbook_entry_list_for_actor(actor=self.actor)

    @extend_schema(
        request=LogbookEntryRecordInputSerializer,
        responses={201: LogbookEntryOutputSerializer, **WRITE_ERRORS},
        description=(
            "Record what was taught in one timetabled period, or correct it (the period's "
            "teacher, or the office). 400 names the bad field; nothing is written."
        ),
    )
    @action(detail=False, methods=["post"])
    def record(self, request: Request) -> Response:
        payload = LogbookEntryRecordInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        entry = services.logbook_record(
            school_class=payload.validated_data["school_class"],
            date=payload.validated_data["date"],
            period=payload.validated_data["period"],
            lesson_id=payload.validated_data["lesson"],
            lesson_title=payload.validated_data["lesson_title"],
            absent_pupil_ids=payload.validated_data["absent_pupils"],
            remark=payload.validated_data["remark"],
            actor=self.actor,
        )
        entry = self.get_queryset().get(pk=entry.pk)
        return Response(LogbookEntryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)


class StaffTaskViewSet(ActorReadViewSet):
    """Staff tasks (staff only): every task for the office, one's own for other staff."""

    queryset = StaffTask.objects.none()  # for the schema only
    serializer_class = StaffTaskOutputSerializer
    permission_classes = [IsAuthenticated, IsSchoolStaff]
    filter_backends = [DjangoFilterBackend]
    filterset_class = StaffTaskFilter

    def get_queryset(self) -> QuerySet[StaffTask]:
        return selectors.staff_task_list_for_actor(actor=self.actor)

    @extend_schema(
        request=StaffTaskCreateInputSerializer,
        responses={201: StaffTaskOutputSerializer, **WRITE_ERRORS},
        description="Give a member of staff a task with a due date (the office only).",
    )
    def create(self, request: Request) -> Response:
        payload = StaffTaskCreateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        task = services.task_create(
            title=payload.validated_data["title"],
            description=payload.validated_data["description"],
            assignee_id=payload.validated_data["assignee"],
            due_on=payload.validated_data["due_on"],
            actor=self.actor,
        )
        task = self.get_queryset().get(pk=task.pk)
        return Response(StaffTaskOutputSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=StaffTaskStatusInputSerializer,
        responses={200: StaffTaskOutputSerializer, 404: ErrorOutputSerializer, **WRITE_ERRORS},
        description=(
            "Move the task to do, in progress or done (its assignee, or the office); done "
            "sets when it was completed."
        ),
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        payload = StaffTaskStatusInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        task = services.task_set_status(
            task=task, status=payload.validated_data["status"], actor=self.actor
        )
        return Response(StaffTaskOutputSerializer(self.get_queryset().get(pk=task.pk)).data)
