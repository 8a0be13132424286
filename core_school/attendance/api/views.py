"""Attendance and behaviour notes over the API, narrowed to the caller."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core_school.assessment.api.serializers import ErrorOutputSerializer
from core_school.attendance import selectors, services
from core_school.attendance.api.filters import (
    AbsenceFilter,
    AttendanceRegisterFilter,
    BehaviourNoteFilter,
)
from core_school.attendance.api.serializers import (
    AbsenceOutputSerializer,
    AttendanceRegisterOutputSerializer,
    AttendanceRegisterTakeInputSerializer,
    BehaviourNoteCreateInputSerializer,
    BehaviourNoteOutputSerializer,
)
from core_school.attendance.models import Absence, AttendanceRegister, BehaviourNote
from core_school.people.api.access import ActorReadViewSet, IsSchoolStaff

# How a write answers when the service refuses: bad input, not allowed.
WRITE_ERRORS = {400: ErrorOutputSerializer, 403: ErrorOutputSerializer}


class AttendanceRegisterViewSet(ActorReadViewSet):
    """Attendance registers with their absences (staff only): every class's for the office,
    her homeroom classes' for a homeroom teacher."""

    queryset = AttendanceRegister.objects.none()  # for the schema only
    serializer_class = AttendanceRegisterOutputSerializer
    permission_classes = [IsAuthenticated, IsSchoolStaff]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AttendanceRegisterFilter

    def get_queryset(self) -> QuerySet[AttendanceRegister]:
        return selectors.attendance_register_list_for_actor(actor=self.actor)

    @extend_schema(
        request=AttendanceRegisterTakeInputSerializer,
        responses={201: AttendanceRegisterOutputSerializer, **WRITE_ERRORS},
        description=(
            "Take a class's register for one session: list the pupils not present (the "
            "homeroom teacher of the class, or the office). Taking it again replaces the "
            "previous marks. 400 names the first bad pupil or field; nothing is written."
        ),
    )
    @action(detail=False, methods=["post"])
    def take(self, request: Request) -> Response:
        payload = AttendanceRegisterTakeInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        register = services.register_take(
            school_class=payload.validated_data["school_class"],
            date=payload.validated_data["date"],
            session=payload.validated_data["session"],
            absences=[
                services.AbsenceEntry(
                    pupil_id=entry["pupil"], status=entry["status"], reason=entry["reason"]
                )
                for entry in payload.validated_data["absences"]
            ],
            actor=self.actor,
        )
        register = self.get_queryset().get(pk=register.pk)
        return Response(
            AttendanceRegisterOutputSerializer(register).data, status=status.HTTP_201_CREATED
        )


class AbsenceViewSet(ActorReadViewSet):
    """Absences: all for the office, her homeroom classes' for a homeroom teacher, their
    children's for a guardian, their own for a pupil."""

    queryset = Absence.objects.none()  # for the schema only
    serializer_class = AbsenceOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AbsenceFilter

    def get_queryset(self) -> QuerySet[Absence]:
        return selectors.absence_list_for_actor(actor=self.actor)


class BehaviourNoteViewSet(ActorReadViewSet):
    """Behaviour notes: all for the office, her classes' for a teacher, their children's for
    a guardian, their own for a pupil."""

    queryset = BehaviourNote.objects.none()  # for the schema only
    serializer_class = BehaviourNoteOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = BehaviourNoteFilter

    def get_queryset(self) -> QuerySet[BehaviourNote]:
        return selectors.behaviour_note_list_for_actor(actor=self.actor)

    def get_permissions(self) -> list[BasePermission]:
        if self.action == "create":  # families read their notes; only staff write them
            return [IsAuthenticated(), IsSchoolStaff()]
        return super().get_permissions()

    @extend_schema(
        request=BehaviourNoteCreateInputSerializer,
        responses={201: BehaviourNoteOutputSerializer, **WRITE_ERRORS},
        description="Note praise or an incident (a teacher of the pupil's class, or the office).",
    )
    def create(self, request: Request) -> Response:
        payload = BehaviourNoteCreateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        note = services.behaviour_note_create(
            school_class=payload.validated_data["school_class"],
            pupil_id=payload.validated_data["pupil"],
            kind=payload.validated_data["kind"],
            text=payload.validated_data["text"],
            actor=self.actor,
        )
        note = self.get_queryset().get(pk=note.pk)
        return Response(BehaviourNoteOutputSerializer(note).data, status=status.HTTP_201_CREATED)
