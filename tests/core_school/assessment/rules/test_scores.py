"""Scores and subject averages: parsing, validation, rounding, ĐTBmhk, ĐTBmcn (§1.3–§1.7)."""

import re
from decimal import Decimal

import pytest

from core_school.assessment import rules
from core_school.assessment.rules import MissingPolicy, RulesConfig

ZERO_POLICY = RulesConfig(missing_policy=MissingPolicy.ZERO)


@pytest.mark.parametrize(
    ("periods", "expected"),
    [(1, 2), (35, 2), (36, 3), (52, 3), (70, 3), (71, 4), (105, 4), (140, 4)],
)
def test_n_regular_follows_the_periods_per_year(periods: int, expected: int) -> None:
    # given / when
    count = rules.n_regular(periods)

    # then
    assert count == expected


@pytest.mark.parametrize("periods", [0, -35])
def test_n_regular_rejects_a_non_positive_number_of_periods(periods: int) -> None:
    # given / when / then
    with pytest.raises(ValueError, match=re.escape(f"periods per year {periods}")):
        rules.n_regular(periods)


@pytest.mark.parametrize("periods", ["35", 35.0, True])
def test_n_regular_rejects_a_non_int(periods: object) -> None:
    # given / when / then
    with pytest.raises(TypeError, match="periods per year"):
        rules.n_regular(periods)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.5", "7.5"),
        ("7,5", "7.5"),
        ("10", "10.0"),
        ("0", "0.0"),
        (" 8 ", "8.0"),
        ("\t6,4\n", "6.4"),
        ("10.0", "10.0"),
        ("7.50", "7.5"),
        ("0,0", "0.0"),
        ("09.5", "9.5"),
    ],
)
def test_parse_score_reads_dot_comma_and_spaces(text: str, expected: str) -> None:
    # given / when
    score = rules.parse_score(text)

    # then
    assert (score, score.as_tuple().exponent) == (Decimal(expected), -1)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("abc", "is not a number"),
        ("11", "is above 10"),
        ("10.1", "is above 10"),
        ("-1", "is below 0"),
        ("-0.1", "is below 0"),
        ("7.55", "has more than one decimal place"),
        ("7,55", "has more than one decimal place"),
        ("", "is empty"),
        ("   ", "is empty"),
        ("7,5.1", "is not a number"),
        ("7.", "is not a number"),
        (".5", "is not a number"),
        ("+7", "is not a number"),
        ("1e1", "is not a number"),
        ("NaN", "is not a number"),
        ("7 5", "is not a number"),
        ("٧", "is not a number"),
    ],
)
def test_parse_score_rejects_with_the_value_and_the_reason(text: str, reason: str) -> None:
    # given / when / then
    with pytest.raises(ValueError, match=re.escape(f"score {text!r} {reason}")):
        rules.parse_score(text)


def test_parse_score_rejects_a_non_string() -> None:
    # given / when / then
    with pytest.raises(TypeError, match="score text must be a str"):
        rules.parse_score(Decimal("7.5"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("7.5"), "7.5"),
        (Decimal("7.50"), "7.5"),
        (Decimal("1E+1"), "10.0"),
        (Decimal("-0"), "0.0"),
        (Decimal("0E-30"), "0.0"),
        (7, "7.0"),
        ("6,4", "6.4"),
    ],
)
def test_validate_score_normalises_to_one_decimal(value: rules.ScoreInput, expected: str) -> None:
    # given / when
    score = rules.validate_score(value)

    # then
    assert (score, score.as_tuple().exponent) == (Decimal(expected), -1)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (Decimal("10.01"), "is above 10"),
        (Decimal("7.55"), "has more than one decimal place"),
        (Decimal("1E-999999"), "has more than one decimal place"),
        (Decimal("-0.5"), "is below 0"),
        (11, "is above 10"),
        (Decimal("NaN"), "is not a finite number"),
        (Decimal("Infinity"), "is not a finite number"),
    ],
)
def test_validate_score_rejects_with_the_value_and_the_reason(
    value: rules.ScoreInput, reason: str
) -> None:
    # given / when / then
    with pytest.raises(ValueError, match=re.escape(f"midterm mark {value!r} {reason}")):
        rules.validate_score(value, what="midterm mark")


