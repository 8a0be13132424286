"""Levels: the Level enum, learning level §1.9 with adjustment §1.10, year conduct §1.11."""

import itertools
import re
from decimal import Decimal

import pytest

from core_school.assessment import rules
from core_school.assessment.rules import AdjustmentMode, Level, LevelResult, RulesConfig
from tests.core_school.assessment.rules.subjects import commented, scored

T, K, D, C = Level.TOT, Level.KHA, Level.DAT, Level.CHUA_DAT

# The §1.11 table: row = HK II, column = HK I (Tốt, Khá, Đạt, Chưa đạt).
CONDUCT_TABLE = {
    T: (T, T, K, K),
    K: (K, K, K, D),
    D: (K, D, D, D),
    C: (C, C, C, C),
}


def test_level_values_and_declaration_order_are_best_first() -> None:
    # given / when
    levels = [(level.name, level.value, level.rank) for level in Level]

    # then
    assert levels == [
        ("TOT", "tot", 0),
        ("KHA", "kha", 1),
        ("DAT", "dat", 2),
        ("CHUA_DAT", "chua_dat", 3),
    ]


@pytest.mark.parametrize(
    ("better", "worse"), [(T, K), (K, D), (D, C), (T, C)], ids=["T>K", "K>D", "D>C", "T>C"]
)
def test_level_comparisons_follow_quality(better: Level, worse: Level) -> None:
    # given / when
    comparisons = (better > worse, better >= worse, worse < better, worse <= better)

    # then
    assert comparisons == (True, True, True, True)


@pytest.mark.parametrize("level", list(Level))
def test_level_compares_equal_to_itself_only_by_rank(level: Level) -> None:
    # given / when
    comparisons = (level >= level, level <= level, level > level, level < level)

    # then
    assert comparisons == (True, True, False, False)


def test_level_sorting_puts_the_worst_first_and_max_is_the_best() -> None:
    # given
    levels = [D, T, C, K]

    # when
    ordered = sorted(levels)

    # then
    assert (ordered, max(levels), min(levels)) == ([C, D, K, T], T, C)


@pytest.mark.parametrize(
    ("level", "other", "expected"),
    [(T, D, True), (D, D, True), (C, D, False), (K, T, False)],
)
def test_level_is_at_least(level: Level, other: Level, expected: bool) -> None:
    # given / when
    result = level.is_at_least(other)

    # then
    assert result is expected


def test_level_does_not_order_against_strings() -> None:
    # given / when / then
    with pytest.raises(TypeError):
        _ = Level.TOT > "kha"  # type: ignore[operator]


@pytest.mark.parametrize(("rank", "level"), [(0, T), (1, K), (2, D), (3, C)])
def test_level_from_rank(rank: int, level: Level) -> None:
    # given / when
    result = Level.from_rank(rank)

    # then
    assert result is level


@pytest.mark.parametrize("rank", [-1, 4, True])
def test_level_from_rank_rejects_an_unknown_rank(rank: int) -> None:
    # given / when / then
    with pytest.raises(ValueError, match="level rank"):
        Level.from_rank(rank)


@pytest.mark.parametrize(("value", "level"), [("tot", T), ("chua_dat", C), (K, K)])
def test_level_of_accepts_levels_and_their_values(value: Level | str, level: Level) -> None:
    # given / when
    result = Level.of(value)

    # then
    assert result is level


