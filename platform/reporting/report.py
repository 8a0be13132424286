"""Everything the reports page shows, read once for the page, its exports and the API."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import get_language

from config.figures import CONDUCT_LEVEL, LEARNING_LEVEL, PROMOTION
from reporting import selectors
from reporting.selectors import Distribution, ReportFilters, SchoolFigures, TrendPoint
from standards import selectors as standards_selectors
from tenants.models import School


@dataclass(frozen=True)
class Report:
    filters: ReportFilters
    schools: list[SchoolFigures]
    enrolment: Distribution
    marks: Distribution
    learning: Distribution
    conduct: Distribution
    promotion: Distribution
    trend: list[TrendPoint]
    # Flags raised / resolved by rule ({rule: {metric: count}}).
    early_warnings: Distribution
    # {subject code: name in the page's language} from the current published standard.
    subject_names: dict[str, str] = field(default_factory=dict)

    def subject_name(self, code: object) -> str:
        """The subject's name (its code when the catalogue does not have it)."""
        return self.subject_names.get(str(code)) or str(code)


def report_build(
    *, scope: QuerySet[School], filters: ReportFilters, language: str | None = None
) -> Report:
    """The report of the schools in `scope` (the actor's) narrowed by `filters`; subjects
    named in `language` (the active language by default)."""
    schools = selectors.report_schools(schools=scope, filters=filters)
    sets = selectors.period_sets(schools=schools, filters=filters)
    return Report(
        filters=filters,
        schools=selectors.school_comparison(schools=schools, filters=filters, sets=sets),
        enrolment=selectors.enrolment_by_grade(sets=sets, filters=filters),
        marks=selectors.mark_bands_by_subject(sets=sets, filters=filters),
        learning=selectors.levels_by_grade(sets=sets, filters=filters, metric=LEARNING_LEVEL),
        conduct=selectors.levels_by_grade(sets=sets, filters=filters, metric=CONDUCT_LEVEL),
        promotion=selectors.levels_by_grade(sets=sets, filters=filters, metric=PROMOTION),
        trend=selectors.trend(schools=schools, filters=filters),
        early_warnings=selectors.early_warnings_by_rule(sets=sets),
        subject_names=standards_selectors.subject_names(language=language or get_language()),
    )
