"""Properties of the rules, checked with hypothesis against exact rational arithmetic."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from core_school.assessment import rules
from core_school.assessment.rules import AdjustmentMode, Level

# database=None: no .hypothesis/ folder in the shared checkout; deadline=None: CI noise.
FAST = settings(max_examples=150, deadline=None, database=None)

# Thresholds of §1.9 and §1.14 and their neighbours, mixed with any score.
INTERESTING_TENTHS = [0, 34, 35, 36, 49, 50, 51, 64, 65, 66, 79, 80, 81, 89, 90, 100]
tenths = st.one_of(st.sampled_from(INTERESTING_TENTHS), st.integers(0, 100))
scores = tenths.map(lambda value: Decimal(value).scaleb(-1))
levels = st.sampled_from(list(Level))
modes = st.sampled_from(list(AdjustmentMode))


@st.composite
def term_marks(draw: st.DrawFn) -> tuple[list[Decimal], Decimal, Decimal]:
    required = draw(st.sampled_from([2, 3, 4]))
    regular = draw(st.lists(scores, min_size=required, max_size=required))
    return regular, draw(scores), draw(scores)


@st.composite
def subject_results(draw: st.DrawFn) -> tuple[dict[str, Decimal], dict[str, bool]]:
    scored_count = draw(st.integers(6, 9))
    comment_count = draw(st.integers(0, 5))
    averages = draw(st.lists(scores, min_size=scored_count, max_size=scored_count))
    passed = draw(st.lists(st.booleans(), min_size=comment_count, max_size=comment_count))
    return (
        {f"s{index}": value for index, value in enumerate(averages)},
        {f"c{index}": value for index, value in enumerate(passed)},
    )


def _exact_half_up(value: Fraction) -> Decimal:
    tenths_value = value * 10
    return Decimal(int(tenths_value + Fraction(1, 2))).scaleb(-1)


@FAST
@given(st.decimals(min_value=0, max_value=10, places=6, allow_nan=False, allow_infinity=False))
def test_round_score_is_idempotent_and_within_half_a_tenth(value: Decimal) -> None:
    # given / when
    rounded = rules.round_score(value)

    # then
    assert (rules.round_score(rounded), abs(rounded - value) <= Decimal("0.05")) == (
        rounded,
        True,
    )


@FAST
@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_round_score_matches_exact_half_up_on_quotients(numerator: int, denominator: int) -> None:
    # given: a 28-digit quotient such as 7.777…8, read exactly as a fraction by the oracle
    value = Decimal(numerator % (10 * denominator)) / Decimal(denominator)

    # when
    rounded = rules.round_score(value)

    # then
    assert rounded == _exact_half_up(Fraction(value))


@FAST
@given(term_marks())
def test_term_average_is_within_its_inputs_and_has_one_decimal(
    marks: tuple[list[Decimal], Decimal, Decimal],
) -> None:
    # given
    regular, midterm, final = marks
    values = [*regular, midterm, final]

    # when
    average = rules.term_average(regular, midterm, final, required_regular=len(regular))

    # then
    assert (min(values) <= average <= max(values), average.as_tuple().exponent) == (True, -1)


@FAST
@given(term_marks())
def test_term_average_equals_the_exact_weighted_mean_rounded_half_up(
    marks: tuple[list[Decimal], Decimal, Decimal],
) -> None:
    # given
    regular, midterm, final = marks
    exact = Fraction(sum(regular) + 2 * midterm + 3 * final) / (len(regular) + 5)

    # when
    average = rules.term_average(regular, midterm, final, required_regular=len(regular))

    # then
    assert average == _exact_half_up(exact)


@FAST
@given(term_marks(), st.data())
def test_raising_one_mark_never_lowers_the_term_average(
    marks: tuple[list[Decimal], Decimal, Decimal], data: st.DataObject
) -> None:
    # given
    regular, midterm, final = marks
    slots = [*regular, midterm, final]
    index = data.draw(st.integers(0, len(slots) - 1))
    raised = list(slots)
    raised[index] = data.draw(scores.filter(lambda value: value >= slots[index]))
    before = rules.term_average(slots[:-2], slots[-2], slots[-1], required_regular=len(regular))

    # when
    after = rules.term_average(raised[:-2], raised[-2], raised[-1], required_regular=len(regular))

    # then
    assert after >= before


@FAST
@given(scores, scores)
def test_year_average_is_within_the_term_averages(term1: Decimal, term2: Decimal) -> None:
    # given / when
    average = rules.year_average(term1, term2)

    # then
    assert (min(term1, term2) <= average <= max(term1, term2), average.as_tuple().exponent) == (
        True,
        -1,
    )


@FAST
@given(st.integers(0, 100), st.sampled_from([".", ","]))
def test_parse_score_reads_every_score_in_both_notations(value: int, separator: str) -> None:
    # given
    text = f"{value // 10}{separator}{value % 10}"

    # when
    score = rules.parse_score(text)

    # then
    assert score == Decimal(value).scaleb(-1)


@FAST
@given(subject_results(), modes, st.data())
def test_raising_one_result_never_lowers_the_learning_level(
    results: tuple[dict[str, Decimal], dict[str, bool]],
    mode: AdjustmentMode,
    data: st.DataObject,
) -> None:
    # given
    averages, comments = results
    subject = data.draw(st.sampled_from([*averages, *comments]))
    raised_averages = {
        name: data.draw(scores.filter(lambda new, old=value: new >= old))
        if name == subject
        else value
        for name, value in averages.items()
    }
    raised_comments = {name: passed or name == subject for name, passed in comments.items()}
    before = rules.learning_level(averages, comments, adjustment_mode=mode)

    # when
    after = rules.learning_level(raised_averages, raised_comments, adjustment_mode=mode)

    # then
    assert (after.computed >= before.computed, after.final >= before.final) == (True, True)


@FAST
@given(subject_results(), modes)
def test_adjusted_level_is_one_above_computed_and_never_tot(
    results: tuple[dict[str, Decimal], dict[str, bool]], mode: AdjustmentMode
) -> None:
    # given
    averages, comments = results

    # when
    result = rules.learning_level(averages, comments, adjustment_mode=mode)

    # then
    steps = result.computed.rank - result.final.rank
    assert (
        steps in {0, 1},
        not result.adjusted or result.final <= Level.KHA,
        result.adjusted == (result.culprit is not None),
    ) == (True, True, True)


@FAST
@given(subject_results())
def test_replacement_adjusts_whenever_removal_does(
    results: tuple[dict[str, Decimal], dict[str, bool]],
) -> None:
    # given
    averages, comments = results

    # when
    removal = rules.learning_level(averages, comments, adjustment_mode="removal")
    replacement = rules.learning_level(averages, comments, adjustment_mode="replacement")

    # then
    assert replacement.final >= removal.final


@FAST
@given(levels, levels, levels)
def test_conduct_year_is_monotone_in_each_term(first: Level, second: Level, other: Level) -> None:
    # given
    worse, better = sorted([first, second])

    # when
    by_term1 = (rules.conduct_year(worse, other), rules.conduct_year(better, other))
    by_term2 = (rules.conduct_year(other, worse), rules.conduct_year(other, better))

    # then
    assert (by_term1[1] >= by_term1[0], by_term2[1] >= by_term2[0]) == (True, True)


@FAST
@given(subject_results(), levels, levels, st.integers(46, 400))
def test_year_outcome_never_promotes_above_45_absences(
    results: tuple[dict[str, Decimal], dict[str, bool]],
    learning: Level,
    conduct: Level,
    absences: int,
) -> None:
    # given
    averages, comments = results

    # when
    outcome = rules.year_outcome(
        learning=learning,
        conduct=conduct,
        absences=absences,
        year_averages=averages,
        year_comments=comments,
    )

    # then
    assert (outcome.decision, outcome.reassess_subjects) == ("retained", frozenset())


@FAST
@given(subject_results(), levels, levels, st.integers(0, 45))
def test_year_outcome_promotes_exactly_when_both_levels_reach_dat(
    results: tuple[dict[str, Decimal], dict[str, bool]],
    learning: Level,
    conduct: Level,
    absences: int,
) -> None:
    # given
    averages, comments = results

    # when
    outcome = rules.year_outcome(
        learning=learning,
        conduct=conduct,
        absences=absences,
        year_averages=averages,
        year_comments=comments,
    )

    # then
    assert (outcome.decision == "promoted") == (learning >= Level.DAT and conduct >= Level.DAT)


@FAST
@given(subject_results())
def test_reassess_subjects_are_exactly_comment_cd_and_scores_below_5(
    results: tuple[dict[str, Decimal], dict[str, bool]],
) -> None:
    # given
    averages, comments = results
    expected = {name for name, value in averages.items() if value < 5} | {
        name for name, passed in comments.items() if not passed
    }

    # when
    subjects = rules.reassess_subjects(averages, comments)

    # then
    assert subjects == expected
