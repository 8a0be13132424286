"""Every staff page runs a fixed number of queries: an N+1 fails here.

The counts include django-tenants' `SET search_path` before each query. When a page changes on
purpose, update its number here (and say why in the commit).
"""

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.academics.models import SchoolClass, SchoolYear, Term
from tenants.models import School

PAGES = [
    # Each row: the demo login, the path, the exact number of queries.
    ("gvcn", "/", 14),
    ("hieutruong", "/", 14),
    ("phuhuynh", "/", 8),
    ("gvcn", "/attendance/", 10),
    ("gvcn", "/attendance/{class_id}/conduct/{term_id}/", 12),
    ("gvcn", "/attendance/{class_id}/notes/", 15),  # + the standard's absence limit and unit
    ("gvcn", "/teaching/tasks/", 9),
    ("hieutruong", "/teaching/tasks/", 10),
    ("hieutruong", "/teaching/logbook/missing/", 10),
    ("hieutruong", "/marks/corrections/", 9),
    ("hieutruong", "/marks/terms/", 9),
    ("hieutruong", "/marks/year-end/{last_year_id}/", 14),
    ("giaovien", "/classes/timetable/", 9),
    ("hieutruong", "/classes/", 11),  # + the adopted standard's max_class_size
    ("hieutruong", "/classes/{class_id}/", 12),
    ("hieutruong", "/classes/rollover/", 9),
    ("gvcn", "/early-warnings/", 11),
    ("hieutruong", "/early-warnings/?status=all", 11),
]


@pytest.fixture
def ids(school_a: School) -> dict[str, int]:
    with tenant_context(school_a):
        school_class = SchoolClass.objects.get(
            homeroom_teacher__user__username="gvcn", school_year__is_current=True
        )
        return {
            "class_id": school_class.pk,
            "term_id": Term.objects.get(school_year__is_current=True, number=1).pk,
            "last_year_id": SchoolYear.objects.get(is_current=False).pk,
        }


@pytest.mark.parametrize(("username", "path", "expected"), PAGES, ids=lambda v: str(v))
def test_page_query_count_is_fixed(
    school_a: School,
    client_a: Client,
    ids: dict[str, int],
    username: str,
    path: str,
    expected: int,
    django_assert_num_queries: object,
) -> None:
    with tenant_context(school_a):
        client_a.force_login(User.objects.get(username=username))
    url = path.format(**ids)
    with django_assert_num_queries(expected):  # type: ignore[operator]
        response = client_a.get(url)
    assert response.status_code == 200
