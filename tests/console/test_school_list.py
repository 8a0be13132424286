"""The school list: each operator sees the schools under their node, filtered and counted."""

import pytest
from django.test import Client

from accounts.models import User
from tenants.models import Authority, School
from tests.console.conftest import ConsoleAs
from tests.console.factories import SchoolFactory


def _codes(response: object) -> set[str]:
    return {school.code for school in response.context["page"].object_list}  # type: ignore[attr-defined]


def test_ward_operator_sees_only_the_schools_of_their_ward(
    console_as: ConsoleAs, in_node: School, out_of_node: School
) -> None:
    # when
    response = console_as("phuong.caugiay").get("/schools/")
    # then
    assert response.status_code == 200
    assert _codes(response) == {"01013501", in_node.code}
    assert out_of_node.name not in response.content.decode()


def test_province_operator_sees_every_ward_below(
    console_as: ConsoleAs, in_node: School, out_of_node: School
) -> None:
    response = console_as("so.hanoi").get("/schools/")
    assert _codes(response) == {"01013501", "01013502", in_node.code, out_of_node.code}


def test_university_monitor_sees_the_pilot_schools_only_and_no_button(
    console_as: ConsoleAs, in_node: School
) -> None:
    # when
    response = console_as("dh.giamsat").get("/schools/")
    html = response.content.decode()
    # then
    assert _codes(response) == {"01013501"}
    assert "/schools/new/" not in html
    assert "/schools/import/" not in html
    assert 'data-testid="read-only"' in html


def test_a_user_without_a_console_role_is_refused(console_as: ConsoleAs, db: None) -> None:
    User.objects.create_user("khach", password="Khách@2026-xyz")
    assert console_as("khach").get("/schools/").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(public_client: Client) -> None:
    response = public_client.get("/schools/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signed_in_operator_lands_on_the_console(console_as: ConsoleAs) -> None:
    response = console_as("so.hanoi").get("/")
    assert response.status_code == 302
    assert response["Location"] == "/schools/"


def test_status_counts_cover_the_operator_schools(
    console_as: ConsoleAs, ward_caugiay: Authority
) -> None:
    # given
    SchoolFactory.create_batch(2, authority=ward_caugiay, status=School.Status.FAILED)
    SchoolFactory(authority=ward_caugiay, status=School.Status.SUSPENDED)
    # when
    response = console_as("phuong.caugiay").get("/schools/")
    counts = {status: n for status, _label, n in response.context["counts"]}
    # then
    assert counts["failed"] == 2
    assert counts["suspended"] == 1
    assert counts["live"] == 1  # THCS Cầu Giấy
    assert counts["requested"] == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=failed", {"FA0001"}),
        ("pilot=yes", {"01013501"}),
        ("pilot=no", {"01013502", "FA0001", "SM0001"}),
        ("authority=00160", {"01013502", "SM0001"}),
        ("q=sao+mai", {"SM0001"}),
        ("q=0101350", {"01013501", "01013502"}),
        ("status=failed&authority=00160", set()),
    ],
)
def test_filters_narrow_the_list(
    console_as: ConsoleAs,
    ward_caugiay: Authority,
    ward_nghiado: Authority,
    query: str,
    expected: set[str],
) -> None:
    # given
    SchoolFactory(code="FA0001", authority=ward_caugiay, status=School.Status.FAILED)
    SchoolFactory(code="SM0001", name="THCS Sao Mai", authority=ward_nghiado)
    # when
    response = console_as("so.hanoi").get(f"/schools/?{query}")
    # then
    assert _codes(response) == expected


def test_filtering_by_a_node_outside_mine_is_refused_quietly(
    console_as: ConsoleAs, ward_caugiay: Authority
) -> None:
    # phuong.caugiay may not pick Nghĩa Đô: the filter is ignored, the list stays theirs
    response = console_as("phuong.caugiay").get("/schools/?authority=00160")
    assert _codes(response) == {"01013501"}


def test_the_list_is_paginated_by_fifty(console_as: ConsoleAs, ward_caugiay: Authority) -> None:
    # given
    SchoolFactory.create_batch(60, authority=ward_caugiay)
    client = console_as("phuong.caugiay")
    # when
    first = client.get("/schools/")
    second = client.get("/schools/?page=2")
    # then
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 11
    assert 'data-testid="pagination"' in first.content.decode()


@pytest.mark.parametrize("schools", [5, 50])
def test_the_list_costs_the_same_queries_for_5_or_50_schools(
    console_as: ConsoleAs,
    ward_caugiay: Authority,
    schools: int,
    django_assert_num_queries: object,
) -> None:
    # given
    SchoolFactory.create_batch(schools, authority=ward_caugiay)
    client = console_as("so.hanoi")
    client.get("/schools/")  # the session is now in the cache
    # when / then: search path, session user, TOTP, roles, nodes, count, status counts,
    # authorities (the filter), page
    with django_assert_num_queries(9):  # type: ignore[operator]
        response = client.get("/schools/?pilot=no")
    assert response.status_code == 200
