"""The worked examples of DOMAIN.md §6 (TV-01 … TV-34), one test (or parametrised set) each."""

from decimal import Decimal

import pytest

from core_school.assessment import rules
from core_school.assessment.rules import Level
from tests.core_school.assessment.rules.subjects import commented, scored

# §6 C: the grade-8 pupil (Công nghệ has 3 ĐĐGtx). subject: (tx, gk, ck, expected ĐTBmhk)
TERM1 = {
    "toan": (("8", "9", "7.5", "8.5"), "8.0", "8.5", "8.3"),
    "van": (("7", "7.5", "8", "6.5"), "7.0", "7.5", "7.3"),
    "nn1": (("9", "8.5", "9", "9.5"), "8.8", "9.2", "9.0"),
    "gdcd": (("9", "8"), "8.5", "8.0", "8.3"),
    "lsdl": (("8", "8", "7", "9"), "8.0", "7.8", "7.9"),
    "khtn": (("8.5", "9", "8", "8"), "8.3", "8.0", "8.2"),
    "cn": (("7", "8", "6.4"), "7.5", "8.0", "7.6"),
    "tin": (("9", "9"), "8.0", "8.5", "8.5"),
}
TERM2 = {
    "toan": (("9", "8.5", "9", "8"), "8.5", "9.0", "8.7"),
    "van": (("7.5", "8", "7", "8"), "7.5", "8.0", "7.7"),
    "nn1": (("9", "9", "9.5", "9"), "9.0", "9.4", "9.2"),
    "gdcd": (("8", "9"), "9.0", "8.5", "8.6"),
    "lsdl": (("8", "8.5", "8", "8"), "8.0", "8.2", "8.1"),
    "khtn": (("8", "8.5", "9", "8.5"), "8.0", "8.6", "8.4"),
    "cn": (("8", "7", "7.5"), "7.0", "7.5", "7.4"),
    "tin": (("9", "8.5"), "9.0", "9.0", "8.9"),
}
YEAR = {
    "toan": "8.6",
    "van": "7.6",
    "nn1": "9.1",
    "gdcd": "8.5",
    "lsdl": "8.0",
    "khtn": "8.3",
    "cn": "7.5",
    "tin": "8.8",
}


def _term_averages(term: dict[str, tuple[tuple[str, ...], str, str, str]]) -> dict[str, Decimal]:
    return {
        subject: rules.term_average(tx, gk, ck, required_regular=len(tx))
        for subject, (tx, gk, ck, _) in term.items()
    }


def _year_averages() -> dict[str, Decimal]:
    first, second = _term_averages(TERM1), _term_averages(TERM2)
    return {subject: rules.year_average(first[subject], second[subject]) for subject in first}


def test_tv01_toan_four_regular_marks_rounds_to_7_8() -> None:
    # given
    regular, midterm, final = ["8", "7.5", "9", "6"], "7", "8.5"

    # when
    average = rules.term_average(regular, midterm, final, required_regular=4)

    # then
    assert average == Decimal("7.8")


def test_tv04_cong_nghe_tie_rounds_half_up() -> None:
    # given: 60.4 / 8 = 7.55 exactly; IEEE round(60.4 / 8, 1) gives 7.5
    regular, midterm, final = [Decimal("7"), Decimal("8"), Decimal("6.4")], "7.5", "8"

    # when
    average = rules.term_average(regular, midterm, final, required_regular=3)

    # then
    assert average == Decimal("7.6")


def test_tv10_term_averages_round_before_the_year_average() -> None:
    # given
    term1 = rules.term_average(["8", "8", "7", "7.7"], "8", "8", required_regular=4)
    term2 = rules.term_average(["8", "8", "8", "7.6"], "8", "8", required_regular=4)

    # when
    year = rules.year_average(term1, term2)

    # then: from the unrounded 7.855… and 7.955… it would be 7.9
    assert (term1, term2, year) == (Decimal("7.9"), Decimal("8.0"), Decimal("8.0"))


def test_tv10_year_average_rejects_an_unrounded_term_average() -> None:
    # given
    unrounded = Decimal("70.7") / 9

    # when / then
    with pytest.raises(ValueError, match="term 1 average"):
        rules.year_average(unrounded, Decimal("8.0"))


def test_tv11_gdtc_year_result_is_the_term_2_result() -> None:
    # given
    term1 = rules.comment_term_result([True, True, True, False])
    term2 = rules.comment_term_result([True, True, True, True])

    # when
    year = rules.comment_year_result(term1, term2)

    # then
    assert (term1, term2, year) == (False, True, True)


@pytest.mark.parametrize("subject", list(TERM1))
def test_tv13_term1_subject_averages(subject: str) -> None:
    # given
    tx, gk, ck, expected = TERM1[subject]

    # when
    average = rules.term_average(tx, gk, ck, required_regular=len(tx))

    # then
    assert average == Decimal(expected)


def test_tv13_term1_learning_is_kha_with_only_five_subjects_at_8() -> None:
    # given
    averages = _term_averages(TERM1)

    # when
    result = rules.learning_level(averages, commented())

    # then: a one-level drop, never adjusted
    assert result == rules.LevelResult(computed=Level.KHA, final=Level.KHA, culprit=None)


