"""The counts of early-warning flags the authority sees (config.figures): per school year
and term, per rule, how many flags were raised and how many resolved. Runs inside the current
school's schema.

Only counts leave the school, never a pupil or a reason. The population of each cell is the
pupils the rules were evaluated over (the year's enrolment), not the number of flags, so
reporting suppresses a cell only in a school that is itself tiny, and a school of 900 with 2
flags shows its 2.
"""

import datetime
from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncDate

from config.figures import EARLY_WARNING_RAISED, EARLY_WARNING_RESOLVED, FigureRow
from core_school.academics.models import Enrolment, SchoolYear, Term
from core_school.earlywarning.models import EarlyWarningFlag
from core_school.standard.selectors import adopted_standard


def _by_day(field: str) -> dict[tuple[str, datetime.date], int]:
    """Flags per (rule, local day of `field`): a few rows per day, whatever the school."""
    return {
        (rule, day): n
        for rule, day, n in EarlyWarningFlag.objects.filter(**{f"{field}__isnull": False})
        .annotate(day=TruncDate(field))
        .values("rule", "day")
        .annotate(n=Count("pk"))
        .values_list("rule", "day", "n")
        .order_by()
    }


def early_warning_figures() -> list[FigureRow]:
    """Flags raised and resolved per rule, for each school year (term None) and each term,
    counted by the day they were raised (resolved). The current year has a cell for every
    rule of the adopted standard (zero included); other years only once they have flags."""
    adopted = adopted_standard()
    standard_rules = [
        rule["code"]
        for rule in (adopted.content.get("early_warning_rules", []) if adopted else [])
        if isinstance(rule, dict) and isinstance(rule.get("code"), str)
    ]
    counts = {
        EARLY_WARNING_RAISED: _by_day("raised_at"),
        EARLY_WARNING_RESOLVED: _by_day("resolved_at"),
    }
    pupils = dict(
        Enrolment.objects.values("school_class__school_year_id")
        .annotate(n=Count("pupil_id", distinct=True))
        .values_list("school_class__school_year_id", "n")
        .order_by()
    )
    terms: dict[int, list[Term]] = defaultdict(list)
    for term in Term.objects.order_by("number"):
        terms[term.school_year_id].append(term)
    rows: list[FigureRow] = []
    for year in SchoolYear.objects.order_by("starts_on"):
        periods = [(None, year.starts_on, year.ends_on)] + [
            (term.number, term.starts_on, term.ends_on) for term in terms[year.pk]
        ]
        cells: dict[tuple[str, int | None, str], int] = defaultdict(int)
        rules = set(standard_rules) if year.is_current else set()
        for metric, by_day in counts.items():
            for (rule, day), n in by_day.items():
                for number, first, last in periods:
                    if first <= day <= last:
                        cells[(metric, number, rule)] += n
                        rules.add(rule)
        population = pupils.get(year.pk, 0)
        for rule in sorted(rules):
            for metric in counts:
                for number, _first, _last in periods:
                    rows.append(
                        FigureRow(
                            school_year=year.name,
                            term=number,
                            metric=metric,
                            level=rule,
                            value=cells[(metric, number, rule)],
                            denominator=population,
                            population=population,
                        )
                    )
    return rows
