"""The school's aggregate figures, counted in its schema by PostgreSQL (GROUP BY).

Every figure of a school year is computed for the year (term None) and each of its terms; the
pupils of a year are those with an enrolment in one of its classes, each counted once, in the
grade of their latest enrolment of that year. Nothing here names a person: the rows are counts
in cells, and reporting suppresses the small ones before publishing (config.figures).
"""

import bisect
import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from config.figures import (
    ATTENDANCE,
    CONDUCT_LEVEL,
    ENROLMENT,
    LEARNING_LEVEL,
    MARK_BAND,
    MARK_BANDS,
    PORTAL_ADOPTION,
    PROMOTION,
    FigureRow,
)
from core_school.academics.models import Enrolment, SchoolClass, SchoolYear, Subject, Term
from core_school.assessment.models import (
    ConductGrade,
    LearningResult,
    SubjectResult,
    YearOutcome,
)
from core_school.attendance.models import Absence, AttendanceRegister
from core_school.people.models import Guardian, Pupil

Key = tuple[int | None, int | None, str, str, int | None, str]  # term, grade, sex, subject…


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


def _placed_cte() -> str:
    """`placed(pupil_id, grade)`: the year's pupils in the grade of their latest enrolment."""
    return (
        f"WITH placed AS (SELECT DISTINCT ON (e.pupil_id) e.pupil_id, c.grade "  # noqa: S608 - table names from models
        f"FROM {_table(Enrolment)} e JOIN {_table(SchoolClass)} c ON c.id = e.school_class_id "
        "WHERE c.school_year_id = %(year)s ORDER BY e.pupil_id, e.starts_on DESC, e.id DESC) "
    )


