"""Awards (§1.15) and year-end decisions, before and after the summer steps (§1.14)."""

import re

import pytest

from core_school.assessment import rules
from core_school.assessment.rules import Award, Decision, Level, Outcome, Reason, RulesConfig
from tests.core_school.assessment.rules.subjects import commented, scored

T, K, D, C = Level.TOT, Level.KHA, Level.DAT, Level.CHUA_DAT

SIX_AT_9 = scored("9", "9", "9", "9", "9", "9.0", "8", "8")
FIVE_AT_9 = scored("9", "9", "9", "9", "9", "8.9", "8", "8")
PASSING = scored("6", "6", "6", "6", "6", "6", "6", "6")
FAILING = scored("7", "7", "7", "7", "7", "4.9", "5.0", "3.0")


@pytest.mark.parametrize(
    ("learning", "conduct", "averages", "expected"),
    [
        (T, T, SIX_AT_9, "xuat_sac"),
        (T, T, FIVE_AT_9, "gioi"),
        (K, T, SIX_AT_9, None),
        (T, K, SIX_AT_9, None),
        (D, D, PASSING, None),
        ("tot", "tot", SIX_AT_9, "xuat_sac"),
    ],
    ids=[
        "xuat-sac-with-six-at-9.0",
        "gioi-with-five-at-9.0",
        "none-for-kha-learning",
        "none-for-kha-conduct",
        "none-for-dat",
        "level-values-accepted",
    ],
)
def test_award_needs_tot_tot_and_six_subjects_at_9_for_xuat_sac(
    learning: Level, conduct: Level, averages: dict[str, object], expected: str | None
) -> None:
    # given / when
    result = rules.award(learning=learning, conduct=conduct, year_averages=averages)

    # then
    assert result == expected


def test_award_is_a_str_enum() -> None:
    # given / when
    result = rules.award(learning=T, conduct=T, year_averages=SIX_AT_9)

    # then
    assert (result is Award.XUAT_SAC, isinstance(result, str)) == (True, True)


def test_award_is_none_when_awards_are_disabled() -> None:
    # given
    config = RulesConfig(awards_enabled=False)

    # when
    result = rules.award(learning=T, conduct=T, year_averages=SIX_AT_9, config=config)

    # then
    assert result is None


def test_award_rejects_an_invalid_average() -> None:
    # given / when / then
    with pytest.raises(
        ValueError, match=re.escape("year average of 'toan' '9.25' has more than one")
    ):
        rules.award(learning=T, conduct=T, year_averages={"toan": "9.25"})


def test_reassess_subjects_are_comment_cd_and_scored_below_5() -> None:
    # given
    averages, comments = FAILING, commented("nt")

    # when
    subjects = rules.reassess_subjects(averages, comments)

    # then: 5.0 exactly is not re-assessed
    assert subjects == frozenset({"khtn", "tin", "nt"})


@pytest.mark.parametrize(
    ("learning", "conduct", "averages", "failing", "expected"),
    [
        (D, D, PASSING, (), Outcome(Decision.PROMOTED, reason=Reason.CONDITIONS_MET)),
        (T, T, SIX_AT_9, (), Outcome(Decision.PROMOTED, reason=Reason.CONDITIONS_MET)),
        (
            C,
            D,
            FAILING,
            ("nt",),
            Outcome(
                Decision.REASSESS,
                frozenset({"khtn", "tin", "nt"}),
                reason=Reason.LEARNING_CHUA_DAT,
            ),
        ),
        (D, C, PASSING, (), Outcome(Decision.SUMMER_TRAINING, reason=Reason.CONDUCT_CHUA_DAT)),
        (
            C,
            C,
            FAILING,
            (),
            Outcome(Decision.RETAINED, reason=Reason.CONDUCT_AND_LEARNING_CHUA_DAT),
        ),
        (C, T, PASSING, (), Outcome(Decision.RETAINED, reason=Reason.NOTHING_TO_REASSESS)),
    ],
    ids=[
        "dat-dat-promoted",
        "tot-tot-promoted",
        "learning-cd-reassess",
        "conduct-cd-summer-training",
        "both-cd-retained",
        "learning-cd-with-nothing-to-reassess-retained",
    ],
)
def test_year_outcome_decisions(
    learning: Level,
    conduct: Level,
    averages: dict[str, object],
    failing: tuple[str, ...],
    expected: Outcome,
) -> None:
    # given
    comments = commented(*failing)

    # when
    outcome = rules.year_outcome(
        learning=learning,
        conduct=conduct,
        absences=0,
        year_averages=averages,
        year_comments=comments,
    )

    # then
    assert outcome == expected


