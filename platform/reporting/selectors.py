"""Reads for the authority's reports: the figures schools published, never a school's tables.

The schools are the actor's (tenants.selectors.school_list_for_user); the page reads the sets
of the chosen year first (one query), then each figure by set ids, metric and grade, which the
index (figure_set, metric, grade) serves; sums run in PostgreSQL. Suppressed cells are left out
of sums and counted, so the page can say so.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL

from config.figures import (
    ATTENDANCE,
    CONDUCT_LEVEL,
    EARLY_WARNING_RAISED,
    EARLY_WARNING_RESOLVED,
    ENROLMENT,
    LEARNING_LEVEL,
    MARK_BAND,
    PORTAL_ADOPTION,
    PROMOTION,
)
from reporting.models import Figure, FigureSet
from standards.models import ConformanceResult
from tenants.models import Authority, School

GRADES = (6, 7, 8, 9)
GOOD_LEVELS = ("tot", "kha")


@dataclass(frozen=True)
class ReportFilters:
    """What the page and the API filter on; None means all (term None: the whole year)."""

    school_year: str | None = None
    term: int | None = None
    grade: int | None = None
    school: str | None = None  # the school's code
    authority: str | None = None  # a node's code


@dataclass(frozen=True)
class Cell:
    """A figure as shown: a number, or suppressed (fewer than 5 pupils), or missing."""

    value: float | int | None = None
    suppressed: bool = False

    @property
    def missing(self) -> bool:
        return self.value is None and not self.suppressed


@dataclass
class SchoolFigures:
    """One row of the comparison: a school's key figures for the period."""

    school_id: int
    code: str
    name: str
    authority: str
    computed_at: datetime.datetime | None = None
    pupils: Cell = field(default_factory=Cell)
    attendance: Cell = field(default_factory=Cell)
    learning_good: Cell = field(default_factory=Cell)
    conduct_good: Cell = field(default_factory=Cell)
    promoted: Cell = field(default_factory=Cell)
    portal_adoption: Cell = field(default_factory=Cell)
    # The last conformance check's score (standards.ConformanceResult), percent.
    data_quality: Cell = field(default_factory=Cell)


def report_schools(*, schools: QuerySet[School], filters: ReportFilters) -> QuerySet[School]:
    """The schools of `schools` (those the actor sees) under the filters' node and school."""
    if filters.authority:
        path = Authority.objects.filter(code=filters.authority).values("path")[:1]
        schools = schools.filter(authority__path__startswith=path)
    if filters.school:
        schools = schools.filter(code=filters.school)
    return schools


