"""Comment-only subjects: term and year results, Đạt / Chưa đạt (§1.8)."""

import re

import pytest

from core_school.assessment import rules


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([True, True, True, True], True),
        ([True, True, True, False], False),
        ([False, True, True, True], False),
        ([False, False, False, False], False),
        ([True, None, True, True], False),
        ([None, None, None, None], False),
    ],
    ids=["all-dat", "final-cd", "regular-cd", "all-cd", "one-missing", "all-missing"],
)
def test_comment_term_result_needs_every_assessment_present_and_dat(
    results: list[bool | None], expected: bool
) -> None:
    # given / when
    passed = rules.comment_term_result(results)

    # then
    assert passed is expected


def test_comment_term_result_accepts_another_required_count() -> None:
    # given
    results = (True, True, True)

    # when
    passed = rules.comment_term_result(results, required=3)

    # then
    assert passed is True


@pytest.mark.parametrize("results", [[True, True, True], [True] * 5, []])
def test_comment_term_result_rejects_the_wrong_number_of_slots(results: list[bool]) -> None:
    # given / when / then
    with pytest.raises(ValueError, match=f"got {len(results)} comment-only results but 4"):
        rules.comment_term_result(results)


@pytest.mark.parametrize("required", [0, -1, True])
def test_comment_term_result_rejects_an_impossible_required_count(required: int) -> None:
    # given / when / then
    with pytest.raises(
        ValueError, match=re.escape(f"required {required!r} must be a positive integer")
    ):
        rules.comment_term_result([], required=required)


@pytest.mark.parametrize("result", [1, "Đ", 0])
def test_comment_term_result_rejects_a_non_bool(result: object) -> None:
    # given
    results = [True, True, result, True]

    # when / then
    with pytest.raises(TypeError, match="comment-only result 3 must be True, False or None"):
        rules.comment_term_result(results)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("term1", "term2", "expected"),
    [(True, True, True), (False, True, True), (True, False, False), (False, False, False)],
)
def test_comment_year_result_is_the_term_2_result(term1: bool, term2: bool, expected: bool) -> None:
    # given / when
    year = rules.comment_year_result(term1, term2)

    # then
    assert year is expected


@pytest.mark.parametrize(
    ("term1", "term2", "name"),
    [(None, True, "term 1 result"), (True, 1, "term 2 result")],
)
def test_comment_year_result_rejects_a_non_bool(term1: object, term2: object, name: str) -> None:
    # given / when / then
    with pytest.raises(TypeError, match=f"{name} must be True"):
        rules.comment_year_result(term1, term2)  # type: ignore[arg-type]
