"""Publishing a school's figures: computed in its schema, written to the public schema.

This module is the one place reporting enters a school's schema. The computers registered in
config.figures count the school's own rows there; the cells of fewer than MIN_CELL pupils are
suppressed here, before anything is written, so a small number never reaches the public schema,
and so are the complementary cells that would let it be recovered by subtraction from a
published total (`suppression`).
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from config.figures import (
    CONDUCT_LEVEL,
    LEARNING_LEVEL,
    MARK_BAND,
    PROMOTION,
    FigureRow,
    figure_computers,
)
from config.pilot import KpiRow, kpi_computers, week_of
from reporting.models import MIN_CELL, Figure, FigureSet, PilotKpi
from tenants.models import Cohort, School

logger = logging.getLogger(__name__)


def school_figures_compute(*, school: School) -> list[FigureRow]:
    """Every registered computer's rows, computed in the school's schema."""
    computers = figure_computers()
    if not computers:
        raise ImproperlyConfigured(
            "No figure computer registered (config.figures): is core_school.figures installed?"
        )
    # TENANCY: the computers count the school's own rows, so they run in its schema;
    # tenant_context puts the connection back on the caller's schema afterwards.
    with tenant_context(school):
        rows: list[FigureRow] = []
        for computer in computers.values():
            rows += computer()
        return rows


# Metrics whose cells of one group (same period, grade, sex, subject) are categories that
# partition it: their values sum to the group's denominator, which every cell publishes.
DISTRIBUTIONS = frozenset({MARK_BAND, LEARNING_LEVEL, CONDUCT_LEVEL, PROMOTION})


# A node of a sum: one cell, or the cells of one distribution group together (their common
# denominator is published while any of them is). A node is hidden when all its cells are.
Node = tuple[int, ...]


@dataclass(frozen=True)
class SumGroup:
    """Nodes (indices into the rows) whose values sum to a published figure: the `total` node,
    or (total None) the denominator every cell of a distribution's group publishes."""

    members: tuple[Node, ...]
    total: Node | None


def summing_groups(rows: Sequence[FigureRow]) -> list[SumGroup]:
    """Every group of rows that sums to another published figure (core_school.figures):

    - the grades of a cell sum to the school's cell (grade None), every metric with both;
    - the sexes of a cell sum to its all-sexes cell (sex ""): enrolment;
    - the bands (mark_band) or levels (learning, conduct, promotion) of one group sum to its
      denominator, which each unsuppressed cell of the group shows;
    - and those denominators of the grades sum to the school's.
    """
    index = {_cell_key(row): i for i, row in enumerate(rows)}
    by_grade: dict[tuple[object, ...], list[int]] = defaultdict(list)
    by_sex: dict[tuple[object, ...], list[int]] = defaultdict(list)
    by_category: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        year, term, metric, grade, sex, subject, band, level = _cell_key(row)
        if grade is not None:
            by_grade[(year, term, metric, None, sex, subject, band, level)].append(i)
        if sex:
            by_sex[(year, term, metric, grade, "", subject, band, level)].append(i)
        if metric in DISTRIBUTIONS:
            by_category[(year, term, metric, grade, sex, subject)].append(i)
    groups = [
        SumGroup(tuple((i,) for i in members), (index[total],))
        for parts in (by_grade, by_sex)
        for total, members in parts.items()
        if total in index
    ]
    groups += [SumGroup(tuple((i,) for i in members), None) for members in by_category.values()]
    denominators: dict[tuple[object, ...], list[Node]] = defaultdict(list)
    for (year, term, metric, grade, sex, subject), members in by_category.items():
        if grade is not None:
            denominators[(year, term, metric, None, sex, subject)].append(tuple(members))
    groups += [
        SumGroup(tuple(members), tuple(by_category[school]))
        for school, members in denominators.items()
        if school in by_category
    ]
    return groups


def _cell_key(row: FigureRow) -> tuple[object, ...]:
    return (
        row.school_year,
        row.term,
        row.metric,
        row.grade,
        row.sex,
        row.subject,
        row.band,
        row.level,
    )


def suppression(rows: Sequence[FigureRow]) -> list[bool]:
    """Which rows are published without their numbers.

    Primary: a cell of fewer than MIN_CELL pupils. Complementary: a suppressed cell alone in a
    group that sums to a published figure would be that figure minus the group's other cells,
    so the group's next smallest cell (by population, then value) is suppressed too, or the
    total when nothing else is left; repeated until no group has exactly one suppressed cell
    with its total published (a complement may open another group).
    """
    suppressed = [row.population < MIN_CELL for row in rows]

    def hidden(node: Node) -> bool:
        return all(suppressed[i] for i in node)

    def size(node: Node) -> tuple[int, int, Node]:
        return (
            sum(rows[i].population for i in node),
            sum(rows[i].value for i in node),
            node,
        )

    groups = summing_groups(rows)
    changed = True
    while changed:
        changed = False
        for group in groups:
            if sum(hidden(m) for m in group.members) != 1:
                continue
            if group.total is not None and hidden(group.total):
                continue
            shown = [m for m in group.members if not hidden(m)]
            if shown:
                complement = min(shown, key=size)
            elif group.total is not None:
                complement = group.total
            else:  # a lone category: its denominator (the total) is hidden with it
                continue
            for i in complement:
                suppressed[i] = True
            changed = True
    return suppressed


