"""Scores and subject averages, ĐTBmhk and ĐTBmcn (TT22 Art. 5–7, 9 cl. 1(b); DOMAIN.md §1.3–§1.7).

Pure Python: no Django, no schema; runs anywhere. Every score is handled as an integer number
of tenths (0..100) and rounded half-up with integer arithmetic, never in binary floating point.
Scores go in as ``Decimal``, ``str`` or ``int`` and come out as ``Decimal`` with exactly one
decimal place (``Decimal("7.6")``, ``Decimal("10.0")``).
"""

import re
from collections.abc import Sequence
from decimal import Decimal

from core_school.assessment.rules.config import DEFAULT_CONFIG, MissingPolicy, RulesConfig

ScoreInput = Decimal | str | int
"""What the rules accept as a score: ``Decimal("7.5")``, ``"7.5"`` or ``7``. Never ``float``."""

MAX_TENTHS = 100
"""10.0, the top of the 10-point scale, in tenths."""

TENTHS_PER_POINT = 10

REGULAR_COUNTS = (2, 3, 4)
"""The possible numbers of recorded regular assessments (ĐĐGtx) per term (§1.3)."""

PERIODS_FOR_TWO_REGULAR = 35
"""Subjects with at most this many periods a year record 2 ĐĐGtx per term (§1.3)."""

PERIODS_FOR_THREE_REGULAR = 70
"""Subjects with more than 35 and at most this many periods a year record 3 (§1.3)."""

# Below this a value rounds to 0.0; checked first so that "1E-999999" costs nothing.
_ROUNDS_TO_ZERO = Decimal("0.05")

# A plain decimal numeral, optionally negative, with "." or "," as the decimal separator.
_NUMERAL = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?", re.ASCII)


def n_regular(periods_per_year: int) -> int:
    """Return how many regular assessments (ĐĐGtx) a scored subject records per term (§1.3).

    2 for ≤ 35 periods a year, 3 for 36–70, 4 above 70 (TT22 Art. 6 cl. 2).
    """
    if isinstance(periods_per_year, bool) or not isinstance(periods_per_year, int):
        raise TypeError(f"periods per year must be an int, not {periods_per_year!r}")
    if periods_per_year < 1:
        raise ValueError(f"periods per year {periods_per_year!r} must be at least 1")
    if periods_per_year <= PERIODS_FOR_TWO_REGULAR:
        return 2
    if periods_per_year <= PERIODS_FOR_THREE_REGULAR:
        return 3
    return 4


def parse_score(text: str) -> Decimal:
    """Parse a score typed by a user: "7.5", "7,5" (Vietnamese decimal comma), " 10 ", "0".

    Return it as a Decimal with one decimal place. Raise ValueError naming the text and the
    reason when it is empty, not a number, outside 0–10 or has more than one decimal (§1.2).
    """
    if not isinstance(text, str):
        raise TypeError(f"score text must be a str, not {text!r}")
    return from_tenths(score_tenths(text, what="score"))


def validate_score(value: ScoreInput, *, what: str = "score") -> Decimal:
    """Check one recorded score or average (0–10, at most one decimal, §1.2, §1.5).

    Return it normalised to a Decimal with one decimal place; raise ValueError otherwise.
    ``what`` names the value in the error message ("midterm mark", "average of 'toan'").
    """
    return from_tenths(score_tenths(value, what=what))


def round_score(value: ScoreInput) -> Decimal:
    """Round a value in 0–10 half-up to one decimal ("làm tròn số", §1.5): 7.55 → 7.6, 7.25 → 7.3.

    Exact: the value is read as a fraction N/D and rounded as floor((2N + D) / (2D)) tenths.
    """
    number = _decimal_of(value, what="value to round")
    _check_range(number, value, what="value to round")
    if number < _ROUNDS_TO_ZERO:
        return from_tenths(0)
    numerator, denominator = number.as_integer_ratio()
    return from_tenths(round_half_up(numerator * TENTHS_PER_POINT, denominator))


