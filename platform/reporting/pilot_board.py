"""Reads for the pilot pages (/pilot/): each school's weekly KPIs (reporting.PilotKpi), its
system health (reporting.RequestHealth) and onboarding milestones, and the cohorts' figures
(pilot vs comparison). Runs in the public schema.

Six queries whatever the number of schools and weeks: the schools; each cohort's KPIs and
health summed in PostgreSQL (a cohort's rate is the sum of its schools' values over the sum of
their denominators, week by week; its health adds the schools' histograms bucket by bucket);
then, for the schools shown (one page of them on the dashboard), their KPI rows, their health
summed per week and their milestones. Health figures come from the merged histograms
(reporting.health.health_summary). Baseline vs now: the first and the last BASELINE_WEEKS
weeks of the period that have data.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Max, Min, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.pilot import (
    ACTIVE_GUARDIANS,
    ACTIVE_STAFF,
    ATTENDANCE_ON_TIME,
    DATA_QUALITY,
    KPI_METRICS,
    MARKS_COMPLETE,
    MARKS_ON_TIME,
    week_of,
)
from onboarding.models import Milestone
from reporting.health import Health, health_summary
from reporting.models import HEALTH_BUCKETS_MS, PilotKpi, RequestHealth
from reporting.selectors import _ids
from tenants.models import Cohort, School

BASELINE_WEEKS = 4
# The default period is the school year so far; it turns over in August (as the demo's).
SCHOOL_YEAR_START_MONTH = 8
# The longest period a page, export or report covers (two school years).
MAX_PERIOD_DAYS = 731
METRIC_LABELS = {
    ACTIVE_STAFF: _("Weekly active staff"),
    ACTIVE_GUARDIANS: _("Weekly active guardians"),
    ATTENDANCE_ON_TIME: _("Attendance taken by 09:00"),
    MARKS_ON_TIME: _("Marks on time"),
    MARKS_COMPLETE: _("Marks complete"),
    DATA_QUALITY: _("Data quality"),
}
COHORT_LABELS = {Cohort.PILOT: _("Pilot cohort"), Cohort.COMPARISON: _("Comparison cohort")}


@dataclass(frozen=True)
class Period:
    """The days start..end (inclusive); its weeks are the Mondays of the weeks it touches."""

    start: datetime.date
    end: datetime.date

    @property
    def weeks(self) -> list[datetime.date]:
        first, last = week_of(self.start), week_of(self.end)
        return [first + datetime.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def period_default(*, today: datetime.date | None = None) -> Period:
    """The current school year so far."""
    today = today or timezone.localdate()
    year = today.year if today.month >= SCHOOL_YEAR_START_MONTH else today.year - 1
    return Period(start=datetime.date(year, SCHOOL_YEAR_START_MONTH, 1), end=today)


@dataclass(frozen=True)
class Rate:
    """`value` out of `denominator` (no data when the denominator is 0), and when the oldest
    of the figures it adds up was computed."""

    value: int = 0
    denominator: int = 0
    computed_at: datetime.datetime | None = None

    @property
    def percent(self) -> float | None:
        return round(100 * self.value / self.denominator, 1) if self.denominator else None

    def __add__(self, other: "Rate") -> "Rate":
        times = [t for t in (self.computed_at, other.computed_at) if t is not None]
        return Rate(
            value=self.value + other.value,
            denominator=self.denominator + other.denominator,
            computed_at=min(times) if times else None,
        )


def rate_sum(rates: Iterable[Rate]) -> Rate:
    """The rates added up (the oldest computation time kept)."""
    value = denominator = 0
    oldest: datetime.datetime | None = None
    for rate in rates:
        value += rate.value
        denominator += rate.denominator
        if rate.computed_at is not None and (oldest is None or rate.computed_at < oldest):
            oldest = rate.computed_at
    return Rate(value=value, denominator=denominator, computed_at=oldest)


@dataclass(frozen=True)
class Change:
    """A figure at the start of the period (its first weeks with data) and now (its last)."""

    baseline: Rate
    now: Rate
    weeks: int  # weeks with data

    @property
    def change(self) -> float | None:
        if self.baseline.percent is None or self.now.percent is None:
            return None
        return round(self.now.percent - self.baseline.percent, 1)

    @property
    def overlapping(self) -> bool:
        """Fewer than twice BASELINE_WEEKS weeks of data: baseline and now share weeks."""
        return self.weeks < 2 * BASELINE_WEEKS


@dataclass(frozen=True)
class HealthChange:
    baseline: Health | None
    now: Health | None
    weeks: int


def change_of(series: dict[datetime.date, Rate]) -> Change:
    """Baseline (first BASELINE_WEEKS weeks with data) vs now (last ones) of a weekly series."""
    weeks = sorted(week for week, rate in series.items() if rate.denominator)
    return Change(
        baseline=rate_sum(series[w] for w in weeks[:BASELINE_WEEKS]),
        now=rate_sum(series[w] for w in weeks[-BASELINE_WEEKS:]),
        weeks=len(weeks),
    )


def health_change_of(rows: dict[datetime.date, RequestHealth]) -> HealthChange:
    weeks = sorted(week for week, row in rows.items() if row.requests)
    if not weeks:
        return HealthChange(baseline=None, now=None, weeks=0)
    return HealthChange(
        baseline=health_summary(rows[w] for w in weeks[:BASELINE_WEEKS]),
        now=health_summary(rows[w] for w in weeks[-BASELINE_WEEKS:]),
        weeks=len(weeks),
    )


@dataclass(frozen=True)
class MilestoneDate:
    code: str
    label: str
    reached_at: datetime.datetime | None


@dataclass
class Unit:
    """A school or a cohort on the pilot pages: its weekly KPIs, health and milestones."""

    key: str  # the school's slug, or the cohort's value
    name: str
    cohort: str
    code: str = ""
    authority: str = ""
    is_cohort: bool = False
    members: list[str] = field(default_factory=list)  # a cohort's school names
    kpis: dict[str, dict[datetime.date, Rate]] = field(default_factory=dict)
    health_weeks: dict[datetime.date, RequestHealth] = field(default_factory=dict)
    measured_until: datetime.date | None = None
    milestones: list[MilestoneDate] = field(default_factory=list)

    @cached_property
    def computed_at(self) -> datetime.datetime | None:
        """When its KPIs were last computed (a cohort: the stalest of its schools)."""
        times = [r.computed_at for s in self.kpis.values() for r in s.values() if r.computed_at]
        if not times:
            return None
        return min(times) if self.is_cohort else max(times)

    def total(self, metric: str) -> Rate:
        return rate_sum(self.kpis.get(metric, {}).values())

    def latest(self, metric: str) -> tuple[datetime.date, Rate] | None:
        """The last week with data of a KPI."""
        weeks = [(w, r) for w, r in sorted(self.kpis.get(metric, {}).items()) if r.denominator]
        return weeks[-1] if weeks else None

    def change(self, metric: str) -> Change:
        return change_of(self.kpis.get(metric, {}))

    @cached_property
    def health(self) -> Health | None:
        """Health over the whole period (None: nothing measured)."""
        return health_summary(self.health_weeks.values()) if self.health_weeks else None

    def health_by_week(self) -> dict[datetime.date, Health]:
        return {week: health_summary([row]) for week, row in sorted(self.health_weeks.items())}

    @cached_property
    def health_change(self) -> HealthChange:
        return health_change_of(self.health_weeks)


@dataclass(frozen=True)
class PilotBoard:
    period: Period
    weeks: list[datetime.date]
    pilot: list[Unit]  # the pilot schools shown one by one
    comparison: list[Unit]  # the comparison schools shown one by one
    cohorts: list[Unit]  # the pilot cohort, then the comparison cohort
    page: Page[tuple[int, Unit]] | None = None  # which page of the schools shown this is
    metrics: Sequence[str] = KPI_METRICS

    @property
    def schools(self) -> list[Unit]:
        return [*self.pilot, *self.comparison]

    def metric_label(self, metric: str) -> str:
        return str(METRIC_LABELS.get(metric, metric))


def _bucket(row: dict[str, Any], week: datetime.date) -> RequestHealth:
    return RequestHealth(
        day=week,
        requests=row["total_requests"],
        errors=row["total_errors"],
        duration_ms=row["total_ms"],
        buckets=[int(row[f"b{i}"] or 0) for i in range(len(HEALTH_BUCKETS_MS) + 1)],
    )


def _health_rows(
    school_ids: list[int], period: Period, *, key: str
) -> dict[Any, tuple[dict[datetime.date, RequestHealth], datetime.date]]:
    """Health per week, summed in PostgreSQL by `key` ("school_id", or "school__is_pilot" for
    the cohorts: the schools' histograms added bucket by bucket), with the last day measured.
    One query."""
    bucket_sums = {f"b{i}": Sum(F(f"buckets__{i}")) for i in range(len(HEALTH_BUCKETS_MS) + 1)}
    rows = (
        RequestHealth.objects.filter(
            school_id__in=_ids(school_ids), day__gte=period.start, day__lte=period.end
        )
        .annotate(monday=TruncWeek("day"))
        .values(key, "monday")
        .annotate(
            total_requests=Sum("requests"),
            total_errors=Sum("errors"),
            total_ms=Sum("duration_ms"),
            last_day=Max("day"),
            **bucket_sums,
        )
        .order_by()
    )
    result: dict[Any, tuple[dict[datetime.date, RequestHealth], datetime.date]] = {}
    for row in rows:
        week = row["monday"]
        week = week.date() if isinstance(week, datetime.datetime) else week
        weeks, last = result.get(row[key], ({}, row["last_day"]))
        weeks[week] = _bucket(row, week)
        result[row[key]] = (weeks, max(last, row["last_day"]))
    return result


def _kpi_rows(
    school_ids: list[int], period: Period, *, key: str
) -> dict[Any, dict[str, dict[datetime.date, Rate]]]:
    """KPI rows by `key` ("school_id"; "school__is_pilot" sums each cohort's values and
    denominators in PostgreSQL, keeping the oldest computation time). One query."""
    rows = PilotKpi.objects.filter(
        school_id__in=_ids(school_ids), week__gte=week_of(period.start), week__lte=period.end
    )
    if key != "school_id":
        rows = rows.values(key, "week", "metric").annotate(
            value=Sum("value"), denominator=Sum("denominator"), computed_at=Min("computed_at")
        )
    result: dict[Any, dict[str, dict[datetime.date, Rate]]] = {}
    for owner, week, metric, value, denominator, computed_at in rows.values_list(
        key, "week", "metric", "value", "denominator", "computed_at"
    ).order_by(key, "week"):
        series = result.setdefault(owner, {}).setdefault(metric, {})
        series[week] = Rate(value, denominator, computed_at)
    return result


def pilot_board(
    *,
    schools: QuerySet[School],
    period: Period,
    shown: Callable[[bool, str | None], bool],
    slug: str | None = None,
    page: int | str | None = None,
    page_size: int | None = None,
) -> PilotBoard:
    """The board of `schools` (those of the pilot pages the actor sees) over `period`.

    `shown(is_pilot, authority_path)` says whether a school is shown one by one (else only in
    its cohort's figures). With `slug`, only that school is shown; with `page_size`, one page
    of the schools shown (pilot first, then comparison, by name). The cohorts always count
    every school. Six queries: the schools; the cohorts' KPIs and health, summed in
    PostgreSQL; the shown schools' KPI rows, weekly health and milestones.
    """
    units: dict[int, Unit] = {}
    shown_units: list[tuple[int, Unit]] = []
    # Every school of the scope is in a cohort (pilot_school_list_for_actor): not pilot is
    # comparison.
    rows = schools.order_by("-is_pilot", "name", "pk").values_list(
        "pk", "code", "name", "slug", "is_pilot", "authority__name", "authority__path"
    )
    for pk, code, name, school_slug, is_pilot, authority, path in rows:
        units[pk] = Unit(
            key=school_slug,
            name=name,
            code=code,
            authority=authority or "",
            cohort=Cohort.PILOT if is_pilot else Cohort.COMPARISON,
            kpis={metric: {} for metric in KPI_METRICS},
        )
        if shown(is_pilot, path) and (slug is None or school_slug == slug):
            shown_units.append((pk, units[pk]))
    paginated = Paginator(shown_units, page_size or max(len(shown_units), 1)).get_page(page)
    detailed = dict(paginated.object_list)
    ids, detail_ids = list(units), list(detailed)
    cohorts = {
        cohort: Unit(
            key=cohort,
            name=str(COHORT_LABELS[cohort]),
            cohort=cohort,
            is_cohort=True,
            members=[u.name for u in units.values() if u.cohort == cohort],
            kpis={metric: {} for metric in KPI_METRICS},
        )
        for cohort in (Cohort.PILOT, Cohort.COMPARISON)
    }
    by_flag = {True: cohorts[Cohort.PILOT], False: cohorts[Cohort.COMPARISON]}
    for is_pilot, series in _kpi_rows(ids, period, key="school__is_pilot").items():
        by_flag[is_pilot].kpis.update(series)
    for is_pilot, (weeks, last_day) in _health_rows(ids, period, key="school__is_pilot").items():
        by_flag[is_pilot].health_weeks, by_flag[is_pilot].measured_until = weeks, last_day
    for school_id, series in _kpi_rows(detail_ids, period, key="school_id").items():
        detailed[school_id].kpis.update(series)
    for school_id, (weeks, last_day) in _health_rows(detail_ids, period, key="school_id").items():
        detailed[school_id].health_weeks, detailed[school_id].measured_until = weeks, last_day
    reached: dict[int, dict[str, datetime.datetime]] = {}
    for school_id, step, reached_at in Milestone.objects.filter(
        school_id__in=_ids(detail_ids)
    ).values_list("school_id", "step", "reached_at"):
        reached.setdefault(school_id, {})[step] = reached_at
    for school_id, unit in detailed.items():
        dates = reached.get(school_id, {})
        unit.milestones = [
            MilestoneDate(code=step.value, label=str(step.label), reached_at=dates.get(step))
            for step in Milestone.Step
        ]
    return PilotBoard(
        period=period,
        weeks=period.weeks,
        pilot=[u for u in detailed.values() if u.cohort == Cohort.PILOT],
        comparison=[u for u in detailed.values() if u.cohort == Cohort.COMPARISON],
        cohorts=list(cohorts.values()),
        page=paginated,
    )
