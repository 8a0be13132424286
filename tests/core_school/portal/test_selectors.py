"""The portal's reads: who is family of whom, and the term result as the gradebook has it."""

from decimal import Decimal

import pytest

from accounts.models import User
from core_school.portal import selectors
from tenants.models import School
from tests.core_school.portal.conftest import Family


def test_portal_child_get_gives_a_guardian_their_child_and_the_family(
    in_school_a: School, family: Family
) -> None:
    # when
    found = selectors.portal_child_get(
        user=User.objects.get(username="phuhuynh"), pupil_id=family.younger.pk
    )
    # then
    assert found is not None
    assert found.pupil == family.younger
    assert found.family == (family.elder, family.younger)
    assert found.others == (family.elder,)


@pytest.mark.parametrize("username", ["phuhuynh", "hieutruong", "gvcn"])
def test_portal_child_get_refuses_anyone_not_family(
    in_school_a: School, family: Family, username: str
) -> None:
    # when
    found = selectors.portal_child_get(
        user=User.objects.get(username=username), pupil_id=family.pupil.pk
    )
    # then
    assert found is None


def test_portal_child_get_gives_a_pupil_themself(in_school_a: School, family: Family) -> None:
    # when
    found = selectors.portal_child_get(
        user=User.objects.get(username="hocsinh"), pupil_id=family.pupil.pk
    )
    # then
    assert found is not None
    assert found.others == ()


@pytest.mark.parametrize(
    ("is_scored", "n_regular", "cells", "expected"),
    [
        # (7 + 8 + 2×6 + 3×9) / 7 = 54 / 7 = 7.71… → 7.7
        (True, 2, {"tx1": "7", "tx2": "8", "gk": "6", "ck": "9"}, Decimal("7.7")),
        (True, 3, {"tx1": "7", "tx2": "8", "gk": "6", "ck": "9"}, None),
        (True, 2, {"tx1": "7", "tx2": "8", "gk": "6"}, None),
        (False, 2, {"tx1": True, "tx2": True, "gk": True, "ck": True}, True),
        (False, 2, {"tx1": True, "tx2": False, "gk": True, "ck": True}, False),
        (False, 2, {"tx1": True, "tx2": True, "gk": True}, None),
    ],
    ids=["scored", "scored-missing-tx3", "scored-missing-ck", "pass", "not-yet", "comment-missing"],
)
def test_subject_term_result_matches_the_gradebook(
    is_scored: bool,
    n_regular: int,
    cells: dict[str, Decimal | bool | None],
    expected: Decimal | bool | None,
) -> None:
    # when
    result = selectors.subject_term_result(is_scored=is_scored, n_regular=n_regular, cells=cells)
    # then
    assert result == expected
