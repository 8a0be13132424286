"""Results of comment-only subjects, Đạt / Chưa đạt (TT22 Art. 9 cl. 1(a); DOMAIN.md §1.8).

Pure Python: no Django, no schema; runs anywhere. ``True`` is Đạt (Đ), ``False`` is Chưa đạt
(CĐ) and ``None`` is a missing assessment.
"""

from collections.abc import Sequence

COMMENT_ASSESSMENTS_PER_TERM = 4
"""2 regular (ĐĐGtx) + mid-term + end-of-term, each Đạt or Chưa đạt (§1.3, §1.4)."""


def comment_term_result(
    results: Sequence[bool | None], *, required: int = COMMENT_ASSESSMENTS_PER_TERM
) -> bool:
    """Return a comment-only subject's term result: True (Đạt) or False (Chưa đạt) (§1.8).

    Đạt only when all ``required`` assessments are present and every one is Đạt; a missing one
    (``None``) makes the term Chưa đạt (§1.13). Raise ValueError when the number of slots is not
    ``required``.
    """
    if isinstance(required, bool) or not isinstance(required, int) or required < 1:
        raise ValueError(f"required {required!r} must be a positive integer")
    slots = list(results)
    if len(slots) != required:
        raise ValueError(
            f"got {len(slots)} comment-only results but {required} are required; "
            "pass None in the slot of a missing one"
        )
    for index, result in enumerate(slots, 1):
        if result is not None and not isinstance(result, bool):
            raise TypeError(f"comment-only result {index} must be True, False or None: {result!r}")
    return all(result is True for result in slots)


def comment_year_result(term1: bool, term2: bool) -> bool:
    """Return a comment-only subject's year result: the term 2 result (§1.8).

    Term 1 does not affect it; it is checked only for its type.
    """
    for name, value in (("term 1 result", term1), ("term 2 result", term2)):
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be True (Đạt) or False (Chưa đạt), not {value!r}")
    return term2