@pytest.mark.parametrize("subject", list(TERM2))
def test_tv14_term2_subject_averages(subject: str) -> None:
    # given
    tx, gk, ck, expected = TERM2[subject]

    # when
    average = rules.term_average(tx, gk, ck, required_regular=len(tx))

    # then
    assert average == Decimal(expected)


def test_tv14_term2_learning_is_tot() -> None:
    # given
    averages = _term_averages(TERM2)

    # when
    result = rules.learning_level(averages, commented())

    # then
    assert result == rules.LevelResult(computed=Level.TOT, final=Level.TOT, culprit=None)


def test_tv15_year_averages_come_from_the_recorded_term_averages() -> None:
    # given / when
    averages = _year_averages()

    # then
    assert averages == {subject: Decimal(value) for subject, value in YEAR.items()}


def test_tv15_year_learning_and_conduct_are_tot() -> None:
    # given
    averages = _year_averages()

    # when
    learning = rules.learning_level(averages, commented())
    conduct = rules.conduct_year(Level.TOT, Level.TOT)

    # then
    assert (learning.final, conduct) == (Level.TOT, Level.TOT)


def test_tv15_award_is_gioi_with_only_one_subject_at_9() -> None:
    # given
    averages = _year_averages()

    # when
    award = rules.award(learning=Level.TOT, conduct=Level.TOT, year_averages=averages)

    # then
    assert award == "gioi"


def test_tv15_pupil_is_promoted() -> None:
    # given
    averages = _year_averages()

    # when
    outcome = rules.year_outcome(
        learning=Level.TOT,
        conduct=Level.TOT,
        absences=3,
        year_averages=averages,
        year_comments=commented(),
    )

    # then
    assert (outcome.decision, outcome.reassess_subjects) == ("promoted", frozenset())


def test_tv23_one_comment_subject_chua_dat_is_adjusted_from_dat_to_kha() -> None:
    # given
    averages = scored("9", "9", "9", "9", "9", "9", "8", "8")

    # when
    result = rules.learning_level(averages, commented("gdtc"))

    # then
    assert result == rules.LevelResult(computed=Level.DAT, final=Level.KHA, culprit="gdtc")


def test_tv26_two_failing_subjects_have_no_single_culprit() -> None:
    # given
    averages = scored("9", "9", "9", "9", "9", "9", "3.2", "3.0")

    # when
    result = rules.learning_level(averages, commented())

    # then
    assert result == rules.LevelResult(computed=Level.CHUA_DAT, final=Level.CHUA_DAT, culprit=None)


@pytest.mark.parametrize(
    ("term1", "term2", "expected"),
    [
        (Level.KHA, Level.TOT, Level.TOT),
        (Level.DAT, Level.TOT, Level.KHA),
        (Level.CHUA_DAT, Level.TOT, Level.KHA),
        (Level.TOT, Level.KHA, Level.KHA),
        (Level.CHUA_DAT, Level.KHA, Level.DAT),
        (Level.TOT, Level.DAT, Level.KHA),
        (Level.KHA, Level.DAT, Level.DAT),
        (Level.TOT, Level.CHUA_DAT, Level.CHUA_DAT),
    ],
)
def test_tv32_conduct_year(term1: Level, term2: Level, expected: Level) -> None:
    # given / when
    year = rules.conduct_year(term1, term2)

    # then
    assert year is expected


def test_tv34a_45_absences_are_allowed() -> None:
    # given
    averages = scored("6", "6", "6", "6", "6", "6", "5", "5")

    # when
    outcome = rules.year_outcome(
        learning=Level.DAT,
        conduct=Level.DAT,
        absences=45,
        year_averages=averages,
        year_comments=commented(),
    )

    # then
    assert outcome.decision == "promoted"


def test_tv34b_46_absences_retain_a_kha_tot_pupil_without_award() -> None:
    # given
    averages = scored("8", "8", "8", "8", "8", "7", "7", "7")

    # when
    outcome = rules.year_outcome(
        learning=Level.KHA,
        conduct=Level.TOT,
        absences=46,
        year_averages=averages,
        year_comments=commented(),
    )
    award = rules.award(learning=Level.KHA, conduct=Level.TOT, year_averages=averages)

    # then
    assert (outcome.decision, outcome.reassess_subjects, award) == (
        "retained",
        frozenset(),
        None,
    )


@pytest.mark.parametrize(
    ("learning", "conduct"),
    [(Level.CHUA_DAT, Level.DAT), (Level.DAT, Level.CHUA_DAT)],
    ids=["not-cured-by-reassessment", "not-cured-by-summer-training"],
)
def test_tv34_absences_cannot_be_cured_by_a_summer_step(learning: Level, conduct: Level) -> None:
    # given
    averages = scored("6", "6", "6", "6", "6", "6", "4", "3")

    # when
    outcome = rules.year_outcome(
        learning=learning,
        conduct=conduct,
        absences=46,
        year_averages=averages,
        year_comments=commented(),
    )

    # then
    assert (outcome.decision, outcome.reassess_subjects) == ("retained", frozenset())
