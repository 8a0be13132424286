"""Publishing a school's figures: computed in its schema, written to the public schema.

This module is the one place reporting enters a school's schema. The computers registered in
config.figures count the school's own rows there; the cells of fewer than MIN_CELL pupils are
suppressed here, before anything is written, so a small number never reaches the public schema.
"""

import datetime
import logging

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from config.figures import FigureRow, figure_computers
from reporting.models import MIN_CELL, Figure, FigureSet
from tenants.models import School

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


def figure_from_row(row: FigureRow) -> Figure:
    """The public cell of a computed row: suppressed (no value) under MIN_CELL pupils."""
    suppressed = row.population < MIN_CELL
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
            for row in by_period[(figure_set.school_year, figure_set.term)]:
                figure = figure_from_row(row)
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