def figure_from_row(row: FigureRow, *, suppressed: bool | None = None) -> Figure:
    """The public cell of a computed row: suppressed (no value) under MIN_CELL pupils, or
    when `suppressed` says so (complementary suppression, see `suppression`)."""
    suppressed = row.population < MIN_CELL if suppressed is None else suppressed
    return Figure(
        metric=row.metric,
        grade=row.grade,
        sex=row.sex,
        subject=row.subject,
        band=row.band,
        level=row.level,
        value=None if suppressed else row.value,
        denominator=None if suppressed else row.denominator,
        suppressed=suppressed,
    )


def school_figures_publish(
    *, school: School, rows: list[FigureRow], computed_at: datetime.datetime | None = None
) -> int:
    """Replace the school's published figures of every period in `rows`, in one transaction.

    Periods the computation did not produce keep what was published before (an older year
    whose data was archived stays visible). Returns the number of cells written.
    """
    computed_at = computed_at or timezone.now()
    by_period: dict[tuple[str, int | None], list[FigureRow]] = {}
    for row in rows:
        by_period.setdefault((row.school_year, row.term), []).append(row)
    with transaction.atomic():
        for school_year, term in by_period:
            FigureSet.objects.filter(school=school, school_year=school_year, term=term).delete()
        sets = FigureSet.objects.bulk_create(
            FigureSet(school=school, school_year=year, term=term, computed_at=computed_at)
            for year, term in by_period
        )
        figures = []
        for figure_set in sets:
            period = by_period[(figure_set.school_year, figure_set.term)]
            for row, suppressed in zip(period, suppression(period), strict=True):
                figure = figure_from_row(row, suppressed=suppressed)
                figure.figure_set = figure_set
                figures.append(figure)
        Figure.objects.bulk_create(figures, batch_size=5000)
    return len(figures)


def school_figures_refresh(*, school: School) -> int:
    """Compute the school's figures in its schema and publish them (one transaction)."""
    rows = school_figures_compute(school=school)
    written = school_figures_publish(school=school, rows=rows)
    logger.info("School %s (%s): %d figures published", school.code, school.schema_name, written)
    return written


# How far back the nightly refresh recomputes the pilot KPIs: the current school year (from
# August) and at least this many weeks, so a baseline taken before the year stays fresh.
KPI_WEEKS_BACK = 26


def kpi_window(*, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(since, until) of the nightly KPI refresh: from the start of the current school year
    (1 August) or 26 weeks back, whichever is earlier, to today."""
    year_start = datetime.date(today.year if today.month >= 8 else today.year - 1, 8, 1)
    return min(year_start, today - datetime.timedelta(weeks=KPI_WEEKS_BACK)), today


def school_kpis_compute(
    *, school: School, since: datetime.date, until: datetime.date
) -> list[KpiRow]:
    """Every registered KPI computer's rows for the weeks since..until, computed in the
    school's schema (read-only, one transaction)."""
    computers = kpi_computers()
    if not computers:
        raise ImproperlyConfigured(
            "No KPI computer registered (config.pilot): is core_school.figures installed?"
        )
    # TENANCY: the computers count the school's own rows, so they run in its schema;
    # tenant_context puts the connection back on the caller's schema afterwards.
    with tenant_context(school), transaction.atomic():
        rows: list[KpiRow] = []
        for computer in computers.values():
            rows += computer(since=since, until=until)
        return rows


def school_kpis_publish(
    *,
    school: School,
    since: datetime.date,
    until: datetime.date,
    computed_at: datetime.datetime | None = None,
) -> int:
    """Compute the school's pilot KPIs of the weeks from `since`'s to `until`'s in its schema
    and replace what was published for those weeks (one transaction in the public schema);
    weeks outside keep their rows. Returns the number of rows written."""
    rows = school_kpis_compute(school=school, since=since, until=until)
    computed_at = computed_at or timezone.now()
    first, last = week_of(since), week_of(until)
    with transaction.atomic():
        PilotKpi.objects.filter(school=school, week__gte=first, week__lte=last).delete()
        written = PilotKpi.objects.bulk_create(
            PilotKpi(
                school=school,
                week=row.week,
                metric=row.metric,
                value=row.value,
                denominator=row.denominator,
                computed_at=computed_at,
            )
            for row in rows
            if first <= row.week <= last
        )
    logger.info(
        "School %s (%s): %d KPI rows published", school.code, school.schema_name, len(written)
    )
    return len(written)


def school_kpis_refresh(*, school: School, today: datetime.date | None = None) -> int:
    """Publish the school's KPIs over the nightly window (kpi_window); the rows written.

    Only schools in the pilot evaluation (pilot or comparison cohort) count them: the pilot
    pages show no other school, and the nightly refresh of 500 schools stays within its
    budget. A school out of the cohorts writes nothing (0) and keeps what it published.
    """
    if school.cohort == Cohort.NONE:
        return 0
    since, until = kpi_window(today=today or timezone.localdate())
    return school_kpis_publish(school=school, since=since, until=until)