@pytest.mark.parametrize(
    ("absences", "decision"), [(0, "promoted"), (45, "promoted"), (46, "retained")]
)
def test_year_outcome_allows_45_absences_and_retains_at_46(absences: int, decision: str) -> None:
    # given / when
    outcome = rules.year_outcome(
        learning=T, conduct=T, absences=absences, year_averages=SIX_AT_9, year_comments={}
    )

    # then
    assert outcome.decision == decision


def test_year_outcome_reads_the_absence_limit_from_the_config() -> None:
    # given
    config = RulesConfig(max_absences=50)

    # when
    outcome = rules.year_outcome(
        learning=D,
        conduct=D,
        absences=50,
        year_averages=PASSING,
        year_comments={},
        config=config,
    )

    # then
    assert outcome.decision == "promoted"


@pytest.mark.parametrize("absences", [0, 46])
def test_year_outcome_routes_an_individual_plan_to_the_principal(absences: int) -> None:
    # given / when
    outcome = rules.year_outcome(
        learning=C,
        conduct=C,
        absences=absences,
        year_averages=FAILING,
        year_comments={},
        individual_plan=True,
    )

    # then
    assert outcome == Outcome(Decision.MANUAL, reason=Reason.INDIVIDUAL_PLAN)


@pytest.mark.parametrize(
    ("absences", "error", "message"),
    [
        (-1, ValueError, "absences -1 cannot be negative"),
        (True, TypeError, "absences must be an int"),
        ("3", TypeError, "absences must be an int"),
    ],
)
def test_year_outcome_rejects_invalid_absences(
    absences: object, error: type[Exception], message: str
) -> None:
    # given / when / then
    with pytest.raises(error, match=message):
        rules.year_outcome(
            learning=D,
            conduct=D,
            absences=absences,  # type: ignore[arg-type]
            year_averages=PASSING,
            year_comments={},
        )


def test_year_outcome_rejects_an_unknown_level() -> None:
    # given / when / then
    with pytest.raises(ValueError, match="year conduct level 'good' is not one of"):
        rules.year_outcome(
            learning=D, conduct="good", absences=0, year_averages=PASSING, year_comments={}
        )


def test_decisions_are_the_contract_strings() -> None:
    # given / when
    values = {decision.value for decision in Decision}

    # then
    assert values == {"promoted", "reassess", "summer_training", "retained", "manual"}


# Before the summer: CĐ (tin 3.0 < 3.5), re-assess cn (4.5) and tin (3.0).
BEFORE_REASSESSMENT = scored("7", "7", "7", "7", "7", "7", "4.5", "3.0")


def test_after_reassessment_promotes_when_the_new_results_reach_dat() -> None:
    # given
    new_scores = {"cn": "5.0", "tin": "6.0"}

    # when
    outcome = rules.year_outcome_after_reassessment(
        year_averages=BEFORE_REASSESSMENT,
        year_comments=commented(),
        reassessed_averages=new_scores,
    )

    # then
    assert (outcome.decision, outcome.learning) == ("promoted", rules.LevelResult(K, K, None))


def test_after_reassessment_retains_when_still_chua_dat() -> None:
    # given
    new_scores = {"tin": "3.4"}

    # when
    outcome = rules.year_outcome_after_reassessment(
        year_averages=BEFORE_REASSESSMENT,
        year_comments=commented(),
        reassessed_averages=new_scores,
    )

    # then
    assert (outcome.decision, outcome.reason) == ("retained", Reason.LEARNING_CHUA_DAT)


def test_after_reassessment_recomputes_with_the_adjustment_rule() -> None:
    # given: tin stays below 3.5 but is then the single culprit of a Khá → Chưa đạt drop
    new_scores = {"cn": "6.5", "tin": "3.2"}

    # when
    outcome = rules.year_outcome_after_reassessment(
        year_averages=BEFORE_REASSESSMENT,
        year_comments=commented(),
        reassessed_averages=new_scores,
    )

    # then
    assert (outcome.decision, outcome.learning) == ("promoted", rules.LevelResult(C, D, "tin"))