@pytest.mark.parametrize("value", [7.5, True, None, [7]])
def test_validate_score_rejects_floats_and_other_types(value: object) -> None:
    # given / when / then
    with pytest.raises((TypeError, ValueError), match="score"):
        rules.validate_score(value)  # type: ignore[arg-type]


def test_validate_score_says_a_none_is_missing() -> None:
    # given / when / then
    with pytest.raises(ValueError, match="end-of-term mark is missing"):
        rules.validate_score(None, what="end-of-term mark")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7.25", "7.3"),
        ("7.55", "7.6"),
        ("7.549", "7.5"),
        ("7.45", "7.5"),
        ("7.44999999", "7.4"),
        ("0.04", "0.0"),
        ("0.05", "0.1"),
        ("9.95", "10.0"),
        ("10", "10.0"),
        ("8.0", "8.0"),
        ("0", "0.0"),
        ("6,45", "6.5"),
        (Decimal("60.4") / 8, "7.6"),
        (Decimal(70) / 9, "7.8"),
        (Decimal("1E-999999"), "0.0"),
        (5, "5.0"),
    ],
)
def test_round_score_rounds_half_up_to_one_decimal(value: rules.ScoreInput, expected: str) -> None:
    # given / when
    rounded = rules.round_score(value)

    # then
    assert (rounded, rounded.as_tuple().exponent) == (Decimal(expected), -1)


@pytest.mark.parametrize(
    ("value", "reason"),
    [("-0.01", "is below 0"), ("10.01", "is above 10"), ("abc", "is not a number")],
)
def test_round_score_rejects_values_outside_the_scale(value: str, reason: str) -> None:
    # given / when / then
    with pytest.raises(ValueError, match=re.escape(f"value to round {value!r} {reason}")):
        rules.round_score(value)


def test_round_score_rejects_a_float() -> None:
    # given / when / then
    with pytest.raises(TypeError, match="float"):
        rules.round_score(7.55)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(604, 8, 76), (700, 9, 78), (239, 3, 80), (5, 10, 1), (4, 10, 0), (0, 7, 0), (755, 10, 76)],
)
def test_round_half_up_uses_integer_arithmetic(
    numerator: int, denominator: int, expected: int
) -> None:
    # given / when
    rounded = rules.round_half_up(numerator, denominator)

    # then
    assert rounded == expected


@pytest.mark.parametrize(("numerator", "denominator"), [(-1, 3), (1, 0), (1, -3)])
def test_round_half_up_rejects_negative_numerators_and_bad_denominators(
    numerator: int, denominator: int
) -> None:
    # given / when / then
    with pytest.raises(ValueError, match=f"cannot round {numerator}/{denominator}"):
        rules.round_half_up(numerator, denominator)


@pytest.mark.parametrize(
    ("regular", "midterm", "final", "expected"),
    [
        (["9", "8"], "8.5", "8.0", "8.3"),
        (["10", "10"], "10", "10", "10.0"),
        (["0", "0", "0"], "0", "0", "0.0"),
        (["8", "9", "7.5", "8.5"], "8.0", "8.5", "8.3"),
        ([Decimal("8"), "7,5", 9, Decimal("6.0")], 7, "8.5", "7.8"),
        (["7", "8", "7"], "7", "7.5", "7.3"),
    ],
)
def test_term_average_weights_regular_once_midterm_twice_final_three_times(
    regular: list[rules.ScoreInput], midterm: str, final: str, expected: str
) -> None:
    # given
    required = len(regular)

    # when
    average = rules.term_average(regular, midterm, final, required_regular=required)

    # then
    assert (average, average.as_tuple().exponent) == (Decimal(expected), -1)


@pytest.mark.parametrize(
    ("regular", "midterm", "final"),
    [
        (["8", None, "9", "6"], "7", "8.5"),
        (["8", "7.5", "9", "6"], None, "8.5"),
        (["8", "7.5", "9", "6"], "7", None),
        ([None, None, None, None], None, None),
    ],
    ids=["regular", "midterm", "final", "all"],
)
def test_term_average_is_none_when_a_slot_is_missing_under_block(
    regular: list[str | None], midterm: str | None, final: str | None
) -> None:
    # given / when
    average = rules.term_average(regular, midterm, final, required_regular=4)

    # then
    assert average is None