@pytest.mark.parametrize("value", ["Tốt", "TOT", "", 0])
def test_level_of_rejects_anything_else(value: object) -> None:
    # given / when / then
    with pytest.raises(ValueError, match=f"conduct {value!r} is not one of"):
        Level.of(value, what="conduct")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("averages", "failing", "expected"),
    [
        (("8", "8", "8", "8", "8", "8", "6.5", "6.5"), (), T),
        (("8", "8", "8", "8", "8", "8", "6.5", "6.4"), (), K),
        (("8", "8", "8", "8", "8", "7.9", "10", "10"), (), T),
        (("8", "8", "8", "8", "7.9", "7.9", "9", "6.5"), (), K),
        (("10", "10", "10", "10", "10", "10", "10", "10"), ("nt",), D),
        (("6.5", "6.5", "6.5", "6.5", "6.5", "6.5", "5.0", "5.0"), (), K),
        (("6.5", "6.5", "6.5", "6.5", "6.5", "6.5", "5.0", "4.9"), (), D),
        (("6.5", "6.5", "6.5", "6.5", "6.5", "6.4", "5.0", "5.0"), (), D),
        (("6.5", "6.5", "6.5", "6.5", "6.5", "6.5", "6.5", "6.5"), ("gdtc",), D),
        (("5.0", "5.0", "5.0", "5.0", "5.0", "5.0", "3.5", "3.5"), (), D),
        (("5.0", "5.0", "5.0", "5.0", "5.0", "5.0", "3.5", "3.4"), (), C),
        (("5.0", "5.0", "5.0", "5.0", "5.0", "4.9", "4.9", "4.9"), (), C),
        (("5.0", "5.0", "5.0", "5.0", "5.0", "5.0", "3.5", "3.5"), ("gdtc",), D),
        (("5.0", "5.0", "5.0", "5.0", "5.0", "5.0", "3.5", "3.5"), ("gdtc", "nt"), C),
        (("0", "0", "0", "0", "0", "0", "0", "0"), (), C),
    ],
    ids=[
        "tot-at-6.5-and-six-at-8.0",
        "tot-fails-at-6.4",
        "tot-with-exactly-six-at-8.0",
        "only-five-at-8.0-is-kha",
        "kha-and-tot-need-every-comment-dat",
        "kha-at-5.0-and-six-at-6.5",
        "kha-fails-at-4.9",
        "only-five-at-6.5-is-dat",
        "one-comment-cd-is-dat",
        "dat-at-3.5-and-six-at-5.0",
        "dat-fails-at-3.4",
        "only-five-at-5.0-is-chua-dat",
        "dat-allows-one-comment-cd",
        "two-comments-cd-is-chua-dat",
        "all-zero",
    ],
)
def test_computed_learning_level_boundaries(
    averages: tuple[str, ...], failing: tuple[str, ...], expected: Level
) -> None:
    # given
    subjects = scored(*averages)

    # when
    level = rules.computed_learning_level(subjects, commented(*failing))

    # then
    assert level is expected


def test_computed_learning_level_with_no_subjects_is_chua_dat() -> None:
    # given / when
    level = rules.computed_learning_level({}, {})

    # then
    assert level is C


@pytest.mark.parametrize(
    ("averages", "failing", "expected"),
    [
        (("9", "9", "9", "9", "9", "9", "8", "8"), ("gdtc",), LevelResult(D, K, "gdtc")),
        (("9", "9", "9", "9", "9", "9", "9", "4.0"), (), LevelResult(D, K, "tin")),
        (("9", "9", "9", "9", "9", "9", "9", "3.0"), (), LevelResult(C, D, "tin")),
        (("7", "7", "7", "7", "7", "7", "7", "3.0"), (), LevelResult(C, D, "tin")),
        (("7", "7", "7", "7", "7", "7", "7", "7"), ("gdtc", "nt"), LevelResult(C, C, None)),
    ],
    ids=[
        "tot-to-dat-by-a-comment-becomes-kha",
        "tot-to-dat-by-a-score-becomes-kha",
        "tot-to-chua-dat-becomes-dat",
        "kha-to-chua-dat-becomes-dat",
        "two-comments-cd-are-not-adjusted",
    ],
)
def test_learning_level_adjusts_a_two_level_drop_caused_by_one_subject(
    averages: tuple[str, ...], failing: tuple[str, ...], expected: LevelResult
) -> None:
    # given
    subjects = scored(*averages)

    # when
    result = rules.learning_level(subjects, commented(*failing))

    # then
    assert (result, result.adjusted) == (expected, expected.final is not expected.computed)


@pytest.mark.parametrize(
    ("averages", "failing", "expected"),
    [
        (("8", "8", "8", "8", "8", "8", "9", "6.4"), (), K),
        (("7", "7", "7", "7", "7", "7", "7", "4.9"), (), D),
        (("6", "6", "6", "6", "6", "6", "6", "3.4"), (), C),
        (("7", "7", "7", "7", "7", "7", "7", "7"), ("hdtn",), D),
    ],
    ids=["tot-to-kha", "kha-to-dat", "dat-to-chua-dat", "kha-by-a-comment-to-dat"],
)
def test_learning_level_never_adjusts_a_one_level_drop(
    averages: tuple[str, ...], failing: tuple[str, ...], expected: Level
) -> None:
    # given
    subjects = scored(*averages)

    # when
    result = rules.learning_level(subjects, commented(*failing))

    # then
    assert result == LevelResult(computed=expected, final=expected, culprit=None)


@pytest.mark.parametrize("mode", list(AdjustmentMode))
def test_learning_level_two_failing_subjects_have_no_culprit_in_either_mode(
    mode: AdjustmentMode,
) -> None:
    # given: each failing subject alone still leaves the other below 3.5
    subjects = scored("9", "9", "9", "9", "9", "9", "3.4", "2.0")

    # when
    result = rules.learning_level(subjects, commented(), adjustment_mode=mode)

    # then
    assert result == LevelResult(computed=C, final=C, culprit=None)


