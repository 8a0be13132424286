"""Learning and conduct levels (TT22 Art. 8, Art. 9 cl. 2–3; DOMAIN.md §1.9–§1.11).

Pure Python: no Django, no schema; runs anywhere. A level is one of Tốt, Khá, Đạt, Chưa đạt.
The learning level of a term uses the term averages (ĐTBmhk) and term comment results; the
year level uses the year averages (ĐTBmcn) and year comment results. It is never combined
from the two term levels.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from core_school.assessment.rules.config import (
    DEFAULT_CONFIG,
    AdjustmentMode,
    RulesConfig,
    adjustment_mode_of,
)
from core_school.assessment.rules.scores import MAX_TENTHS, ScoreInput, score_tenths


class Level(Enum):
    """A learning or conduct level (mức đánh giá), declared best first.

    ``rank`` is 0 for Tốt up to 3 for Chưa đạt. Comparisons follow quality, so ``a > b`` means
    a is better than b and ``level >= Level.DAT`` reads "Đạt or better", as in §1.14.
    """

    TOT = "tot"
    """Tốt."""
    KHA = "kha"
    """Khá."""
    DAT = "dat"
    """Đạt."""
    CHUA_DAT = "chua_dat"
    """Chưa đạt."""

    @property
    def rank(self) -> int:
        """0 for Tốt, 1 for Khá, 2 for Đạt, 3 for Chưa đạt (DOMAIN.md §5)."""
        return _RANKS[self]

    @classmethod
    def from_rank(cls, rank: int) -> "Level":
        """Return the level with this rank (0 = Tốt … 3 = Chưa đạt)."""
        if isinstance(rank, bool) or not isinstance(rank, int) or not 0 <= rank < len(_BY_RANK):
            raise ValueError(f"level rank {rank!r} must be 0, 1, 2 or 3")
        return _BY_RANK[rank]

    @classmethod
    def of(cls, value: "Level | str", *, what: str = "level") -> "Level":
        """Return ``value`` as a Level; a string value ("tot", "kha", …) is accepted too."""
        if isinstance(value, Level):
            return value
        if isinstance(value, str):
            try:
                return Level(str(value))
            except ValueError:
                pass
        raise ValueError(f"{what} {value!r} is not one of 'tot', 'kha', 'dat', 'chua_dat'")

    def is_at_least(self, other: "Level") -> bool:
        """Return True when this level is ``other`` or better."""
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank


_BY_RANK: tuple[Level, ...] = tuple(Level)
_RANKS: dict[Level, int] = {level: rank for rank, level in enumerate(_BY_RANK)}


@dataclass(frozen=True)
class LevelResult:
    """A learning level with its audit trail (§5: store computed, adjusted and culprit).

    ``computed`` is the §1.9 level, ``final`` the level after the §1.10 adjustment and
    ``culprit`` the one subject that caused a drop of two or more levels (None when no
    adjustment was made).
    """

    computed: Level
    final: Level
    culprit: str | None = None

    @property
    def adjusted(self) -> bool:
        """True when the §1.10 adjustment raised the level."""
        return self.final is not self.computed


# Thresholds of §1.9 in tenths; every comparison is "từ … trở lên" (≥).
TOT_MIN = 65
TOT_HIGH = 80
KHA_MIN = 50
KHA_HIGH = 65
DAT_PASS = 50
DAT_FLOOR = 35
SUBJECTS_NEEDED = 6
""""At least 6 subjects" in every row of the §1.9 table."""

ADJUSTMENT_DROP = 2
"""A drop of this many levels or more, due to one subject, is adjusted (§1.10)."""


def computed_learning_level(
    scored: Mapping[str, ScoreInput], commented: Mapping[str, bool]
) -> Level:
    """Return the learning level of §1.9 (TT22 Art. 9 cl. 2), without the §1.10 adjustment.

    ``scored`` maps each scored subject to its average (ĐTBmhk or ĐTBmcn); ``commented`` maps
    each comment-only subject to its result (True = Đạt). Conditions are checked top-down.
    """
    scores, comments = _checked(scored, commented)
    return _level_of(scores.values(), comments.values())


def learning_level(
    scored: Mapping[str, ScoreInput],
    commented: Mapping[str, bool],
    *,
    adjustment_mode: AdjustmentMode | str | None = None,
    config: RulesConfig | None = None,
) -> LevelResult:
    """Return the learning level of a term or a year, adjusted by §1.10 (TT22 Art. 9 cl. 2–3).

    The computed level follows §1.9 top-down. If it is two or more levels below the level
    reached "without" exactly one subject (scored or comment-only), it is raised one level; with
    two or more such subjects there is no adjustment. "Without" depends on the mode: "removal"
    (default) leaves the subject out, "replacement" gives it the best result (10.0 or Đạt).
    The adjusted level is never Tốt. ``adjustment_mode``, when given, overrides ``config``.
    Raise ValueError for an invalid average, a non-bool comment result or a subject that is
    both scored and comment-only.
    """
    mode = (
        adjustment_mode_of(adjustment_mode)
        if adjustment_mode is not None
        else (config or DEFAULT_CONFIG).adjustment_mode
    )
    scores, comments = _checked(scored, commented)
    computed = _level_of(scores.values(), comments.values())
    if computed.rank < ADJUSTMENT_DROP:
        # Tốt or Khá: no level is two or more above it, so no subject can be a culprit.
        return LevelResult(computed=computed, final=computed, culprit=None)
    culprits = [
        subject
        for subject in (*scores, *comments)
        if computed.rank - _level_without(subject, scores, comments, mode).rank >= ADJUSTMENT_DROP
    ]
    if len(culprits) != 1:
        return LevelResult(computed=computed, final=computed, culprit=None)
    return LevelResult(
        computed=computed, final=Level.from_rank(computed.rank - 1), culprit=culprits[0]
    )


_CONDUCT_YEAR: dict[tuple[Level, Level], Level] = {
    # (HK II, HK I) -> year, row by row as in the §1.11 table.
    (Level.TOT, Level.TOT): Level.TOT,
    (Level.TOT, Level.KHA): Level.TOT,
    (Level.TOT, Level.DAT): Level.KHA,
    (Level.TOT, Level.CHUA_DAT): Level.KHA,
    (Level.KHA, Level.TOT): Level.KHA,
    (Level.KHA, Level.KHA): Level.KHA,
    (Level.KHA, Level.DAT): Level.KHA,
    (Level.KHA, Level.CHUA_DAT): Level.DAT,
    (Level.DAT, Level.TOT): Level.KHA,
    (Level.DAT, Level.KHA): Level.DAT,
    (Level.DAT, Level.DAT): Level.DAT,
    (Level.DAT, Level.CHUA_DAT): Level.DAT,
    (Level.CHUA_DAT, Level.TOT): Level.CHUA_DAT,
    (Level.CHUA_DAT, Level.KHA): Level.CHUA_DAT,
    (Level.CHUA_DAT, Level.DAT): Level.CHUA_DAT,
    (Level.CHUA_DAT, Level.CHUA_DAT): Level.CHUA_DAT,
}


def conduct_year(term1: Level | str, term2: Level | str) -> Level:
    """Return the year conduct level (kết quả rèn luyện cả năm) from the two terms (§1.11).

    TT22 Art. 8 cl. 2(b): e.g. Tốt needs HK II Tốt and HK I Khá or better; any HK II Chưa đạt
    gives Chưa đạt. Term levels are the homeroom teacher's (GVCN) judgements.
    """
    first = Level.of(term1, what="term 1 conduct")
    second = Level.of(term2, what="term 2 conduct")
    return _CONDUCT_YEAR[second, first]


def _level_of(scores: Iterable[int], comments: Iterable[bool]) -> Level:
    """§1.9 on tenths and booleans, evaluated top-down."""
    values = list(scores)
    not_passed = sum(1 for passed in comments if not passed)
    lowest = min(values, default=MAX_TENTHS)

    def at_least(threshold: int) -> int:
        return sum(1 for value in values if value >= threshold)

    if not_passed == 0 and lowest >= TOT_MIN and at_least(TOT_HIGH) >= SUBJECTS_NEEDED:
        return Level.TOT
    if not_passed == 0 and lowest >= KHA_MIN and at_least(KHA_HIGH) >= SUBJECTS_NEEDED:
        return Level.KHA
    if not_passed <= 1 and lowest >= DAT_FLOOR and at_least(DAT_PASS) >= SUBJECTS_NEEDED:
        return Level.DAT
    return Level.CHUA_DAT


def _level_without(
    subject: str, scores: dict[str, int], comments: dict[str, bool], mode: AdjustmentMode
) -> Level:
    """The §1.9 level once ``subject`` no longer holds the pupil back (§1.10)."""
    if mode is AdjustmentMode.REMOVAL:
        return _level_of(
            (value for name, value in scores.items() if name != subject),
            (passed for name, passed in comments.items() if name != subject),
        )
    return _level_of(
        (MAX_TENTHS if name == subject else value for name, value in scores.items()),
        (True if name == subject else passed for name, passed in comments.items()),
    )


def _checked(
    scored: Mapping[str, ScoreInput], commented: Mapping[str, bool]
) -> tuple[dict[str, int], dict[str, bool]]:
    scores = {
        subject: score_tenths(value, what=f"average of {subject!r}")
        for subject, value in scored.items()
    }
    for subject, passed in commented.items():
        if not isinstance(passed, bool):
            raise TypeError(
                f"result of {subject!r} must be True (Đạt) or False (Chưa đạt), not {passed!r}"
            )
    both = sorted(set(scores) & set(commented))
    if both:
        raise ValueError(f"subjects {both!r} are both scored and comment-only")
    return scores, dict(commented)
