"""Year-end awards and promotion decisions (TT22 Art. 12–15; DOMAIN.md §1.14–§1.15).

Pure Python: no Django, no schema; runs anywhere. ``year_outcome`` is the decision at the end
of the school year; ``year_outcome_after_reassessment`` and
``year_outcome_after_summer_training`` re-decide after the summer steps.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from core_school.assessment.rules.config import DEFAULT_CONFIG, AdjustmentMode, RulesConfig
from core_school.assessment.rules.levels import Level, LevelResult, learning_level
from core_school.assessment.rules.scores import ScoreInput, from_tenths, score_tenths

REASSESS_BELOW = 50
"""Scored subjects with ĐTBmcn below 5.0 (in tenths) are re-assessed (Art. 14)."""

EXCELLENT_FROM = 90
"""Xuất sắc needs ĐTBmcn ≥ 9.0 (in tenths) …"""

EXCELLENT_SUBJECTS = 6
"""… in at least this many scored subjects (Art. 15)."""


class Award(StrEnum):
    """The certificate (giấy khen) granted at year end (Art. 15, §1.15)."""

    XUAT_SAC = "xuat_sac"
    """Học sinh Xuất sắc."""
    GIOI = "gioi"
    """Học sinh Giỏi."""


class Decision(StrEnum):
    """A year-end decision. The first four are the contract's; MANUAL is an extra value."""

    PROMOTED = "promoted"
    """Lên lớp (or, in grade 9, completes the THCS programme)."""
    REASSESS = "reassess"
    """Kiểm tra, đánh giá lại in the summer; see ``Outcome.reassess_subjects``."""
    SUMMER_TRAINING = "summer_training"
    """Rèn luyện trong kì nghỉ hè, then conduct is re-evaluated."""
    RETAINED = "retained"
    """Ở lại lớp."""
    MANUAL = "manual"
    """Individual plan (disability, Art. 11, Art. 12 cl. 4): the principal decides."""


class Reason(StrEnum):
    """Why a decision was made, for the audit trail and the message to parents."""

    INDIVIDUAL_PLAN = "individual_plan"
    ABSENCES_OVER_LIMIT = "absences_over_limit"
    CONDITIONS_MET = "conditions_met"
    LEARNING_CHUA_DAT = "learning_chua_dat"
    NOTHING_TO_REASSESS = "nothing_to_reassess"
    CONDUCT_CHUA_DAT = "conduct_chua_dat"
    CONDUCT_AND_LEARNING_CHUA_DAT = "conduct_and_learning_chua_dat"
    CONDUCT_NOT_REEVALUATED = "conduct_not_reevaluated"


@dataclass(frozen=True)
class Outcome:
    """A year-end decision.

    ``decision`` is a ``Decision`` (a str: "promoted", "reassess", "summer_training",
    "retained", or "manual" for an individual plan). ``reassess_subjects`` is non-empty only
    for "reassess". ``learning`` carries the recomputed level after re-assessment.
    """

    decision: Decision
    reassess_subjects: frozenset[str] = frozenset()
    reason: Reason | None = None
    learning: LevelResult | None = None


def award(
    *,
    learning: Level | str,
    conduct: Level | str,
    year_averages: Mapping[str, ScoreInput],
    config: RulesConfig | None = None,
) -> Award | None:
    """Return the year award: "xuat_sac", "gioi" or None (§1.15, TT22 Art. 15).

    Xuất sắc: conduct Tốt, learning Tốt and at least 6 scored subjects with ĐTBmcn ≥ 9.0.
    Giỏi: conduct Tốt and learning Tốt otherwise. None when ``awards_enabled`` is off
    (TT 19/2025 may have changed the titles, [U]). Art. 15 says nothing of absences or
    promotion, so neither is checked here; the services flag a retained award winner.
    """
    year_learning = Level.of(learning, what="year learning level")
    year_conduct = Level.of(conduct, what="year conduct level")
    averages = _averages(year_averages)
    if not (config or DEFAULT_CONFIG).awards_enabled:
        return None
    if year_learning is not Level.TOT or year_conduct is not Level.TOT:
        return None
    excellent = sum(1 for value in averages.values() if value >= EXCELLENT_FROM)
    return Award.XUAT_SAC if excellent >= EXCELLENT_SUBJECTS else Award.GIOI


def reassess_subjects(
    year_averages: Mapping[str, ScoreInput], year_comments: Mapping[str, bool]
) -> frozenset[str]:
    """Return the subjects to re-assess: comment-only Chưa đạt ∪ scored ĐTBmcn < 5.0 (Art. 14)."""
    averages = _averages(year_averages)
    comments = _comments(year_comments)
    return frozenset(
        [name for name, value in averages.items() if value < REASSESS_BELOW]
        + [name for name, passed in comments.items() if not passed]
    )