@pytest.mark.parametrize("mode", list(AdjustmentMode))
def test_learning_level_a_failing_score_and_a_comment_have_no_culprit(
    mode: AdjustmentMode,
) -> None:
    # given
    subjects = scored("9", "9", "9", "9", "9", "9", "9", "3.0")

    # when
    result = rules.learning_level(subjects, commented("gdtc", "nt"), adjustment_mode=mode)

    # then
    assert result == LevelResult(computed=C, final=C, culprit=None)


# The culprit is also needed for "≥ 6 subjects ≥ 6.5": leaving Toán out reaches only Đạt,
# giving it 10.0 reaches Khá (TV-27 reading, §1.10).
COUNT_NEEDS_CULPRIT = scored("3.0", "9", "9", "9", "9", "9", "5.0", "5.0")


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (AdjustmentMode.REMOVAL, LevelResult(C, C, None)),
        (AdjustmentMode.REPLACEMENT, LevelResult(C, D, "toan")),
        ("removal", LevelResult(C, C, None)),
        ("replacement", LevelResult(C, D, "toan")),
    ],
)
def test_learning_level_replacement_differs_from_removal_when_the_culprit_counts(
    mode: AdjustmentMode | str, expected: LevelResult
) -> None:
    # given
    subjects = COUNT_NEEDS_CULPRIT

    # when
    result = rules.learning_level(subjects, commented(), adjustment_mode=mode)

    # then
    assert result == expected


def test_learning_level_reads_the_mode_from_the_config() -> None:
    # given
    config = RulesConfig(adjustment_mode="replacement")

    # when
    result = rules.learning_level(COUNT_NEEDS_CULPRIT, commented(), config=config)

    # then
    assert result == LevelResult(C, D, "toan")


def test_learning_level_explicit_mode_overrides_the_config() -> None:
    # given
    config = RulesConfig(adjustment_mode="replacement")

    # when
    result = rules.learning_level(
        COUNT_NEEDS_CULPRIT, commented(), adjustment_mode="removal", config=config
    )

    # then
    assert result == LevelResult(C, C, None)


def test_learning_level_removal_of_a_scored_subject_needs_six_others() -> None:
    # given: six scored subjects only; leaving one out can never reach "≥ 6 subjects"
    subjects = {"toan": "9", "van": "9", "nn1": "9", "gdcd": "9", "lsdl": "9", "khtn": "3.0"}

    # when
    result = rules.learning_level(subjects, {})

    # then
    assert result == LevelResult(C, C, None)


@pytest.mark.parametrize(
    ("scored_subjects", "commented_subjects", "error", "message"),
    [
        ({"toan": "10.5"}, {}, ValueError, "average of 'toan' '10.5' is above 10"),
        ({"toan": "7.85"}, {}, ValueError, "average of 'toan' '7.85' has more than one decimal"),
        ({"toan": None}, {}, ValueError, "average of 'toan' is missing"),
        ({"toan": 7.5}, {}, TypeError, "average of 'toan' must be a Decimal"),
        ({}, {"gdtc": None}, TypeError, "result of 'gdtc' must be True"),
        ({"gdtc": "7"}, {"gdtc": True}, ValueError, "both scored and comment-only"),
    ],
)
def test_learning_level_rejects_invalid_input(
    scored_subjects: dict[str, object],
    commented_subjects: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    # given / when / then
    with pytest.raises(error, match=re.escape(message)):
        rules.learning_level(scored_subjects, commented_subjects)  # type: ignore[arg-type]


def test_learning_level_rejects_an_unknown_mode() -> None:
    # given / when / then
    with pytest.raises(ValueError, match="AdjustmentMode 'lenient' is not one of"):
        rules.learning_level(scored(*["8"] * 8), commented(), adjustment_mode="lenient")


def test_learning_level_accepts_decimal_str_and_int_averages() -> None:
    # given
    subjects = {"a": Decimal("9.0"), "b": "9,0", "c": 9, "d": "9", "e": "9", "f": "9"}

    # when
    result = rules.learning_level(subjects, {})

    # then
    assert result.final is T


@pytest.mark.parametrize(
    ("term1", "term2"),
    list(itertools.product(Level, Level)),
    ids=[f"{a.value}-{b.value}" for a, b in itertools.product(Level, Level)],
)
def test_conduct_year_follows_the_table(term1: Level, term2: Level) -> None:
    # given
    expected = CONDUCT_TABLE[term2][term1.rank]

    # when
    year = rules.conduct_year(term1, term2)

    # then
    assert year is expected


def test_conduct_year_accepts_string_values() -> None:
    # given / when
    year = rules.conduct_year("kha", "tot")

    # then
    assert year is T


def test_conduct_year_rejects_an_unknown_level() -> None:
    # given / when / then
    with pytest.raises(ValueError, match="term 2 conduct 'gioi' is not one of"):
        rules.conduct_year(T, "gioi")