def _rows(sql: str, params: dict[str, object]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _band_case() -> str:
    parts = [
        f"WHEN r.average < {high} THEN {index}"
        for index, (_low, high) in enumerate(MARK_BANDS[:-1])
    ]
    return f"CASE {' '.join(parts)} ELSE {len(MARK_BANDS) - 1} END"


def _with_school_totals(cells: dict[Key, list[int]], *, metric: str, year: str) -> list[FigureRow]:
    """Rows for the cells (value, denominator, population) and, summed over grades, the
    school's own cells (grade None)."""
    totals: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (term, grade, sex, subject, band, level), counts in cells.items():
        if grade is not None:
            total = totals[(term, None, sex, subject, band, level)]
            for i in range(3):
                total[i] += counts[i]
    rows = []
    for source in (cells, totals):
        for (term, grade, sex, subject, band, level), (
            value,
            denominator,
            population,
        ) in source.items():
            rows.append(
                FigureRow(
                    school_year=year,
                    term=term,
                    metric=metric,
                    grade=grade,
                    sex=sex,
                    subject=subject,
                    band=band,
                    level=level,
                    value=value,
                    denominator=denominator,
                    population=population,
                )
            )
    return rows


def enrolment(*, year: SchoolYear) -> list[FigureRow]:
    """Pupils by grade and sex, with the grade totals (sex ""), sex totals and school total."""
    counts = _rows(
        _placed_cte() + f"SELECT p.grade, pu.sex, count(*) FROM placed p "  # noqa: S608
        f"JOIN {_table(Pupil)} pu ON pu.id = p.pupil_id GROUP BY p.grade, pu.sex",
        {"year": year.pk},
    )
    cells: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    for grade, sex, n in counts:
        for key in ((None, grade, sex, "", None, ""), (None, grade, "", "", None, "")):
            for i in range(3):
                cells[key][i] += n
    return _with_school_totals(cells, metric=ENROLMENT, year=year.name)


def attendance(*, year: SchoolYear, terms: Iterable[Term]) -> list[FigureRow]:
    """Pupil-sessions attended out of those expected (every register taken, every pupil
    enrolled in the class that day; absent = excused or unexcused), by grade, for the year
    and each term. The population is the grade's pupils.

    Expected sessions are counted per enrolment from its class's sorted register dates (two
    bisections per period), not by joining every register to every pupil: a year of a
    1,000-pupil school is ~250,000 pupil-sessions but only ~6,000 registers.
    """
    periods = [(None, datetime.date.min, datetime.date.max)] + [
        (term.number, term.starts_on, term.ends_on) for term in terms
    ]
    dates: dict[int, list[datetime.date]] = defaultdict(list)
    for class_id, date in (
        AttendanceRegister.objects.filter(school_class__school_year=year)
        .order_by("school_class_id", "date")
        .values_list("school_class_id", "date")
    ):
        dates[class_id].append(date)
    pupils = dict(
        _rows(
            _placed_cte() + "SELECT grade, count(*) FROM placed GROUP BY grade",  # noqa: S608 - table names from models
            {"year": year.pk},
        )
    )
    cells: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    for class_id, grade, starts_on, ends_on in (
        Enrolment.objects.filter(school_class__school_year=year)
        .order_by()
        .values_list("school_class_id", "school_class__grade", "starts_on", "ends_on")
    ):
        taken = dates.get(class_id, [])
        for number, first, last in periods:
            low, high = max(first, starts_on), min(last, ends_on or datetime.date.max)
            if low <= high:
                expected = bisect.bisect_right(taken, high) - bisect.bisect_left(taken, low)
                cells[(number, grade, "", "", None, "")][1] += expected
    absences = _rows(
        f"SELECT c.grade, r.date, count(*) FROM {_table(Absence)} a "  # noqa: S608 - table names from models
        f"JOIN {_table(AttendanceRegister)} r ON r.id = a.register_id "
        f"JOIN {_table(SchoolClass)} c ON c.id = r.school_class_id "
        f"JOIN {_table(Enrolment)} e ON e.pupil_id = a.pupil_id "
        "AND e.school_class_id = r.school_class_id AND e.starts_on <= r.date "
        "AND (e.ends_on IS NULL OR e.ends_on >= r.date) "
        "WHERE c.school_year_id = %(year)s AND a.status IN ('excused', 'unexcused') "
        "GROUP BY c.grade, r.date",
        {"year": year.pk},
    )
    absent: dict[tuple[int | None, int], int] = defaultdict(int)
    for grade, date, n in absences:
        for number, first, last in periods:
            if first <= date <= last:
                absent[(number, grade)] += n
    for key, cell in list(cells.items()):
        number, grade = key[0], key[1]
        if cell[1] == 0:  # no register taken in the period: no figure (as for no pupils)
            del cells[key]
            continue
        cell[0] = cell[1] - absent[(number, grade)]
        cell[2] = pupils.get(grade, 0)
    return _with_school_totals(cells, metric=ATTENDANCE, year=year.name)


def mark_bands(*, year: SchoolYear) -> list[FigureRow]:
    """Pupils per score band of their subject average (term and year averages of scored
    subjects), by subject and grade; the denominator is the pupils with an average."""
    sql = (
        _placed_cte() + f"SELECT t.number, s.code, p.grade, {_band_case()} AS band, count(*) "  # noqa: S608 - table names from models
        f"FROM {_table(SubjectResult)} r JOIN placed p ON p.pupil_id = r.pupil_id "
        f"JOIN {_table(Subject)} s ON s.id = r.subject_id "
        f"LEFT JOIN {_table(Term)} t ON t.id = r.term_id "
        "WHERE r.school_year_id = %(year)s AND r.average IS NOT NULL "
        "GROUP BY t.number, s.code, p.grade, band"
    )
    return _distribution(
        [
            ((term, grade, "", subject, band, ""), n)
            for term, subject, grade, band, n in _rows(sql, {"year": year.pk})
        ],
        metric=MARK_BAND,
        year=year.name,
    )


def _distribution(counts: list[tuple[Key, int]], *, metric: str, year: str) -> list[FigureRow]:
    """Cells of a distribution: each category's pupils out of the group's (same key without
    band and level)."""
    groups: dict[Key, int] = defaultdict(int)
    for (term, grade, sex, subject, _band, _level), n in counts:
        groups[(term, grade, sex, subject, None, "")] += n
    cells: dict[Key, list[int]] = {}
    for key, n in counts:
        term, grade, sex, subject, _band, _level = key
        cells[key] = [n, groups[(term, grade, sex, subject, None, "")], n]
    rows = _with_school_totals(cells, metric=metric, year=year)
    # The school's own denominators are the sums of its grades' groups.
    school_groups: dict[Key, int] = defaultdict(int)
    for (term, _grade, sex, subject, _band, _level), n in groups.items():
        school_groups[(term, None, sex, subject, None, "")] += n
    return [
        row
        if row.grade is not None
        else dataclasses.replace(
            row, denominator=school_groups[(row.term, None, row.sex, row.subject, None, "")]
        )
        for row in rows
    ]


def _levels(model: type, *, metric: str, year: SchoolYear) -> list[FigureRow]:
    sql = (
        _placed_cte() + "SELECT t.number, p.grade, r.level, count(*) "  # noqa: S608 - table names from models
        f"FROM {_table(model)} r JOIN placed p ON p.pupil_id = r.pupil_id "
        f"LEFT JOIN {_table(Term)} t ON t.id = r.term_id "
        "WHERE r.school_year_id = %(year)s GROUP BY t.number, p.grade, r.level"
    )
    return _distribution(
        [
            ((term, grade, "", "", None, level), n)
            for term, grade, level, n in _rows(sql, {"year": year.pk})
        ],
        metric=metric,
        year=year.name,
    )


def promotion(*, year: SchoolYear) -> list[FigureRow]:
    """Pupils by year-end decision (the latest stage: after the summer when there is one),
    by grade."""
    sql = (
        _placed_cte() + ", decided AS (SELECT DISTINCT ON (o.pupil_id) o.pupil_id, o.decision "  # noqa: S608 - table names from models
        f"FROM {_table(YearOutcome)} o WHERE o.school_year_id = %(year)s "
        "ORDER BY o.pupil_id, (o.stage = 'after_summer') DESC) "
        "SELECT p.grade, d.decision, count(*) FROM decided d "
        "JOIN placed p ON p.pupil_id = d.pupil_id GROUP BY p.grade, d.decision"
    )
    return _distribution(
        [
            ((None, grade, "", "", None, decision), n)
            for grade, decision, n in _rows(sql, {"year": year.pk})
        ],
        metric=PROMOTION,
        year=year.name,
    )


def portal_adoption(*, year: SchoolYear) -> list[FigureRow]:
    """Guardians whose account has signed in at least once, out of all guardians (now)."""
    total = Guardian.objects.count()
    if not total:
        return []
    signed_in = Guardian.objects.filter(user__last_login__isnull=False).count()
    return [
        FigureRow(
            school_year=year.name,
            term=None,
            metric=PORTAL_ADOPTION,
            value=signed_in,
            denominator=total,
            population=total,
        )
    ]


def school_figures() -> list[FigureRow]:
    """Every figure of every school year of the school (the current school's schema).

    One read-only transaction. Every query aggregates whole tables, which hash joins do best;
    on a school whose tables were just filled (an import, a new school) the planner's
    statistics are empty and it picks nested loops that take seconds, so they are turned off
    for this transaction only.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_nestloop = off")
            # Turning nested loops off makes every plan look dear, which would start the JIT
            # compiler (hundreds of milliseconds) on queries that take a few.
            cursor.execute("SET LOCAL jit = off")
        return _school_figures()


def _school_figures() -> list[FigureRow]:
    rows: list[FigureRow] = []
    for year in SchoolYear.objects.order_by("starts_on"):
        terms = list(Term.objects.filter(school_year=year))
        rows += enrolment(year=year)
        rows += attendance(year=year, terms=terms)
        rows += mark_bands(year=year)
        rows += _levels(LearningResult, metric=LEARNING_LEVEL, year=year)
        rows += _levels(ConductGrade, metric=CONDUCT_LEVEL, year=year)
        rows += promotion(year=year)
        if year.is_current:
            rows += portal_adoption(year=year)
    return rows
