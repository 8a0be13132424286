"""The published figures equal a direct computation on the school's raw rows.

The expected figures are computed here independently, with the ORM and Python (the code under
test uses SQL), for every period of the demo school, and compared cell by cell.
"""

from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from config.figures import MARK_BANDS
from core_school.academics.models import Enrolment, SchoolYear, Term
from core_school.assessment.models import (
    ConductGrade,
    LearningResult,
    SubjectResult,
    YearOutcome,
)
from core_school.attendance.models import Absence, AttendanceRegister
from core_school.earlywarning.models import EarlyWarningFlag
from core_school.people.models import Guardian, Pupil
from core_school.standard.selectors import adopted_standard
from reporting import services
from reporting.models import MIN_CELL, Figure
from tenants.models import School
from tests.reporting.groups import groups

Cells = dict[tuple, tuple[int, int, int]]  # key -> (value, denominator, population)


def _grades(year: SchoolYear) -> dict[int, int]:
    """pupil id -> grade of their latest enrolment in the year."""
    latest: dict[int, tuple] = {}
    for pupil_id, starts_on, pk, grade in Enrolment.objects.filter(
        school_class__school_year=year
    ).values_list("pupil_id", "starts_on", "pk", "school_class__grade"):
        if pupil_id not in latest or (starts_on, pk) > latest[pupil_id][:2]:
            latest[pupil_id] = (starts_on, pk, grade)
    return {pupil_id: row[2] for pupil_id, row in latest.items()}


def _band(average: Decimal) -> int:
    for index, (_low, high) in enumerate(MARK_BANDS[:-1]):
        if average < Decimal(high):
            return index
    return len(MARK_BANDS) - 1


def _distribution(counts: Counter, group_of) -> Cells:  # type: ignore[no-untyped-def]
    """Cells (grade and school totals) of a category count keyed (term, grade, …)."""
    with_totals: Counter = Counter()
    for key, n in counts.items():
        with_totals[key] += n
        with_totals[(key[0], None, *key[2:])] += n
    groups: Counter = Counter()
    for key, n in with_totals.items():
        groups[group_of(key)] += n
    return {key: (n, groups[group_of(key)], n) for key, n in with_totals.items()}


def _expected(year: SchoolYear) -> dict[tuple[str, int | None], Cells]:
    """metric, term -> {(grade, sex, subject, band, level): (value, denominator, population)}."""
    grades = _grades(year)
    terms = {term.pk: term for term in year.terms.all()}
    expected: dict[tuple[str, int | None], Cells] = defaultdict(dict)
    # Enrolment: pupils by grade and sex, grade totals, sex totals, school total.
    sexes = dict(Pupil.objects.filter(pk__in=grades).values_list("pk", "sex"))
    enrolment: Counter = Counter()
    for pupil_id, grade in grades.items():
        for g in (grade, None):
            for s in (sexes[pupil_id], ""):
                enrolment[(g, s, "", None, "")] += 1
    for key, n in enrolment.items():
        expected[("enrolment", None)][key] = (n, n, n)
    # Attendance: per register, the class's pupils enrolled that day; absent = excused/unexcused.
    pupils_by_grade = Counter(grades.values())
    attended: dict[tuple[int | None, int | None], list[int]] = defaultdict(lambda: [0, 0])
    enrolments = defaultdict(list)
    for class_id, pupil_id, starts_on, ends_on in Enrolment.objects.filter(
        school_class__school_year=year
    ).values_list("school_class_id", "pupil_id", "starts_on", "ends_on"):
        enrolments[class_id].append((pupil_id, starts_on, ends_on))
    absent = Counter(
        Absence.objects.filter(
            register__school_class__school_year=year, status__in=Absence.ABSENT
        ).values_list("register_id", "pupil_id")
    )
    for register_id, class_id, date, grade in AttendanceRegister.objects.filter(
        school_class__school_year=year
    ).values_list("pk", "school_class_id", "date", "school_class__grade"):
        term_number = next(
            (t.number for t in terms.values() if t.starts_on <= date <= t.ends_on), None
        )
        for pupil_id, starts_on, ends_on in enrolments[class_id]:
            if starts_on <= date and (ends_on is None or ends_on >= date):
                for term in {None, term_number}:
                    for g in (grade, None):
                        cell = attended[(term, g)]
                        cell[1] += 1
                        cell[0] += 0 if absent[(register_id, pupil_id)] else 1
    for (term, grade), (value, denominator) in attended.items():
        population = pupils_by_grade[grade] if grade else len(grades)
        expected[("attendance", term)][(grade, "", "", None, "")] = (
            value,
            denominator,
            population,
        )
    # Mark bands of subject averages, by subject and grade.
    bands: Counter = Counter()
    for pupil_id, term_id, code, average in SubjectResult.objects.filter(
        school_year=year, average__isnull=False
    ).values_list("pupil_id", "term_id", "subject__code", "average"):
        if pupil_id in grades:
            term = terms[term_id].number if term_id else None
            bands[(term, grades[pupil_id], "", code, _band(average), "")] += 1
    for key, cell in _distribution(bands, lambda k: (k[0], k[1], k[3])).items():
        expected[("mark_band", key[0])][key[1:]] = cell
    # Learning and conduct levels; year-end decisions (the latest stage).
    for metric, model in (("learning_level", LearningResult), ("conduct_level", ConductGrade)):
        levels: Counter = Counter()
        for pupil_id, term_id, level in model.objects.filter(school_year=year).values_list(
            "pupil_id", "term_id", "level"
        ):
            if pupil_id in grades:
                term = terms[term_id].number if term_id else None
                levels[(term, grades[pupil_id], "", "", None, level)] += 1
        for key, cell in _distribution(levels, lambda k: (k[0], k[1])).items():
            expected[(metric, key[0])][key[1:]] = cell
    decided: dict[int, tuple[str, str]] = {}
    for pupil_id, stage, decision in YearOutcome.objects.filter(school_year=year).values_list(
        "pupil_id", "stage", "decision"
    ):
        if pupil_id not in decided or stage == YearOutcome.Stage.AFTER_SUMMER:
            decided[pupil_id] = (stage, decision)
    decisions: Counter = Counter(
        (None, grades[p], "", "", None, d) for p, (_s, d) in decided.items() if p in grades
    )
    for key, cell in _distribution(decisions, lambda k: (k[0], k[1])).items():
        expected[("promotion", None)][key[1:]] = cell
    if year.is_current:
        total = Guardian.objects.count()
        signed_in = Guardian.objects.filter(user__last_login__isnull=False).count()
        expected[("portal_adoption", None)][(None, "", "", None, "")] = (signed_in, total, total)
    _expected_early_warnings(year, expected, pupils=len(grades))
    return expected