def year_outcome(
    *,
    learning: Level | str,
    conduct: Level | str,
    absences: int,
    year_averages: Mapping[str, ScoreInput],
    year_comments: Mapping[str, bool],
    individual_plan: bool = False,
    config: RulesConfig | None = None,
) -> Outcome:
    """Return the end-of-year decision, before any summer step (§1.14, TT22 Art. 12–14).

    In order: an individual plan (disability) → "manual"; more than ``max_absences`` (45)
    absences → "retained", which nothing can cure; conduct and learning both Đạt or better →
    "promoted"; learning Chưa đạt with conduct Đạt or better → "reassess" the comment-only
    subjects Chưa đạt and the scored subjects below 5.0 ("retained" if there are none);
    conduct Chưa đạt with learning Đạt or better → "summer_training"; both Chưa đạt →
    "retained" (MOET reply, [V2]). ``learning`` and ``conduct`` are the year levels (the
    final, adjusted learning level).
    """
    cfg = config or DEFAULT_CONFIG
    year_learning = Level.of(learning, what="year learning level")
    year_conduct = Level.of(conduct, what="year conduct level")
    if isinstance(absences, bool) or not isinstance(absences, int):
        raise TypeError(f"absences must be an int, not {absences!r}")
    if absences < 0:
        raise ValueError(f"absences {absences!r} cannot be negative")
    if not isinstance(individual_plan, bool):
        raise TypeError(f"individual_plan must be a bool, not {individual_plan!r}")
    to_reassess = reassess_subjects(year_averages, year_comments)

    if individual_plan:
        return Outcome(Decision.MANUAL, reason=Reason.INDIVIDUAL_PLAN)
    if absences > cfg.max_absences:
        return Outcome(Decision.RETAINED, reason=Reason.ABSENCES_OVER_LIMIT)
    conduct_ok = year_conduct >= Level.DAT
    learning_ok = year_learning >= Level.DAT
    if conduct_ok and learning_ok:
        return Outcome(Decision.PROMOTED, reason=Reason.CONDITIONS_MET)
    if conduct_ok:
        if not to_reassess:
            return Outcome(Decision.RETAINED, reason=Reason.NOTHING_TO_REASSESS)
        return Outcome(Decision.REASSESS, to_reassess, reason=Reason.LEARNING_CHUA_DAT)
    if learning_ok:
        return Outcome(Decision.SUMMER_TRAINING, reason=Reason.CONDUCT_CHUA_DAT)
    return Outcome(Decision.RETAINED, reason=Reason.CONDUCT_AND_LEARNING_CHUA_DAT)


def year_outcome_after_reassessment(
    *,
    year_averages: Mapping[str, ScoreInput],
    year_comments: Mapping[str, bool],
    reassessed_averages: Mapping[str, ScoreInput] | None = None,
    reassessed_comments: Mapping[str, bool] | None = None,
    adjustment_mode: AdjustmentMode | str | None = None,
    config: RulesConfig | None = None,
) -> Outcome:
    """Re-decide after the summer re-assessment (kiểm tra, đánh giá lại; §1.14, Art. 14).

    Call it for a pupil whose ``year_outcome`` was "reassess". Each re-assessed result replaces
    that subject's year result, even when lower (``reassessment_replaces_even_if_lower``;
    when off, the better one stays). A subject not re-assessed keeps its result. The learning
    level is recomputed with §1.9 and §1.10: "promoted" if Đạt or better, else "retained".
    Raise ValueError for a re-assessed subject that was not due for re-assessment.
    """
    cfg = config or DEFAULT_CONFIG
    new_scores = _averages(reassessed_averages or {}, what="re-assessed score")
    new_comments = _comments(reassessed_comments or {}, what="re-assessed result")
    averages = _averages(year_averages)
    comments = _comments(year_comments)
    due = reassess_subjects(year_averages, year_comments)
    not_due = sorted(set(new_scores) - (due & set(averages)))
    not_due += sorted(set(new_comments) - (due & set(comments)))
    if not_due:
        raise ValueError(f"subjects {not_due!r} were not due for re-assessment (Art. 14)")

    for subject, score in new_scores.items():
        if cfg.reassessment_replaces_even_if_lower or score > averages[subject]:
            averages[subject] = score
    for subject, passed in new_comments.items():
        if cfg.reassessment_replaces_even_if_lower or passed:
            comments[subject] = passed
    result = learning_level(
        {subject: from_tenths(value) for subject, value in averages.items()},
        comments,
        adjustment_mode=adjustment_mode,
        config=cfg,
    )
    if result.final >= Level.DAT:
        return Outcome(Decision.PROMOTED, reason=Reason.CONDITIONS_MET, learning=result)
    return Outcome(Decision.RETAINED, reason=Reason.LEARNING_CHUA_DAT, learning=result)


def year_outcome_after_summer_training(
    *, learning: Level | str, reevaluated_conduct: Level | str | None
) -> Outcome:
    """Re-decide after summer conduct training (rèn luyện trong kì nghỉ hè; §1.14, Art. 13).

    Call it for a pupil whose ``year_outcome`` was "summer_training". ``reevaluated_conduct``
    is the year conduct the principal re-evaluated on the GVCN's proposal, or None when the
    tasks were not completed. "promoted" if it is Đạt or better, else "retained". Raise
    ValueError when ``learning`` is Chưa đạt (such a pupil is not sent to summer training).
    """
    year_learning = Level.of(learning, what="year learning level")
    if year_learning < Level.DAT:
        raise ValueError(
            "summer training applies only when year learning is Đạt or better, "
            f"not {year_learning.value!r}"
        )
    if reevaluated_conduct is None:
        return Outcome(Decision.RETAINED, reason=Reason.CONDUCT_NOT_REEVALUATED)
    year_conduct = Level.of(reevaluated_conduct, what="re-evaluated conduct")
    if year_conduct >= Level.DAT:
        return Outcome(Decision.PROMOTED, reason=Reason.CONDITIONS_MET)
    return Outcome(Decision.RETAINED, reason=Reason.CONDUCT_CHUA_DAT)


def _averages(values: Mapping[str, ScoreInput], *, what: str = "year average") -> dict[str, int]:
    return {
        subject: score_tenths(value, what=f"{what} of {subject!r}")
        for subject, value in values.items()
    }


def _comments(values: Mapping[str, bool], *, what: str = "year result") -> dict[str, bool]:
    for subject, passed in values.items():
        if not isinstance(passed, bool):
            raise TypeError(
                f"{what} of {subject!r} must be True (Đạt) or False (Chưa đạt), not {passed!r}"
            )
    return dict(values)
