"""The figures in the operator API (root domain): /api/v1/figures/ (published cells) and
/api/v1/figures/schools/ (the page's comparison table). Same credentials and scoping as the
rest of the operator API (console.api): the caller's schools only; reading only."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.figures import METRICS
from console import selectors as console_selectors
from console.api.views import ERRORS, ConsoleApiMixin
from reporting import selectors
from reporting.forms import ReportFilterForm
from reporting.models import Figure
from reporting.report import report_build
from reporting.selectors import ReportFilters


class FigureOutputSerializer(serializers.ModelSerializer[Figure]):
    school = serializers.CharField(source="figure_set.school.code", help_text="The school's code.")
    school_year = serializers.CharField(
        source="figure_set.school_year", help_text="The school year, e.g. 2025-2026."
    )
    term = serializers.IntegerField(
        source="figure_set.term", allow_null=True, help_text="The term (1, 2), null: the year."
    )
    computed_at = serializers.DateTimeField(
        source="figure_set.computed_at", help_text="When the school computed its figures."
    )

    class Meta:
        model = Figure
        fields = [
            "school",
            "school_year",
            "term",
            "computed_at",
            "metric",
            "grade",
            "sex",
            "subject",
            "band",
            "level",
            "value",
            "denominator",
            "suppressed",
        ]
        extra_kwargs = {
            "metric": {"help_text": "What is counted (enrolment, attendance, mark_band, …)."},
            "grade": {"help_text": "The grade (6 to 9); null: the whole school."},
            "sex": {"help_text": "M or F; empty: both."},
            "subject": {"help_text": "The subject's code (mark bands); empty: none."},
            "band": {"help_text": "The score band of the subject average, 0 to 4."},
            "level": {"help_text": "The learning or conduct level, or the year-end decision."},
            "value": {"help_text": "The count; null when suppressed."},
            "denominator": {"help_text": "Out of how many; null when suppressed."},
            "suppressed": {"help_text": "Fewer than 5 pupils: the number is not published."},
        }


class CellSerializer(serializers.Serializer[Any]):
    value = serializers.FloatField(allow_null=True, help_text="The figure; null if none.")
    suppressed = serializers.BooleanField(help_text="Fewer than 5 pupils: not published.")


class SchoolFiguresOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="The school's code.")
    name = serializers.CharField(help_text="The school's name.")
    authority = serializers.CharField(help_text="The authority node it is under.")
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the school computed the period's figures."
    )
    pupils = CellSerializer(help_text="Pupils enrolled in the year.")
    attendance = CellSerializer(help_text="Percent of pupil-sessions attended.")
    learning_good = CellSerializer(help_text="Percent of pupils at learning level Tốt or Khá.")
    conduct_good = CellSerializer(help_text="Percent of pupils at conduct level Tốt or Khá.")
    promoted = CellSerializer(help_text="Percent of decided pupils promoted.")
    portal_adoption = CellSerializer(help_text="Percent of guardians who signed in.")
    data_quality = CellSerializer(help_text="The last conformance score, percent.")


FILTER_PARAMETERS = [
    OpenApiParameter("school_year", OpenApiTypes.STR, description="e.g. 2025-2026 (newest)."),
    OpenApiParameter("term", OpenApiTypes.INT, description="1 or 2; absent: the whole year."),
    OpenApiParameter("grade", OpenApiTypes.INT, description="6 to 9."),
    OpenApiParameter("school", OpenApiTypes.STR, description="A school's code."),
    OpenApiParameter("authority", OpenApiTypes.STR, description="An authority node's code."),
]


class FigureViewSet(ConsoleApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Published figures of the caller's schools: counts in cells, never a person. A cell of
    fewer than 5 pupils is suppressed (no value)."""

    queryset = Figure.objects.none()  # for the schema only: rows come from get_queryset()
    serializer_class = FigureOutputSerializer

    def _filters(self) -> tuple[QuerySet[Any], ReportFilters]:
        scope = console_selectors.school_list_for_actor(actor=self.actor)
        form = ReportFilterForm(
            self.request.query_params,
            years=selectors.report_years(schools=scope),
            authorities=console_selectors.authority_list_for_actor(actor=self.actor),
            schools=scope,
        )
        if not form.is_valid():
            # A school or node outside the caller's is refused, never silently widened.
            raise serializers.ValidationError(
                {field: list(errors) for field, errors in form.errors.items()}
            )
        return scope, form.filters()

    def get_queryset(self) -> QuerySet[Figure]:
        scope, filters = self._filters()
        schools = selectors.report_schools(schools=scope, filters=filters)
        figures = Figure.objects.filter(
            figure_set__school__in=schools, figure_set__school_year=filters.school_year
        ).select_related("figure_set__school")
        term = self.request.query_params.get("term")
        if term:
            figures = figures.filter(figure_set__term=filters.term)
        if filters.grade:
            figures = figures.filter(grade=filters.grade)
        metric = self.request.query_params.get("metric")
        if metric:
            figures = figures.filter(metric=metric)
        return figures.order_by("figure_set__school__code", "figure_set__term", "metric", "pk")

    @extend_schema(
        parameters=[
            *FILTER_PARAMETERS,
            OpenApiParameter(
                "metric", OpenApiTypes.STR, enum=list(METRICS), description="Only this metric."
            ),
        ],
        responses={200: FigureOutputSerializer(many=True), **ERRORS},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The published cells of the year (every period unless `term`), filtered."""
        return super().list(request, *args, **kwargs)

    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses={200: SchoolFiguresOutputSerializer(many=True), **ERRORS},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def schools(self, request: Request) -> Response:
        """The schools compared on their key figures, as on the reports page."""
        scope, filters = self._filters()
        report = report_build(scope=scope, filters=filters)
        return Response(SchoolFiguresOutputSerializer(report.schools, many=True).data)
