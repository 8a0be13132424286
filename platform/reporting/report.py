"""Everything the reports page shows, read once for the page, its exports and the API."""

from dataclasses import dataclass

from django.db.models import QuerySet

from config.figures import CONDUCT_LEVEL, LEARNING_LEVEL, PROMOTION
from reporting import selectors
from reporting.selectors import Distribution, ReportFilters, SchoolFigures, TrendPoint
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


def report_build(*, scope: QuerySet[School], filters: ReportFilters) -> Report:
    """The report of the schools in `scope` (the actor's) narrowed by `filters`."""
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
    )
