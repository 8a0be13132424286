"""The school's people over the API: pupils, guardians and staff, narrowed to the caller."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.permissions import IsAuthenticated

from core_school.people import selectors
from core_school.people.api.access import ActorReadViewSet, IsSchoolStaff
from core_school.people.api.filters import PupilFilter
from core_school.people.api.serializers import (
    GuardianOutputSerializer,
    PupilOutputSerializer,
    StaffMemberOutputSerializer,
)
from core_school.people.models import Guardian, Pupil, StaffMember


class PupilViewSet(ActorReadViewSet):
    """Pupils: every pupil for the office, her classes' pupils for a teacher, their children
    for a guardian, themself for a pupil."""

    queryset = Pupil.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = PupilOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PupilFilter

    def get_queryset(self) -> QuerySet[Pupil]:
        return selectors.pupil_list_for_actor(actor=self.actor)


class GuardianViewSet(ActorReadViewSet):
    """Guardians (staff only): all for the office, her classes' families for a homeroom
    teacher."""

    queryset = Guardian.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = GuardianOutputSerializer
    permission_classes = [IsAuthenticated, IsSchoolStaff]

    def get_queryset(self) -> QuerySet[Guardian]:
        return selectors.guardian_list_for_actor(actor=self.actor)


class StaffMemberViewSet(ActorReadViewSet):
    """Staff (staff only): everyone for the office, themself for other staff."""

    queryset = StaffMember.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = StaffMemberOutputSerializer
    permission_classes = [IsAuthenticated, IsSchoolStaff]

    def get_queryset(self) -> QuerySet[StaffMember]:
        return selectors.staff_member_list_for_actor(actor=self.actor)
