"""Subject codes and input builders shared by the rule tests (DOMAIN.md §6 conventions)."""

from decimal import Decimal

SCORED = ("toan", "van", "nn1", "gdcd", "lsdl", "khtn", "cn", "tin")
"""The 8 scored subjects in the §6 order: Toán, Văn, NN1, GDCD, LSĐL, KHTN, CN, Tin."""

COMMENTED = ("gdtc", "nt", "hdtn", "gddp")
"""The 4 comment-only subjects in the §6 order: GDTC, NT, HĐTN, GDĐP."""


def scored(*averages: str) -> dict[str, Decimal]:
    """Map the 8 scored subjects, in the §6 order, to the given averages."""
    return dict(zip(SCORED, map(Decimal, averages), strict=True))


def commented(*failing: str) -> dict[str, bool]:
    """Map the 4 comment-only subjects to Đạt, except those named (Chưa đạt)."""
    return {code: code not in failing for code in COMMENTED}