def term_average(
    regular: Sequence[ScoreInput | None],
    midterm: ScoreInput | None,
    final: ScoreInput | None,
    *,
    required_regular: int,
    config: RulesConfig | None = None,
) -> Decimal | None:
    """Return the term subject average, ĐTBmhk (§1.6, TT22 Art. 9 cl. 1(b)).

    ĐTBmhk = (TĐĐGtx + 2 × ĐĐGgk + 3 × ĐĐGck) / (Số ĐĐGtx + 5), rounded half-up to one decimal.

    ``regular`` holds exactly ``required_regular`` slots (see ``n_regular``); a missing mark is
    ``None`` in its slot, as is a missing ``midterm`` or ``final``. With a missing mark the
    result is ``None`` under ``missing_policy`` "block" (the default), and the mark counts as
    0 under "zero" (§1.13). Raise ValueError for a score outside 0–10, a score with more than
    one decimal, or a number of slots other than ``required_regular``.
    """
    policy = (config or DEFAULT_CONFIG).missing_policy
    if required_regular not in REGULAR_COUNTS:
        raise ValueError(
            f"required_regular {required_regular!r} must be 2, 3 or 4 (see n_regular, §1.3)"
        )
    if isinstance(regular, str | bytes):
        raise TypeError(f"regular marks must be a sequence of scores, not {regular!r}")
    slots = list(regular)
    if len(slots) != required_regular:
        raise ValueError(
            f"got {len(slots)} regular marks (ĐĐGtx) but {required_regular} are required; "
            "pass None in the slot of a missing one"
        )
    regular_tenths = [
        _slot_tenths(mark, what=f"regular mark {index}") for index, mark in enumerate(slots, 1)
    ]
    midterm_tenths = _slot_tenths(midterm, what="midterm mark")
    final_tenths = _slot_tenths(final, what="end-of-term mark")
    missing = None in (*regular_tenths, midterm_tenths, final_tenths)
    if missing and policy is MissingPolicy.BLOCK:
        return None
    # Under MissingPolicy.ZERO a missing mark counts as điểm 0 (§1.13).
    numerator = (
        sum(mark or 0 for mark in regular_tenths)
        + 2 * (midterm_tenths or 0)
        + 3 * (final_tenths or 0)
    )
    return from_tenths(round_half_up(numerator, required_regular + 5))


def year_average(term1: ScoreInput, term2: ScoreInput) -> Decimal:
    """Return the year subject average, ĐTBmcn = (ĐTBmhk I + 2 × ĐTBmhk II) / 3 (§1.7).

    Both inputs are the recorded, already rounded term averages (one decimal; TV-10). Raise
    ValueError if either is missing, outside 0–10 or has more than one decimal.
    """
    first = score_tenths(term1, what="term 1 average")
    second = score_tenths(term2, what="term 2 average")
    return from_tenths(round_half_up(first + 2 * second, 3))


def round_half_up(numerator: int, denominator: int) -> int:
    """Return numerator / denominator rounded half-up to an integer: floor((2N + D) / (2D)).

    For N ≥ 0 and D > 0 (§1.5). With N and D in tenths this rounds a score to one decimal.
    """
    if numerator < 0 or denominator <= 0:
        raise ValueError(f"cannot round {numerator}/{denominator}: need N ≥ 0 and D > 0")
    return (2 * numerator + denominator) // (2 * denominator)


def score_tenths(value: ScoreInput, *, what: str) -> int:
    """Return a recorded score as an integer number of tenths (0..100), validating it.

    Raise ValueError naming ``what`` and the value when it is missing, not a number, outside
    0–10 or has more than one decimal; TypeError for a float or another non-score type.
    """
    if value is None:
        raise ValueError(f"{what} is missing")
    number = _decimal_of(value, what=what)
    _check_range(number, value, what=what)
    _, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int):  # NaN and infinities were rejected; this narrows the type
        raise ValueError(f"{what} {value!r} is not a finite number")
    coefficient = int("".join(map(str, digits)))
    if coefficient == 0:
        return 0
    shift = exponent + 1  # tenths = coefficient × 10^shift
    if shift >= 0:
        return coefficient * 10**shift
    if -shift > len(digits):  # smaller than the last kept digit: certainly not whole tenths
        raise ValueError(f"{what} {value!r} has more than one decimal place")
    tenths, rest = divmod(coefficient, 10**-shift)
    if rest:
        raise ValueError(f"{what} {value!r} has more than one decimal place")
    return tenths


def from_tenths(tenths: int) -> Decimal:
    """Return a number of tenths as a Decimal with exactly one decimal place (76 → 7.6)."""
    return Decimal(f"{tenths // TENTHS_PER_POINT}.{tenths % TENTHS_PER_POINT}")


def _slot_tenths(value: ScoreInput | None, *, what: str) -> int | None:
    return None if value is None else score_tenths(value, what=what)


def _decimal_of(value: object, *, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | str | int):
        raise TypeError(
            f"{what} must be a Decimal, str or int, not {type(value).__name__} {value!r}"
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise ValueError(f"{what} {value!r} is empty")
        if not _NUMERAL.fullmatch(text):
            raise ValueError(f"{what} {value!r} is not a number")
        return Decimal(text.replace(",", "."))
    if not value.is_finite():
        raise ValueError(f"{what} {value!r} is not a finite number")
    return value


def _check_range(number: Decimal, value: object, *, what: str) -> None:
    if number < 0:
        raise ValueError(f"{what} {value!r} is below 0")
    if number > MAX_TENTHS // TENTHS_PER_POINT:
        raise ValueError(f"{what} {value!r} is above 10")
