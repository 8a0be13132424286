"""Each early-warning rule at its boundaries, evaluated over the demo school's real rows."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from core_school.academics.models import Enrolment, SchoolYear, Subject, Term
from core_school.assessment.models import SubjectResult
from core_school.attendance.models import BehaviourNote
from core_school.earlywarning import evaluators
from core_school.earlywarning.evaluators import Context
from standards.national import EARLY_WARNING_RULES
from standards.schema import EARLY_WARNING_PARAMETERS
from tenants.models import School
from tests.core_school.earlywarning.conftest import AbsentFn, NoteFn, clean_slate, days_ago

ABSENCES = {"unexcused_absences": 3, "days": 14}
NOTES = {"notes": 2, "days": 7}


def _context() -> Context:
    return Context(now=timezone.now(), year=SchoolYear.objects.get(is_current=True))


def test_every_code_the_standard_accepts_has_an_evaluator() -> None:
    assert set(evaluators.EVALUATORS) == set(EARLY_WARNING_PARAMETERS)
    assert {rule["code"] for rule in EARLY_WARNING_RULES} == set(EARLY_WARNING_PARAMETERS)


def test_absences_exactly_the_threshold_in_the_window_flags_with_the_dates(
    absent: AbsentFn, pupil: int
) -> None:
    # given: three unexcused mornings, the oldest 13 days ago (the window's first day)
    for days in (13, 5, 1):
        absent(days)
    # when
    hits = evaluators.absences(ABSENCES, _context())
    # then
    dates = ", ".join(days_ago(d).strftime("%d/%m") for d in (13, 5, 1))
    assert hits[pupil].reason == f"3 unexcused absences in 14 days ({dates})"
    assert hits[pupil].evidence == {"dates": [days_ago(d).isoformat() for d in (13, 5, 1)]}


@pytest.mark.parametrize(
    ("marks", "why"),
    [
        ([(5, "unexcused"), (1, "unexcused")], "one fewer than the threshold"),
        ([(14, "unexcused"), (5, "unexcused"), (1, "unexcused")], "one is outside the window"),
        ([(6, "excused"), (5, "unexcused"), (1, "unexcused")], "excused absences do not count"),
        ([(6, "late"), (5, "unexcused"), (1, "unexcused")], "lateness does not count"),
    ],
)
def test_absences_below_the_threshold_do_not_flag(
    absent: AbsentFn, pupil: int, marks: list[tuple[int, str]], why: str
) -> None:
    # given
    for days, status in marks:
        absent(days, status)
    # when
    hits = evaluators.absences(ABSENCES, _context())
    # then
    assert pupil not in hits, why


def test_absences_read_their_parameters(absent: AbsentFn, pupil: int) -> None:
    # given: two unexcused mornings
    absent(3)
    absent(2)
    # when: a standard asking for two in a week
    hits = evaluators.absences({"unexcused_absences": 2, "days": 7}, _context())
    # then
    assert hits[pupil].reason.startswith("2 unexcused absences in 7 days")


def test_conduct_notes_two_incidents_in_a_week_flag(note: NoteFn, pupil: int) -> None:
    # given
    note(days=6)
    note()
    # when
    hits = evaluators.conduct_notes(NOTES, _context())
    # then
    assert hits[pupil].reason.startswith("2 conduct incidents in 7 days (")


@pytest.mark.parametrize(
    ("notes", "why"),
    [
        ([("incident", 0)], "one fewer than the threshold"),
        ([("incident", 0), ("praise", 0)], "praise is not an incident"),
        ([("incident", 8), ("incident", 0)], "one is older than the window"),
    ],
)
def test_conduct_notes_below_the_threshold_do_not_flag(
    note: NoteFn, pupil: int, notes: list[tuple[str, int]], why: str
) -> None:
    # given
    for kind, days in notes:
        note(kind, days)
    # when
    hits = evaluators.conduct_notes(NOTES, _context())
    # then
    assert pupil not in hits, why


@pytest.fixture
def grade_7_pupil(in_school_a: School) -> int:
    """A pupil of grade 7: last year's two term averages exist; this year's none yet."""
    pupil_id = (
        Enrolment.objects.filter(
            school_class__school_year__is_current=True,
            school_class__grade=7,
            ends_on__isnull=True,
        )
        .order_by("pupil_id")
        .values_list("pupil_id", flat=True)
        .first()
    )
    return clean_slate(pupil_id)


def _term_result(pupil_id: int, term: Term, subject: Subject, average: Decimal) -> None:
    # NOTE: a term's results are computed from a whole term of marks; the rule reads only the
    # computed averages, so the test writes them as the computation would.
    SubjectResult.objects.update_or_create(
        pupil_id=pupil_id,
        subject=subject,
        school_year=term.school_year,
        term=term,
        defaults={"average": average},
    )


def _last_years_average(pupil_id: int, subject: Subject) -> Decimal:
    return SubjectResult.objects.get(
        pupil_id=pupil_id, subject=subject, term__number=2, school_year__is_current=False
    ).average


@pytest.mark.parametrize(("drop", "flagged"), [("1.5", False), ("1.6", True)])
def test_subject_drop_from_last_years_last_term_must_exceed_the_threshold(
    grade_7_pupil: int, drop: str, flagged: bool
) -> None:
    # given: this year's first term, down by `drop` in maths from last year's second term
    maths = Subject.objects.get(code="TOAN")
    before = _last_years_average(grade_7_pupil, maths)
    term_1 = Term.objects.get(school_year__is_current=True, number=1)
    _term_result(grade_7_pupil, term_1, maths, before - Decimal(drop))
    # when
    hits = evaluators.subject_drop({"drop": 1.5}, _context())
    # then
    assert (grade_7_pupil in hits) is flagged


def test_subject_drop_compares_with_the_same_years_first_term(grade_7_pupil: int) -> None:
    # given: this year's terms: 7.5 then 5.7 in maths
    maths = Subject.objects.get(code="TOAN")
    term_1, term_2 = Term.objects.filter(school_year__is_current=True).order_by("number")
    _term_result(grade_7_pupil, term_1, maths, Decimal("7.5"))
    _term_result(grade_7_pupil, term_2, maths, Decimal("5.7"))
    # when
    hits = evaluators.subject_drop({"drop": 1.5}, _context())
    # then
    assert hits[grade_7_pupil].reason == f"{maths.name}: average down 1.8 (7.5 → 5.7)"
    assert hits[grade_7_pupil].evidence["term"] == term_2.pk


def test_subject_drop_reason_uses_the_schools_decimal_comma(
    grade_7_pupil: int, settings: Any
) -> None:
    # given
    maths = Subject.objects.get(code="TOAN")
    term_1, term_2 = Term.objects.filter(school_year__is_current=True).order_by("number")
    _term_result(grade_7_pupil, term_1, maths, Decimal("7.5"))
    _term_result(grade_7_pupil, term_2, maths, Decimal("5.7"))
    # when: the school's language is Vietnamese
    settings.LANGUAGE_CODE = "vi"
    with translation.override("vi"):
        reason = evaluators.subject_drop({"drop": 1.5}, _context())[grade_7_pupil].reason
    # then
    assert "1,8 (7,5 → 5,7)" in reason


def test_subject_drop_ignores_a_rise(grade_7_pupil: int) -> None:
    maths = Subject.objects.get(code="TOAN")
    term_1 = Term.objects.get(school_year__is_current=True, number=1)
    _term_result(grade_7_pupil, term_1, maths, Decimal("10.0"))
    assert grade_7_pupil not in evaluators.subject_drop({"drop": 0.1}, _context())


def test_conduct_window_counts_from_now(note: NoteFn, pupil: int) -> None:
    # given: two incidents today
    note()
    note()
    # when: evaluated as if eight days later
    later = Context(
        now=timezone.now() + datetime.timedelta(days=8),
        year=SchoolYear.objects.get(is_current=True),
    )
    # then
    assert pupil not in evaluators.conduct_notes(NOTES, later)
    assert BehaviourNote.objects.filter(pupil_id=pupil).count() == 2