@pytest.mark.parametrize(
    ("regular", "midterm", "final", "expected"),
    [
        (["8", None], "8", "8", "6.9"),
        (["8", "8"], None, "8", "5.7"),
        (["8", "8"], "8", None, "4.6"),
        ([None, None], None, None, "0.0"),
    ],
    ids=["regular", "midterm", "final", "all"],
)
def test_term_average_counts_a_missing_slot_as_zero_under_zero_policy(
    regular: list[str | None], midterm: str | None, final: str | None, expected: str
) -> None:
    # given / when
    average = rules.term_average(regular, midterm, final, required_regular=2, config=ZERO_POLICY)

    # then
    assert average == Decimal(expected)


@pytest.mark.parametrize(
    "regular",
    [["8", "7", "9"], ["8", "7", "9", "6", "5"], [], ["8", "7", None]],
    ids=["too-few", "too-many", "none", "too-few-with-missing"],
)
def test_term_average_rejects_the_wrong_number_of_regular_slots(
    regular: list[str | None],
) -> None:
    # given / when / then
    with pytest.raises(
        ValueError, match=re.escape(f"got {len(regular)} regular marks (ĐĐGtx) but 4 are required")
    ):
        rules.term_average(regular, "7", "8", required_regular=4)


@pytest.mark.parametrize("required", [1, 5, 0])
def test_term_average_rejects_an_impossible_required_count(required: int) -> None:
    # given / when / then
    with pytest.raises(ValueError, match=f"required_regular {required} must be 2, 3 or 4"):
        rules.term_average(["8"] * required, "7", "8", required_regular=required)


@pytest.mark.parametrize(
    ("regular", "midterm", "final", "message"),
    [
        (["8", "10.5"], "7", "8", "regular mark 2 '10.5' is above 10"),
        (["8", "7"], "7.25", "8", "midterm mark '7.25' has more than one decimal place"),
        (["8", "7"], "7", "-1", "end-of-term mark '-1' is below 0"),
        (["8", "abc"], None, "8", "regular mark 2 'abc' is not a number"),
    ],
    ids=["out-of-range", "two-decimals", "negative", "invalid-beside-a-missing-slot"],
)
def test_term_average_rejects_an_invalid_mark_naming_its_slot(
    regular: list[str], midterm: str | None, final: str, message: str
) -> None:
    # given / when / then
    with pytest.raises(ValueError, match=re.escape(message)):
        rules.term_average(regular, midterm, final, required_regular=2)


def test_term_average_rejects_a_string_as_the_regular_marks() -> None:
    # given / when / then
    with pytest.raises(TypeError, match="regular marks must be a sequence"):
        rules.term_average("89", "7", "8", required_regular=2)


@pytest.mark.parametrize(
    ("term1", "term2", "expected"),
    [
        ("8.3", "8.7", "8.6"),
        ("7.6", "7.4", "7.5"),
        ("10", "10", "10.0"),
        ("0", "0", "0.0"),
        ("4.9", "5.1", "5.0"),
        (Decimal("7.9"), Decimal("8.0"), "8.0"),
    ],
)
def test_year_average_weights_term_2_twice(
    term1: rules.ScoreInput, term2: rules.ScoreInput, expected: str
) -> None:
    # given / when
    average = rules.year_average(term1, term2)

    # then
    assert (average, average.as_tuple().exponent) == (Decimal(expected), -1)


@pytest.mark.parametrize(
    ("term1", "term2", "message"),
    [
        (None, "8.0", "term 1 average is missing"),
        ("8.0", "7.85", "term 2 average '7.85' has more than one decimal place"),
        ("11", "8.0", "term 1 average '11' is above 10"),
    ],
)
def test_year_average_rejects_missing_or_unrounded_term_averages(
    term1: str | None, term2: str, message: str
) -> None:
    # given / when / then
    with pytest.raises(ValueError, match=re.escape(message)):
        rules.year_average(term1, term2)  # type: ignore[arg-type]
