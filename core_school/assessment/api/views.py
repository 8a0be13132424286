"""Marks, corrections and results over the API. Writes go through assessment.services."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core_school.assessment import selectors, services
from core_school.assessment.api.filters import (
    ConductGradeFilter,
    CorrectionRequestFilter,
    LearningResultFilter,
    MarkSheetFilter,
    SubjectResultFilter,
    YearOutcomeFilter,
)
from core_school.assessment.api.serializers import (
    ConductGradeOutputSerializer,
    ConductGradeSetInputSerializer,
    ConductGradeSetOutputSerializer,
    CorrectionRequestCreateInputSerializer,
    CorrectionRequestDecideInputSerializer,
    CorrectionRequestOutputSerializer,
    ErrorOutputSerializer,
    GradebookOutputSerializer,
    LearningResultOutputSerializer,
    MarkSheetListQueryInputSerializer,
    MarkSheetOutputSerializer,
    MarksSaveInputSerializer,
    MarksSaveOutputSerializer,
    SubjectResultOutputSerializer,
    YearOutcomeOutputSerializer,
)
from core_school.assessment.models import (
    ConductGrade,
    CorrectionRequest,
    LearningResult,
    MarkSheet,
    SubjectResult,
    YearOutcome,
)
from core_school.attendance import services as attendance_services
from core_school.people.api.access import ActorReadViewSet, IsSchoolStaff

# How a write answers when the service refuses: bad input, not allowed, not visible.
WRITE_ERRORS = {400: ErrorOutputSerializer, 403: ErrorOutputSerializer, 404: ErrorOutputSerializer}


class MarkSheetViewSet(ActorReadViewSet):
    """Mark sheets (sổ điểm): the office sees every sheet, a teacher her class × subject
    sheets and every sheet of her homeroom classes, a family only published sheets."""

    queryset = MarkSheet.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = MarkSheetOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MarkSheetFilter

    def get_queryset(self) -> QuerySet[MarkSheet]:
        if self.action != "list":
            return selectors.mark_sheet_list_for_reader(actor=self.actor)
        query = MarkSheetListQueryInputSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        term = query.validated_data.get("term") or selectors.current_term()
        if term is None:
            return MarkSheet.objects.none()
        return selectors.mark_sheet_list_for_reader(actor=self.actor, term=term)

    @extend_schema(parameters=[MarkSheetListQueryInputSerializer])
    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        """The sheets of one term the caller may read; the current term by default."""
        return super().list(request, *args, **kwargs)

    @extend_schema(
        responses=GradebookOutputSerializer,
        description=(
            "The gradebook of the sheet: its columns and one row per pupil (cells and term "
            "result). Guardians and pupils get only their children's (their own) row."
        ),
    )
    @action(detail=True, methods=["get"])
    def marks(self, request: Request, pk: str) -> Response:
        book = selectors.gradebook_get_for_reader(sheet=self.get_object(), actor=self.actor)
        return Response(GradebookOutputSerializer(book).data)

    @extend_schema(
        request=MarksSaveInputSerializer,
        responses={200: MarksSaveOutputSerializer, **WRITE_ERRORS},
        description=(
            "Save typed marks, all or none (the class × subject teacher only, while the term "
            "is open). 400 lists every bad cell with its pupil and column."
        ),
    )
    @marks.mapping.post
    def marks_save(self, request: Request, pk: str) -> Response:
        sheet = self.get_object()
        payload = MarksSaveInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rows = services.marks_save(
            sheet=sheet,
            entries=[
                services.MarkEntry(
                    pupil_id=entry["pupil"], column=entry["column"], value=entry["value"]
                )
                for entry in payload.validated_data["entries"]
            ],
            actor=self.actor,
        )
        return Response(MarksSaveOutputSerializer({"rows": rows}).data)

    @extend_schema(
        request=None,
        responses={200: MarkSheetOutputSerializer, **WRITE_ERRORS},
        description="Publish the sheet's marks to families (the class × subject teacher only).",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        sheet = services.sheet_publish(sheet=self.get_object(), actor=self.actor)
        return Response(MarkSheetOutputSerializer(self.get_queryset().get(pk=sheet.pk)).data)

    @extend_schema(
        request=CorrectionRequestCreateInputSerializer,
        responses={201: CorrectionRequestOutputSerializer, **WRITE_ERRORS},
        description=(
            "Ask the principal to change a mark of a closed term, with a reason (the class × "
            "subject teacher only)."
        ),
    )
    @action(detail=True, methods=["post"])
    def corrections(self, request: Request, pk: str) -> Response:
        sheet = self.get_object()
        payload = CorrectionRequestCreateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        correction = services.correction_request_create(
            sheet=sheet,
            pupil_id=payload.validated_data["pupil"],
            column=payload.validated_data["column"],
            new_value=payload.validated_data["new_value"],
            reason=payload.validated_data["reason"],
            actor=self.actor,
        )
        correction = selectors.correction_request_list_for_actor(actor=self.actor).get(
            pk=correction.pk
        )
        return Response(
            CorrectionRequestOutputSerializer(correction).data, status=status.HTTP_201_CREATED
        )


class CorrectionRequestViewSet(ActorReadViewSet):
    """Requests to change marks of closed terms (staff only): all for the principal, who
    decides them; her own sheets' for a teacher."""

    queryset = CorrectionRequest.objects.none()  # for the schema only
    serializer_class = CorrectionRequestOutputSerializer
    permission_classes = [IsAuthenticated, IsSchoolStaff]
    filter_backends = [DjangoFilterBackend]
    filterset_class = CorrectionRequestFilter

    def get_queryset(self) -> QuerySet[CorrectionRequest]:
        return selectors.correction_request_list_for_actor(actor=self.actor)

    @extend_schema(
        request=CorrectionRequestDecideInputSerializer,
        responses={200: CorrectionRequestOutputSerializer, **WRITE_ERRORS},
        description=(
            "Approve (the mark changes and results are recomputed) or reject the request "
            "(the principal only)."
        ),
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        correction = self.get_object()
        payload = CorrectionRequestDecideInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        correction = services.correction_request_decide(
            correction=correction,
            approve=payload.validated_data["decision"] == "approve",
            note=payload.validated_data["note"],
            actor=self.actor,
        )
        return Response(
            CorrectionRequestOutputSerializer(self.get_queryset().get(pk=correction.pk)).data
        )


class SubjectResultViewSet(ActorReadViewSet):
    """Computed subject results per term and year, narrowed like the marks."""

    queryset = SubjectResult.objects.none()  # for the schema only
    serializer_class = SubjectResultOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SubjectResultFilter

    def get_queryset(self) -> QuerySet[SubjectResult]:
        return selectors.subject_result_list_for_actor(actor=self.actor)


class LearningResultViewSet(ActorReadViewSet):
    """Learning levels per term and year: the office, the homeroom teacher, the family."""

    queryset = LearningResult.objects.none()  # for the schema only
    serializer_class = LearningResultOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = LearningResultFilter

    def get_queryset(self) -> QuerySet[LearningResult]:
        return selectors.learning_result_list_for_actor(actor=self.actor)


class ConductGradeViewSet(ActorReadViewSet):
    """Conduct per term and year: the office, the homeroom teacher, the family."""

    queryset = ConductGrade.objects.none()  # for the schema only
    serializer_class = ConductGradeOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ConductGradeFilter

    def get_queryset(self) -> QuerySet[ConductGrade]:
        return selectors.conduct_grade_list_for_actor(actor=self.actor)

    @extend_schema(
        request=ConductGradeSetInputSerializer,
        responses={
            200: ConductGradeSetOutputSerializer,
            400: ErrorOutputSerializer,
            403: ErrorOutputSerializer,
        },
        description=(
            "Record the term conduct of a class's pupils, all or none (the homeroom teacher "
            "of the class, or the office, while the term is open). 400 lists every bad row "
            "with its pupil."
        ),
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="set",
        url_name="set",
        permission_classes=[IsAuthenticated, IsSchoolStaff],
    )
    def set_grades(self, request: Request) -> Response:
        payload = ConductGradeSetInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changed = attendance_services.conduct_set(
            school_class=payload.validated_data["school_class"],
            term=payload.validated_data["term"],
            grades=[
                attendance_services.ConductEntry(
                    pupil_id=entry["pupil"], level=entry["level"], comment=entry["comment"]
                )
                for entry in payload.validated_data["grades"]
            ],
            actor=self.actor,
        )
        return Response(ConductGradeSetOutputSerializer({"changed": changed}).data)


class YearOutcomeViewSet(ActorReadViewSet):
    """Year-end decisions: the office, the homeroom teacher, the family."""

    queryset = YearOutcome.objects.none()  # for the schema only
    serializer_class = YearOutcomeOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = YearOutcomeFilter

    def get_queryset(self) -> QuerySet[YearOutcome]:
        return selectors.year_outcome_list_for_actor(actor=self.actor)
