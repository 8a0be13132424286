"""Query filters of the assessment API."""

from django.db.models import Model, QuerySet
from django_filters import rest_framework as filters

from core_school.academics import selectors as academics_selectors
from core_school.assessment.models import (
    ConductGrade,
    CorrectionRequest,
    LearningResult,
    MarkSheet,
    SubjectResult,
    YearOutcome,
)


class MarkSheetFilter(filters.FilterSet):
    school_class = filters.NumberFilter(
        field_name="school_class__id", help_text="Only the sheets of this class (id)."
    )
    subject = filters.NumberFilter(
        field_name="subject__id", help_text="Only the sheets of this subject (id)."
    )
    published = filters.BooleanFilter(
        field_name="published_at",
        lookup_expr="isnull",
        exclude=True,
        help_text="true: only the published sheets; false: only the unpublished ones.",
    )

    class Meta:
        model = MarkSheet
        fields = ["school_class", "subject", "published"]


class CorrectionRequestFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=CorrectionRequest.Status.choices, help_text="Only the requests in this status."
    )
    sheet = filters.NumberFilter(
        field_name="sheet__id", help_text="Only the requests on this mark sheet (id)."
    )

    class Meta:
        model = CorrectionRequest
        fields = ["status", "sheet"]


class PupilYearFilter(filters.FilterSet):
    """Filters shared by the rows about a pupil's school year: results, conduct, outcomes."""

    pupil = filters.NumberFilter(field_name="pupil__id", help_text="Only this pupil's rows (id).")
    school_class = filters.NumberFilter(
        method="filter_school_class",
        help_text="Only the rows of the pupils of this class, in the class's school year (id).",
    )
    school_year = filters.NumberFilter(
        field_name="school_year__id", help_text="Only the rows of this school year (id)."
    )

    def filter_school_class(
        self, queryset: QuerySet[Model], name: str, value: int
    ) -> QuerySet[Model]:
        return queryset.filter(academics_selectors.pupil_enrolled_in(class_ids=[int(value)]))


class TermRowFilter(PupilYearFilter):
    """Filters of the rows kept per term and for the whole year."""

    term = filters.NumberFilter(field_name="term__id", help_text="Only the rows of this term (id).")
    yearly = filters.BooleanFilter(
        field_name="term",
        lookup_expr="isnull",
        help_text="true: only the whole-year rows; false: only the term rows.",
    )


class SubjectResultFilter(TermRowFilter):
    subject = filters.NumberFilter(
        field_name="subject__id", help_text="Only the results in this subject (id)."
    )

    class Meta:
        model = SubjectResult
        fields = ["pupil", "school_class", "school_year", "term", "yearly", "subject"]


class LearningResultFilter(TermRowFilter):
    class Meta:
        model = LearningResult
        fields = ["pupil", "school_class", "school_year", "term", "yearly"]


class ConductGradeFilter(TermRowFilter):
    class Meta:
        model = ConductGrade
        fields = ["pupil", "school_class", "school_year", "term", "yearly"]


class YearOutcomeFilter(PupilYearFilter):
    stage = filters.ChoiceFilter(
        choices=YearOutcome.Stage.choices, help_text="Only the outcomes of this stage."
    )

    class Meta:
        model = YearOutcome
        fields = ["pupil", "school_class", "school_year", "stage"]