def test_after_reassessment_replaces_comment_results() -> None:
    # given
    averages = scored("7", "7", "7", "7", "7", "7", "7", "7")

    # when
    outcome = rules.year_outcome_after_reassessment(
        year_averages=averages,
        year_comments=commented("gdtc", "nt"),
        reassessed_comments={"gdtc": True},
    )

    # then: one comment CĐ left: Đạt
    assert (outcome.decision, outcome.learning) == ("promoted", rules.LevelResult(D, D, None))


# Re-assessing cn (4.5) lower at 3.0 matters: with it the pupil stays Chưa đạt.
LOWER_MATTERS = scored("7", "7", "7", "7", "7", "4.5", "3.0", "3.0")
LOWER_MATTERS_NEW = {"khtn": "3.0", "cn": "5.0", "tin": "5.0"}


def test_after_reassessment_replaces_even_with_a_lower_score_by_default() -> None:
    # given / when
    outcome = rules.year_outcome_after_reassessment(
        year_averages=LOWER_MATTERS,
        year_comments=commented(),
        reassessed_averages=LOWER_MATTERS_NEW,
    )

    # then
    assert outcome.decision == "retained"


def test_after_reassessment_keeps_the_better_score_when_configured() -> None:
    # given
    config = RulesConfig(reassessment_replaces_even_if_lower=False)

    # when
    outcome = rules.year_outcome_after_reassessment(
        year_averages=LOWER_MATTERS,
        year_comments=commented(),
        reassessed_averages=LOWER_MATTERS_NEW,
        config=config,
    )

    # then
    assert (outcome.decision, outcome.learning) == ("promoted", rules.LevelResult(D, D, None))


@pytest.mark.parametrize(
    ("new_scores", "new_comments", "message"),
    [
        ({"toan": "9"}, {}, "subjects ['toan'] were not due for re-assessment"),
        ({"hoa": "9"}, {}, "subjects ['hoa'] were not due for re-assessment"),
        ({}, {"gdtc": True}, "subjects ['gdtc'] were not due for re-assessment"),
        ({"tin": "3.25"}, {}, "re-assessed score of 'tin' '3.25' has more than one decimal"),
        ({}, {"nt": 1}, "re-assessed result of 'nt' must be True"),
    ],
    ids=["scored-not-due", "unknown-subject", "comment-not-due", "bad-score", "bad-comment"],
)
def test_after_reassessment_rejects_invalid_results(
    new_scores: dict[str, str], new_comments: dict[str, object], message: str
) -> None:
    # given / when / then
    with pytest.raises((ValueError, TypeError), match=re.escape(message)):
        rules.year_outcome_after_reassessment(
            year_averages=BEFORE_REASSESSMENT,
            year_comments=commented("nt"),
            reassessed_averages=new_scores,
            reassessed_comments=new_comments,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize(
    ("conduct", "expected"),
    [
        (T, Outcome(Decision.PROMOTED, reason=Reason.CONDITIONS_MET)),
        (D, Outcome(Decision.PROMOTED, reason=Reason.CONDITIONS_MET)),
        ("dat", Outcome(Decision.PROMOTED, reason=Reason.CONDITIONS_MET)),
        (C, Outcome(Decision.RETAINED, reason=Reason.CONDUCT_CHUA_DAT)),
        (None, Outcome(Decision.RETAINED, reason=Reason.CONDUCT_NOT_REEVALUATED)),
    ],
    ids=["tot", "dat", "dat-value", "chua-dat", "not-reevaluated"],
)
def test_after_summer_training_promotes_when_conduct_is_reevaluated_to_dat(
    conduct: Level | str | None, expected: Outcome
) -> None:
    # given / when
    outcome = rules.year_outcome_after_summer_training(learning=D, reevaluated_conduct=conduct)

    # then
    assert outcome == expected


def test_after_summer_training_rejects_a_pupil_with_learning_chua_dat() -> None:
    # given / when / then
    with pytest.raises(ValueError, match="summer training applies only when year learning"):
        rules.year_outcome_after_summer_training(learning=C, reevaluated_conduct=T)
