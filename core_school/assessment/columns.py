"""The columns of a gradebook sheet (tx1…txN, gk, ck) and how typed values are read."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core_school.assessment import rules

# What a teacher may type in a comment-only column (Đạt / Chưa đạt), case-insensitive.
PASS_INPUTS = {"đ", "d", "đạt", "dat", "đat", "1", "x"}
FAIL_INPUTS = {"cđ", "cd", "chưa đạt", "chua dat", "chưa đat", "0"}


@dataclass(frozen=True)
class Column:
    code: str  # tx1…tx4, gk, ck
    kind: str  # Mark.Kind value
    index: int

    @property
    def label(self) -> str:
        if self.kind == "tx":
            return _("Regular %(n)s") % {"n": self.index}
        return _("Mid-term") if self.kind == "gk" else _("End-of-term")


def sheet_columns(required_regular: int) -> list[Column]:
    return [Column(f"tx{i}", "tx", i) for i in range(1, required_regular + 1)] + [
        Column("gk", "gk", 1),
        Column("ck", "ck", 1),
    ]


def parse_comment(text: str) -> bool:
    """Read "Đ" / "CĐ" (and their unaccented or spelled-out forms) as pass / not yet pass."""
    value = " ".join(text.strip().lower().split())
    if value in PASS_INPUTS:
        return True
    if value in FAIL_INPUTS:
        return False
    raise ValueError(_("“%(value)s” is not Đ (Đạt) or CĐ (Chưa đạt)") % {"value": text.strip()})


def parse_score(text: str) -> Decimal:
    """A score as typed: "7.5" or "7,5" (the Vietnamese decimal comma), 0 to 10, one decimal."""
    try:
        return rules.parse_score(text)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a mark from 0 to 10 with at most one decimal")
            % {"value": text.strip()}
        ) from None


def format_score(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.1f}"


def format_comment(value: bool | None) -> str:
    if value is None:
        return ""
    return "Đ" if value else "CĐ"
