"""The pilot pages (root domain, /pilot/): the university team's view of the pilot.

Console users only (access.console_required). The university monitor reads every pilot school
and the comparison cohort's figures (counts, never a person); an operator the pilot and
comparison schools under their nodes; a superuser all. Read-only: nothing here changes a
school. A fixed number of queries whatever the number of schools and weeks (pilot_board).
"""

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from console import selectors as console_selectors
from console.access import ConsoleActor, console_required
from reporting import charts, pilot_exports, pilot_report
from reporting.forms import PilotPeriodForm
from reporting.health import Health
from reporting.pilot_board import METRIC_LABELS, PilotBoard, Unit, pilot_board

# Schools (cards) per page of the dashboard.
PAGE_SIZE = 50


def _actor(request: HttpRequest) -> ConsoleActor:
    return request.console_actor  # type: ignore[attr-defined,no-any-return]


def _board(
    request: HttpRequest, slug: str | None = None, *, paged: bool = False
) -> tuple[PilotPeriodForm, PilotBoard]:
    actor = _actor(request)
    bound = "start" in request.GET or "end" in request.GET
    form = PilotPeriodForm(request.GET if bound else None)
    period = form.period()
    if not bound:
        form = PilotPeriodForm(initial={"start": period.start, "end": period.end})
    board = pilot_board(
        schools=console_selectors.pilot_school_list_for_actor(actor=actor),
        period=period,
        shown=lambda is_pilot, path: console_selectors.pilot_school_shown_individually(
            actor=actor, is_pilot=is_pilot, authority_path=path
        ),
        slug=slug,
        page=request.GET.get("page") if paged else None,
        page_size=PAGE_SIZE if paged else None,
    )
    return form, board


def _percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:g} %"


def _ms_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} ms"


def _week_labels(weeks: list[datetime.date]) -> dict[datetime.date, str]:
    label = _("Week of %(day)s")
    return {week: label % {"day": week.strftime("%d/%m/%Y")} for week in weeks}


def _svg(
    points: list[tuple[str, float | None, str]], *, chart_id: str, title: str, top: float | None
) -> str:
    chart = charts.column_chart(points, top=top)
    return mark_safe(charts.column_svg(chart, chart_id=chart_id, title=title))  # noqa: S308 - escaped by column_svg


def _kpi_rows(unit: Unit, labels: dict[datetime.date, str], prefix: str) -> list[dict[str, Any]]:
    rows = []
    for metric, series in unit.kpis.items():
        latest = unit.latest(metric)
        label = str(METRIC_LABELS.get(metric, metric))
        points = []
        for week, week_label in labels.items():
            rate = series.get(week)
            text = (
                f"{_percent_text(rate.percent)} ({rate.value}/{rate.denominator})" if rate else "—"
            )
            points.append((week_label, rate.percent if rate else None, text))
        rows.append(
            {
                "metric": metric,
                "label": label,
                "svg": _svg(points, chart_id=f"{prefix}-{unit.key}-{metric}", title=label, top=100),
                "latest": latest[1] if latest else None,
                "latest_week": latest[0] if latest else None,
                "total": unit.total(metric),
                "change": unit.change(metric),
                "computed_at": max(
                    (r.computed_at for r in series.values() if r.computed_at), default=None
                ),
            }
        )
    return rows


def _health_charts(unit: Unit, labels: dict[datetime.date, str], prefix: str) -> dict[str, Any]:
    by_week: dict[datetime.date, Health] = unit.health_by_week()
    p95, errors = [], []
    for week, week_label in labels.items():
        health = by_week.get(week)
        p95.append(
            (week_label, health.p95_ms if health else None, _ms_text(health and health.p95_ms))
        )
        errors.append(
            (
                week_label,
                health.error_rate if health else None,
                _percent_text(health and health.error_rate),
            )
        )
    return {
        "p95": _svg(
            p95,
            chart_id=f"{prefix}-{unit.key}-p95",
            title=_("Response time p95 per week (ms)"),
            top=None,
        ),
        "errors": _svg(
            errors,
            chart_id=f"{prefix}-{unit.key}-errors",
            title=_("Server errors per week (%)"),
            top=None,
        ),
        "total": unit.health,
        "change": unit.health_change,
    }


def _card(unit: Unit, labels: dict[datetime.date, str], prefix: str) -> dict[str, Any]:
    return {
        "unit": unit,
        "kpis": _kpi_rows(unit, labels, prefix),
        "health": _health_charts(unit, labels, prefix),
    }


def _context(request: HttpRequest, form: PilotPeriodForm, board: PilotBoard) -> dict[str, Any]:
    period = board.period
    labels = _week_labels(board.weeks)
    return {
        "actor": _actor(request),
        "form": form,
        "board": board,
        "query": f"start={period.start.isoformat()}&end={period.end.isoformat()}",
        "metric_labels": {m: board.metric_label(m) for m in board.metrics},
        "cohorts": [_card(unit, labels, "cohort") for unit in board.cohorts],
        # A page of schools on the dashboard; the cohorts, the CSV and the report have them all.
        "page": board.page,
        "pilot": [_card(unit, labels, "school") for unit in board.pilot],
        "comparison": [_card(unit, labels, "school") for unit in board.comparison],
    }


@require_GET
@console_required
def pilot_page(request: HttpRequest) -> HttpResponse:
    """The pilot at a glance: each school's KPIs week by week, and the cohorts compared."""
    form, board = _board(request, paged=True)
    return render(request, "reporting/pilot.html", _context(request, form, board))


def _school_board(request: HttpRequest, slug: str) -> tuple[PilotPeriodForm, PilotBoard, Unit]:
    form, board = _board(request, slug=slug)
    if not board.schools:
        raise Http404
    return form, board, board.schools[0]


@require_GET
@console_required
def pilot_school(request: HttpRequest, slug: str) -> HttpResponse:
    """One school of the pilot: every week as a table, with the charts and its cohort's."""
    form, board, unit = _school_board(request, slug)
    context = _context(request, form, board)
    cohort = next(c for c in board.cohorts if c.cohort == unit.cohort)
    health = unit.health_by_week()
    labels = _week_labels(board.weeks)
    context |= {
        "card": _card(unit, labels, "school"),
        "cohort_card": _card(cohort, labels, "cohort"),
        "weeks": [
            {
                "week": week,
                "kpis": [unit.kpis[m].get(week) for m in board.metrics],
                "health": health.get(week),
            }
            for week in board.weeks
        ],
    }
    return render(request, "reporting/pilot_school.html", context)


def _file(
    content: bytes, content_type: str, file_name: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{file_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@console_required
def pilot_csv(request: HttpRequest) -> HttpResponse:
    """Every series of the page (schools shown one by one and cohorts), week by week, in CSV."""
    _form, board = _board(request)
    export = pilot_exports.pilot_csv(board, units=[*board.schools, *board.cohorts])
    return _file(export.content, export.content_type, export.file_name)


@require_GET
@console_required
def pilot_school_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """One school's series, week by week, in CSV."""
    _form, board, unit = _school_board(request, slug)
    export = pilot_exports.pilot_csv(board, units=[unit])
    return _file(export.content, export.content_type, export.file_name)


@require_GET
@console_required
def pilot_report_pdf(request: HttpRequest) -> HttpResponse:
    """The evaluation report of the period (PDF, Vietnamese): baseline vs now per school and
    cohort, health and milestones."""
    _form, board = _board(request)
    content = pilot_report.pilot_report_pdf(board)
    return _file(content, "application/pdf", pilot_report.file_name(board), inline=True)