def _expected_early_warnings(year: SchoolYear, expected: dict, *, pupils: int) -> None:
    """Flags raised (resolved) per rule, by the local day, out of the year's pupils; the
    current year has every rule of the adopted standard, zero included."""
    periods = [(None, year.starts_on, year.ends_on)] + [
        (t.number, t.starts_on, t.ends_on) for t in Term.objects.filter(school_year=year)
    ]
    rules = (
        {r["code"] for r in adopted_standard().content["early_warning_rules"]}
        if year.is_current
        else set()
    )
    counts: Counter = Counter()
    for rule, raised_at, resolved_at in EarlyWarningFlag.objects.values_list(
        "rule", "raised_at", "resolved_at"
    ):
        for metric, moment in (
            ("early_warning_raised", raised_at),
            ("early_warning_resolved", resolved_at),
        ):
            day = timezone.localdate(moment) if moment else None
            for term, first, last in periods:
                if day and first <= day <= last:
                    counts[(metric, term, rule)] += 1
                    rules.add(rule)
    for rule in rules:
        for metric in ("early_warning_raised", "early_warning_resolved"):
            for term, _first, _last in periods:
                value = counts[(metric, term, rule)]
                expected[(metric, term)][(None, "", "", None, rule)] = (value, pupils, pupils)


@pytest.mark.parametrize("slug", ["caugiay", "nghiatan"])
def test_published_figures_equal_a_direct_computation(db: None, slug: str) -> None:
    # given
    school = School.objects.get(slug=slug)
    services.school_figures_refresh(school=school)
    with tenant_context(school):
        expected = {year.name: _expected(year) for year in SchoolYear.objects.all()}
    # when
    published = list(Figure.objects.filter(figure_set__school=school).select_related("figure_set"))
    # then: every published cell is the expected one, and every expected cell is published;
    # a cell of MIN_CELL pupils or more is suppressed only as a complement (a group it sums
    # with holds another suppressed cell, tests/reporting/groups.py)
    seen = set()
    complements = []
    for figure in published:
        period = expected[figure.figure_set.school_year]
        key = (figure.grade, figure.sex, figure.subject, figure.band, figure.level)
        value, denominator, population = period[(figure.metric, figure.figure_set.term)][key]
        if population < MIN_CELL or figure.suppressed:
            assert figure.suppressed, (figure.metric, key)
            assert figure.value is None
            assert figure.denominator is None
            if population >= MIN_CELL:
                complements.append(figure)
        else:
            assert not figure.suppressed, (figure.metric, key)
            assert (figure.value, figure.denominator) == (value, denominator), (
                figure.metric,
                figure.figure_set.term,
                key,
            )
        seen.add((figure.figure_set.school_year, figure.metric, figure.figure_set.term, key))
    wanted = {
        (year, metric, term, key)
        for year, period in expected.items()
        for (metric, term), cells in period.items()
        for key in cells
    }
    assert seen == wanted
    with_others = {
        id(f)
        for group in groups(published)
        if group.hidden >= 2 or group.total_hidden
        for f in group.figures
    }
    assert all(id(f) in with_others for f in complements)
    metrics = {metric for _y, metric, _t, _k in seen}
    assert metrics == {
        "enrolment",
        "attendance",
        "mark_band",
        "learning_level",
        "conduct_level",
        "promotion",
        "portal_adoption",
        "early_warning_raised",
        "early_warning_resolved",
    }
