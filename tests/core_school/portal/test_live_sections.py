"""A child's page is ready for live updates: its stream token, and each section on its own."""

import re

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from push.tokens import push_token_verify
from tenants.models import School
from tests.core_school.portal.conftest import Family, signed_in

# Queries of one section alone (the whole page runs CHILD_PAGE_QUERIES in test_pages.py),
# each including django-tenants' `SET search_path` before every query. Down from 24 / 20 / 18:
# the child checked in one query without the family, no roles context processor, and the
# child's own rows read without joining the family again (the check is done).
# Attendance 9 → 10: the adopted standard's absence limit and unit are read (one query).
SECTION_QUERIES = {"marks": 10, "attendance": 10, "notes": 8}


def _section(html: str, name: str) -> str:
    match = re.search(rf'<section id="{name}".*?</section>', html, re.S)
    assert match is not None, name
    return match.group(0)


def test_child_page_carries_a_stream_token_for_this_school_and_user(
    school_a: School, parent: Client, family: Family
) -> None:
    # given
    with tenant_context(school_a):
        user = User.objects.get(username="phuhuynh")
    # when
    html = parent.get(f"/family/{family.elder.pk}/").content.decode()
    token = re.search(r'data-live-token="([^"]+)"', html)
    # then
    assert token is not None
    assert push_token_verify(token.group(1)) == (school_a.schema_name, user.pk)
    assert 'data-live-url="/push/events"' in html
    assert 'data-live-token-url="/live/token/"' in html
    assert f'data-live-section-url="/family/{family.elder.pk}/"' in html
    assert f'data-live-pupil="{family.elder.pk}"' in html
    assert "js/live.js" in html


@pytest.mark.parametrize("name", ["marks", "results", "attendance", "notes", "timetable"])
def test_section_alone_is_the_section_of_the_page(
    parent: Client, family: Family, name: str
) -> None:
    # given
    page = parent.get(f"/family/{family.elder.pk}/").content.decode()
    # when
    response = parent.get(f"/family/{family.elder.pk}/", {"section": name})
    html = response.content.decode()
    # then
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip() == _section(page, name)


@pytest.mark.parametrize("name", ["everything", "", "../child"])
def test_unknown_section_is_not_found(parent: Client, family: Family, name: str) -> None:
    # when
    response = parent.get(f"/family/{family.elder.pk}/", {"section": name})
    # then
    assert response.status_code == 404


def test_section_of_another_familys_child_is_not_found(parent: Client, family: Family) -> None:
    # when
    response = parent.get(f"/family/{family.pupil.pk}/", {"section": "marks"})
    # then
    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(SECTION_QUERIES))
def test_section_runs_a_fixed_number_of_queries(
    parent: Client, family: Family, name: str, django_assert_num_queries: object
) -> None:
    # when
    with django_assert_num_queries(SECTION_QUERIES[name]):  # type: ignore[operator]
        response = parent.get(f"/family/{family.elder.pk}/", {"section": name})
    # then
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["marks", "attendance"])
def test_section_for_a_pupil_is_their_own_and_staff_rights_do_not_count(
    school_a: School, client_a: Client, family: Family, name: str
) -> None:
    """A section checks the child as the page does: the pupil themself reads it; staff are
    answered 404 whatever their rights on the pupil's record (they open it at /pupils/)."""
    # given
    pupil = signed_in(Client(HTTP_HOST=client_a.defaults["HTTP_HOST"]), school_a, "hocsinh")
    teacher = signed_in(client_a, school_a, "gvcn")
    # when
    own = pupil.get(f"/family/{family.pupil.pk}/", {"section": name})
    staff = teacher.get(f"/family/{family.pupil.pk}/", {"section": name})
    # then
    assert own.status_code == 200
    assert f'<section id="{name}"' in own.content.decode()
    assert staff.status_code == 404
