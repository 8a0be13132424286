"""The school-configurable rule flags (DOMAIN.md §5).

Pure Python: no Django, no schema; runs anywhere. Each flag settles an [I] or [U] point of
Circular 22/2021/TT-BGDĐT; a school (or the Sở GD&ĐT) may override it. The rules read only some
flags; the others shape what the services pass in.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

_E = TypeVar("_E", bound=StrEnum)


class AdjustmentMode(StrEnum):
    """How "chỉ do … duy nhất 01 môn học" is read in the adjustment rule (§1.10)."""

    REMOVAL = "removal"
    """The pupil meets every condition of Tốt/Khá with that one subject left out (default)."""

    REPLACEMENT = "replacement"
    """The pupil reaches Tốt/Khá when that one subject gets the best result (10.0 or Đạt)."""


class MissingPolicy(StrEnum):
    """What a missing score (no make-up, no valid reason) does to ĐTBmhk (§1.13)."""

    BLOCK = "block"
    """ĐTBmhk is not computable until every slot holds a score (default)."""

    ZERO = "zero"
    """A missing slot counts as 0 (điểm 0). Confirm against the official text first."""


class AbsenceUnit(StrEnum):
    """What one absence (buổi) counts against the 45 limit (§3.4). Used by the services."""

    OFFICIAL_SESSION = "official_session"
    CALENDAR_DAY = "calendar_day"


@dataclass(frozen=True, kw_only=True)
class RulesConfig:
    """The §5 configuration flags with their defaults.

    Read by the rules: ``adjustment_mode``, ``missing_policy``, ``awards_enabled``,
    ``max_absences``, ``reassessment_replaces_even_if_lower``. The others are carried here so a
    school has one place for its choices, but the services apply them: ``elective_counts``
    decides whether elective subjects are passed to the rules, ``absence_unit`` how the absence
    count is made (sessions, or days with a missed session), ``max_class_size`` is the most
    pupils an enrolment, a move, an import or a rollover may put in a class.
    ``nghe_thuat_split`` has no behaviour here: the rules count the comment subjects they are
    given, and the standard's catalogue lists Âm nhạc and Mĩ thuật (split) or one Nghệ thuật;
    the standard's validator refuses a flag that disagrees with its catalogue.
    Strings are accepted for the enum flags ("removal", "zero", ...).
    """

    adjustment_mode: AdjustmentMode = AdjustmentMode.REMOVAL
    missing_policy: MissingPolicy = MissingPolicy.BLOCK
    awards_enabled: bool = True
    max_absences: int = 45
    reassessment_replaces_even_if_lower: bool = True
    nghe_thuat_split: bool = True
    elective_counts: bool = True
    absence_unit: AbsenceUnit = AbsenceUnit.OFFICIAL_SESSION
    max_class_size: int = 45

    def __post_init__(self) -> None:
        # NOTE: frozen dataclass, so normalisation goes through object.__setattr__.
        object.__setattr__(self, "adjustment_mode", adjustment_mode_of(self.adjustment_mode))
        object.__setattr__(self, "missing_policy", _member(MissingPolicy, self.missing_policy))
        object.__setattr__(self, "absence_unit", _member(AbsenceUnit, self.absence_unit))
        for name in (
            "awards_enabled",
            "reassessment_replaces_even_if_lower",
            "nghe_thuat_split",
            "elective_counts",
        ):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be a bool, not {getattr(self, name)!r}")
        for name in ("max_absences", "max_class_size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} {value!r} must be a non-negative integer")


def adjustment_mode_of(value: AdjustmentMode | str) -> AdjustmentMode:
    """Return the AdjustmentMode for "removal" or "replacement"; ValueError otherwise."""
    return _member(AdjustmentMode, value)


def _member(enum: type[_E], value: _E | str) -> _E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in enum)
        raise ValueError(f"{enum.__name__} {value!r} is not one of {allowed}") from None


DEFAULT_CONFIG = RulesConfig()
"""The defaults of DOMAIN.md §5."""
