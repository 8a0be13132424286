"""The academic frame over the API: years, terms, classes, subjects, enrolment, teaching."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core_school.academics import selectors, services
from core_school.academics.api.filters import (
    EnrolmentFilter,
    SchoolClassFilter,
    TeachingAssignmentFilter,
    TermFilter,
    TimetableSlotFilter,
)
from core_school.academics.api.serializers import (
    EnrolmentOutputSerializer,
    EnrolmentTransferInputSerializer,
    EnrolmentTransferOutputSerializer,
    SchoolClassOutputSerializer,
    SchoolYearOutputSerializer,
    SubjectOutputSerializer,
    TeachingAssignmentOutputSerializer,
    TermOutputSerializer,
    TimetableSlotOutputSerializer,
)
from core_school.academics.models import (
    Enrolment,
    SchoolClass,
    SchoolYear,
    Subject,
    TeachingAssignment,
    Term,
    TimetableSlot,
)
from core_school.assessment import services as assessment_services
from core_school.assessment.api.serializers import ErrorOutputSerializer
from core_school.people.api.access import ActorReadViewSet, IsSchoolStaff


class SchoolYearViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """School years, for every signed-in user of the school."""

    queryset = SchoolYear.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = SchoolYearOutputSerializer

    def get_queryset(self) -> QuerySet[SchoolYear]:
        return selectors.school_year_list()


class TermViewSet(ActorReadViewSet):
    """Terms, for every signed-in user of the school; the principal closes them."""

    queryset = Term.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = TermOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = TermFilter

    def get_queryset(self) -> QuerySet[Term]:
        return selectors.term_list()

    @extend_schema(
        request=None,
        responses={
            200: TermOutputSerializer,
            400: ErrorOutputSerializer,
            403: ErrorOutputSerializer,
            404: ErrorOutputSerializer,
        },
        description=(
            "Close the term (principal only): every mark must be there; results are computed "
            "and the marks locked. 400 lists the first missing marks."
        ),
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        term = assessment_services.term_close(term=self.get_object(), actor=self.actor)
        return Response(TermOutputSerializer(term).data)


class SchoolClassViewSet(ActorReadViewSet):
    """Classes with their homeroom teacher: all for the office, her own for a teacher, their
    children's for a guardian, their own for a pupil."""

    queryset = SchoolClass.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = SchoolClassOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SchoolClassFilter

    def get_queryset(self) -> QuerySet[SchoolClass]:
        return selectors.school_class_list_for_actor(actor=self.actor)


class SubjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The school's subjects with their periods per grade, for every signed-in user."""

    queryset = Subject.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = SubjectOutputSerializer

    def get_queryset(self) -> QuerySet[Subject]:
        return selectors.subject_list()


class EnrolmentViewSet(ActorReadViewSet):
    """Who is (and was) in which class, narrowed like the pupils."""

    queryset = Enrolment.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = EnrolmentOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = EnrolmentFilter

    def get_queryset(self) -> QuerySet[Enrolment]:
        return selectors.enrolment_list_for_actor(actor=self.actor)

    @extend_schema(
        request=EnrolmentTransferInputSerializer,
        responses={
            201: EnrolmentTransferOutputSerializer,
            400: ErrorOutputSerializer,
            403: ErrorOutputSerializer,
        },
        description=(
            "Move a pupil to another class of the same school year (the office only): the "
            "current enrolment ends the day before. A class above its maximum size is allowed, "
            "with a warning."
        ),
    )
    @action(detail=False, methods=["post"], permission_classes=[IsAuthenticated, IsSchoolStaff])
    def transfer(self, request: Request) -> Response:
        payload = EnrolmentTransferInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = services.pupil_transfer(
            pupil=payload.validated_data["pupil"],
            to_class=payload.validated_data["to_class"],
            on_date=payload.validated_data["on_date"],
            actor=self.actor,
        )
        return Response(
            EnrolmentTransferOutputSerializer(result).data, status=status.HTTP_201_CREATED
        )


class TeachingAssignmentViewSet(ActorReadViewSet):
    """Who teaches which subject to which class, in the classes the caller may open."""

    queryset = TeachingAssignment.objects.none()  # for the schema only
    serializer_class = TeachingAssignmentOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = TeachingAssignmentFilter

    def get_queryset(self) -> QuerySet[TeachingAssignment]:
        return selectors.teaching_assignment_list_for_actor(actor=self.actor)


class TimetableSlotViewSet(ActorReadViewSet):
    """The weekly timetable of the classes the caller may open; filter by class or teacher."""

    queryset = TimetableSlot.objects.none()  # for the schema only
    serializer_class = TimetableSlotOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = TimetableSlotFilter

    def get_queryset(self) -> QuerySet[TimetableSlot]:
        return selectors.timetable_slot_list_for_actor(actor=self.actor)