def report_years(*, schools: QuerySet[School]) -> list[str]:
    """The school years with published figures, newest first."""
    return list(
        FigureSet.objects.filter(school__in=schools)
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class PeriodSets:
    """The published sets of the year (term None) and of the chosen period, by school."""

    year_sets: dict[int, tuple[int, datetime.datetime]]  # school id -> (set id, computed at)
    period_sets: dict[int, tuple[int, datetime.datetime]]

    @property
    def year_ids(self) -> RawSQL:
        return _ids([set_id for set_id, _at in self.year_sets.values()])

    @property
    def period_ids(self) -> RawSQL:
        return _ids([set_id for set_id, _at in self.period_sets.values()])


def _ids(ids: list[int]) -> RawSQL:
    """`pk__in=_ids(ids)`: the ids as one array parameter (`IN (SELECT unnest(…))`), not one
    parameter each, which Django prepares one by one (a fifth of the page's time with 500
    schools)."""
    return RawSQL("SELECT unnest(%s::bigint[])", [ids])


def period_sets(*, schools: QuerySet[School], filters: ReportFilters) -> PeriodSets:
    """One query: the year's and the period's sets of the schools."""
    year_sets: dict[int, tuple[int, datetime.datetime]] = {}
    term_sets: dict[int, tuple[int, datetime.datetime]] = {}
    rows = FigureSet.objects.filter(school__in=schools, school_year=filters.school_year)
    rows = rows.filter(
        Q(term__isnull=True) | Q(term=filters.term) if filters.term else Q(term__isnull=True)
    )
    for set_id, school_id, term, computed_at in rows.values_list(
        "pk", "school_id", "term", "computed_at"
    ):
        (term_sets if term else year_sets)[school_id] = (set_id, computed_at)
    return PeriodSets(year_sets=year_sets, period_sets=term_sets if filters.term else year_sets)


def _grade(filters: ReportFilters) -> Q:
    return Q(grade=filters.grade) if filters.grade else Q(grade__isnull=True)


def _share(rows: list[tuple[str, int | None, int | None, bool]], levels: tuple[str, ...]) -> Cell:
    """The share (percent) of `levels` among a distribution's cells (level, value,
    denominator, suppressed); suppressed when a counted cell or every cell is."""
    if not rows:
        return Cell()
    denominators = [d for _level, _v, d, s in rows if not s and d]
    if not denominators or any(s for level, _v, _d, s in rows if level in levels):
        return Cell(suppressed=True)
    count = sum(v or 0 for level, v, _d, _s in rows if level in levels)
    return Cell(round(100 * count / denominators[0], 1))


def _rate(row: tuple[str, int | None, int | None, bool] | None) -> Cell:
    if row is None:
        return Cell()
    _level, value, denominator, suppressed = row
    if suppressed or not denominator:
        return Cell(suppressed=suppressed)
    return Cell(round(100 * (value or 0) / denominator, 1))


def school_comparison(
    *, schools: QuerySet[School], filters: ReportFilters, sets: PeriodSets
) -> list[SchoolFigures]:
    """The comparison table: each school's key figures for the period (four queries)."""
    result = {
        school_id: SchoolFigures(
            school_id=school_id, code=code, name=name, authority=authority or ""
        )
        for school_id, code, name, authority in schools.order_by("name", "pk").values_list(
            "pk", "code", "name", "authority__name"
        )
    }
    for school_id, (_set_id, computed_at) in sets.period_sets.items():
        if school_id in result:
            result[school_id].computed_at = computed_at
    # Two queries, each one list of sets (an OR of both defeats the index).
    by_year = Q(figure_set_id__in=sets.year_ids) & (
        Q(metric__in=[ENROLMENT, PROMOTION], sex="") & _grade(filters)
        | Q(metric=PORTAL_ADOPTION, grade__isnull=True)
    )
    by_period = Q(
        figure_set_id__in=sets.period_ids,
        metric__in=[ATTENDANCE, LEARNING_LEVEL, CONDUCT_LEVEL],
        subject="",
    ) & _grade(filters)
    school_of = {set_id: school_id for school_id, (set_id, _at) in sets.year_sets.items()}
    school_of.update({set_id: school_id for school_id, (set_id, _at) in sets.period_sets.items()})
    cells: dict[tuple[int, str], list[tuple[str, int | None, int | None, bool]]] = defaultdict(list)
    for condition in (by_year, by_period):
        for set_id, metric, level, value, denominator, suppressed in Figure.objects.filter(
            condition
        ).values_list("figure_set_id", "metric", "level", "value", "denominator", "suppressed"):
            cells[(school_of[set_id], metric)].append((level, value, denominator, suppressed))
    for school_id, row in result.items():
        enrolment = cells.get((school_id, ENROLMENT))
        if enrolment:
            _level, value, _d, suppressed = enrolment[0]
            row.pupils = Cell(value, suppressed)
        row.attendance = _rate(next(iter(cells.get((school_id, ATTENDANCE), [])), None))
        row.learning_good = _share(cells.get((school_id, LEARNING_LEVEL), []), GOOD_LEVELS)
        row.conduct_good = _share(cells.get((school_id, CONDUCT_LEVEL), []), GOOD_LEVELS)
        row.promoted = _share(cells.get((school_id, PROMOTION), []), ("promoted",))
        row.portal_adoption = _rate(next(iter(cells.get((school_id, PORTAL_ADOPTION), [])), None))
    # Data quality: the school's last conformance check against its adopted standard.
    for school_id, score in ConformanceResult.objects.filter(school__in=schools).values_list(
        "school_id", "score"
    ):
        if school_id in result:
            result[school_id].data_quality = Cell(float(score))
    return list(result.values())


@dataclass(frozen=True)
class Distribution:
    """Sums over the schools: {row key: {category: count}}, and how many cells were
    suppressed (left out of the sums)."""

    counts: dict[object, dict[str, int]]
    suppressed: int


def _distribution(queryset: QuerySet[Figure], row: str, category: str) -> Distribution:
    counts: dict[object, dict[str, int]] = defaultdict(dict)
    suppressed = 0
    for key, cat, total, hidden in (
        queryset.values(row, category)
        .annotate(total=Sum("value"), hidden=Count("pk", filter=Q(suppressed=True)))
        .values_list(row, category, "total", "hidden")
        .order_by(row, category)
    ):
        counts[key][str(cat)] = int(total or 0)
        suppressed += hidden
    return Distribution(counts=dict(counts), suppressed=suppressed)


def enrolment_by_grade(*, sets: PeriodSets, filters: ReportFilters) -> Distribution:
    """Pupils by grade and sex, summed over the schools."""
    queryset = Figure.objects.filter(
        figure_set_id__in=sets.year_ids, metric=ENROLMENT, sex__in=["M", "F"]
    )
    queryset = (
        queryset.filter(grade=filters.grade)
        if filters.grade
        else queryset.exclude(grade__isnull=True)
    )
    return _distribution(queryset, "grade", "sex")


def levels_by_grade(*, sets: PeriodSets, filters: ReportFilters, metric: str) -> Distribution:
    """A distribution (learning, conduct levels; promotion decisions) by grade."""
    ids = sets.year_ids if metric == PROMOTION else sets.period_ids
    queryset = Figure.objects.filter(figure_set_id__in=ids, metric=metric)
    queryset = (
        queryset.filter(grade=filters.grade)
        if filters.grade
        else queryset.exclude(grade__isnull=True)
    )
    return _distribution(queryset, "grade", "level")


def mark_bands_by_subject(*, sets: PeriodSets, filters: ReportFilters) -> Distribution:
    """Pupils per band of their subject average, by subject, summed over the schools."""
    queryset = Figure.objects.filter(figure_set_id__in=sets.period_ids, metric=MARK_BAND).filter(
        _grade(filters)
    )
    return _distribution(queryset, "subject", "band")


def early_warnings_by_rule(*, sets: PeriodSets) -> Distribution:
    """Early-warning flags raised and resolved in the period, by rule, summed over the
    schools (counts only: the schools publish no pupil, no reason)."""
    queryset = Figure.objects.filter(
        figure_set_id__in=sets.period_ids,
        metric__in=[EARLY_WARNING_RAISED, EARLY_WARNING_RESOLVED],
        grade__isnull=True,
    )
    return _distribution(queryset, "level", "metric")


@dataclass(frozen=True)
class TrendPoint:
    school_year: str
    term: int | None
    pupils: int
    attendance: Cell
    suppressed: int


def trend(*, schools: QuerySet[School], filters: ReportFilters) -> list[TrendPoint]:
    """Over time: pupils and attendance rate of every published period of the schools."""
    rows = (
        Figure.objects.filter(
            figure_set__school__in=schools, metric__in=[ENROLMENT, ATTENDANCE], sex=""
        )
        .filter(_grade(filters))
        .values_list("figure_set__school_year", "figure_set__term", "metric")
        .annotate(
            value=Sum("value"),
            denominator=Sum("denominator"),
            hidden=Count("pk", filter=Q(suppressed=True)),
        )
        .order_by("figure_set__school_year", "figure_set__term", "metric")
    )
    points: dict[tuple[str, int | None], dict[str, tuple[int, int, int]]] = defaultdict(dict)
    for year, term, metric, value, denominator, hidden in rows:
        points[(year, term)][metric] = (int(value or 0), int(denominator or 0), hidden)
    result = []
    for (year, term), metrics in sorted(
        points.items(), key=lambda item: (item[0][0], item[0][1] or 0)
    ):
        attended, expected, hidden = metrics.get(ATTENDANCE, (0, 0, 0))
        pupils = metrics.get(ENROLMENT, (0, 0, 0))
        result.append(
            TrendPoint(
                school_year=year,
                term=term,
                pupils=pupils[0],
                attendance=Cell(round(100 * attended / expected, 1)) if expected else Cell(),
                suppressed=hidden + pupils[2],
            )
        )
    return result
