"""Attendance and behaviour notes over the API, narrowed to the caller."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from core_school.attendance import selectors
from core_school.attendance.api.filters import (
    AbsenceFilter,
    AttendanceRegisterFilter,
    BehaviourNoteFilter,
)
from core_school.attendance.api.serializers import (
    AbsenceOutputSerializer,
    AttendanceRegisterOutputSerializer,
    BehaviourNoteOutputSerializer,
)
from core_school.attendance.models import Absence, AttendanceRegister, BehaviourNote
from core_school.people.api.access import ActorMixin, IsSchoolStaff


class AttendanceRegisterViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Attendance registers with their absences (staff only): every class's for the office,
    her homeroom classes' for a homeroom teacher."""

    queryset = AttendanceRegister.objects.none()  # for the schema only
    serializer_class = AttendanceRegisterOutputSerializer
    permission_classes = [IsAuthenticated, IsSchoolStaff]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AttendanceRegisterFilter

    def get_queryset(self) -> QuerySet[AttendanceRegister]:
        return selectors.attendance_register_list_for_actor(actor=self.actor)


class AbsenceViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Absences: all for the office, her homeroom classes' for a homeroom teacher, their
    children's for a guardian, their own for a pupil."""

    queryset = Absence.objects.none()  # for the schema only
    serializer_class = AbsenceOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AbsenceFilter

    def get_queryset(self) -> QuerySet[Absence]:
        return selectors.absence_list_for_actor(actor=self.actor)


class BehaviourNoteViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Behaviour notes: all for the office, her classes' for a teacher, their children's for
    a guardian, their own for a pupil."""

    queryset = BehaviourNote.objects.none()  # for the schema only
    serializer_class = BehaviourNoteOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = BehaviourNoteFilter

    def get_queryset(self) -> QuerySet[BehaviourNote]:
        return selectors.behaviour_note_list_for_actor(actor=self.actor)
