"""The class logbook and staff tasks over the API (staff only), narrowed to the caller."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from core_school.people.api.access import ActorMixin, IsSchoolStaff
from core_school.teaching import selectors
from core_school.teaching.api.filters import LogbookEntryFilter, StaffTaskFilter
from core_school.teaching.api.serializers import (
    LogbookEntryOutputSerializer,
    StaffTaskOutputSerializer,
)
from core_school.teaching.models import LogbookEntry, StaffTask


class LogbookEntryViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The class logbook (sổ đầu bài, staff only): every class's for the office, her
    classes' for a teacher."""

    queryset = LogbookEntry.objects.none()  # for the schema only
    serializer_class = LogbookEntryOutputSerializer
    permission_classes = [IsAuthenticated, IsSchoolStaff]
    filter_backends = [DjangoFilterBackend]
    filterset_class = LogbookEntryFilter

    def get_queryset(self) -> QuerySet[LogbookEntry]:
        return selectors.logbook_entry_list_for_actor(actor=self.actor)


class StaffTaskViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Staff tasks (staff only): every task for the office, one's own for other staff."""

    queryset = StaffTask.objects.none()  # for the schema only
    serializer_class = StaffTaskOutputSerializer
    permission_classes = [IsAuthenticated, IsSchoolStaff]
    filter_backends = [DjangoFilterBackend]
    filterset_class = StaffTaskFilter

    def get_queryset(self) -> QuerySet[StaffTask]:
        return selectors.staff_task_list_for_actor(actor=self.actor)
