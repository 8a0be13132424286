"""Weekly activity (core_school.activity): noted in memory on school hosts without a query,
written in one statement per school schema when flushed."""

import datetime
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from core_school.activity import recorder
from core_school.activity.models import WeeklyActivity
from core_school.demo_data import DEMO_PASSWORD
from tenants.models import School
from tests.conftest import host_of

MIDDLEWARE = "core_school.activity.recorder.ActivityMiddleware"


@pytest.fixture(autouse=True)
def _nothing_noted() -> Iterator[None]:
    recorder.activity_discard()
    yield
    recorder.activity_discard()


def _signed_in(school: School, username: str) -> tuple[Client, User]:
    client = Client(HTTP_HOST=host_of(school))
    with tenant_context(school):
        user = User.objects.get(username=username)
        client.force_login(user)
    return client, user


def _queries(client: Client, path: str) -> int:
    client.get(path)  # warm: the host cache, the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_middleware_adds_no_query_and_notes_a_user_once_a_week(school_a: School) -> None:
    # given
    client, user = _signed_in(school_a, "gvcn")
    this_week = recorder.week_of(timezone.localdate())
    assert MIDDLEWARE in settings.MIDDLEWARE
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != MIDDLEWARE]):
        without = _queries(client, "/")
    recorder.activity_discard()
    # A client loads the middleware at its first request: a new one, same session.
    client = Client(HTTP_HOST=host_of(school_a))
    client.cookies = _signed_in(school_a, "gvcn")[0].cookies
    # when: the pinned home page (tests/core_school/test_page_query_counts.py), twice
    with_activity = _queries(client, "/")
    # then
    assert with_activity == without
    assert recorder.activity_pending() == {(school_a.schema_name, user.pk, this_week)}
    with tenant_context(school_a):
        WeeklyActivity.objects.filter(user=user).delete()
    # when: the notes are written
    assert recorder.activity_flush() == 1
    # then: one row, of a member of staff; nothing left to write, and the user is not noted
    # again this week
    with tenant_context(school_a):
        assert list(WeeklyActivity.objects.filter(user=user).values_list("week", "kind")) == [
            (this_week, "staff")
        ]
    assert recorder.activity_flush() == 0
    client.get("/")
    assert recorder.activity_pending() == set()


def test_an_api_call_with_a_token_counts_as_activity(school_a: School) -> None:
    # given
    with tenant_context(school_a):
        user = User.objects.get(username="hieutruong")
        key = Token.objects.create(user=user).key
    client = APIClient(HTTP_HOST=host_of(school_a))
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    # when
    assert client.get("/api/v1/pupils/").status_code == 200
    # then
    assert recorder.activity_pending() == {
        (school_a.schema_name, user.pk, recorder.week_of(timezone.localdate()))
    }


def test_an_anonymous_page_notes_nobody(school_a: School, client_a: Client) -> None:
    client_a.get("/accounts/login/")
    assert recorder.activity_pending() == set()


def test_a_sign_in_counts_as_activity(school_b: School, client_b: Client) -> None:
    # when: a parent signs in (and opens no page)
    response = client_b.post("/accounts/login/", {"login": "phuhuynh", "password": DEMO_PASSWORD})
    # then
    assert response.status_code == 302
    with tenant_context(school_b):
        parent = User.objects.get(username="phuhuynh")
        WeeklyActivity.objects.filter(user=parent).delete()
    assert (school_b.schema_name, parent.pk) in {
        (schema, user_id) for schema, user_id, _week in recorder.activity_pending()
    }
    recorder.activity_flush()
    with tenant_context(school_b):
        assert WeeklyActivity.objects.get(user=parent).kind == "guardian"


def test_one_flush_writes_each_school_in_its_own_schema(school_a: School, school_b: School) -> None:
    # given: the same login in both schools, noted in different weeks
    with tenant_context(school_a):
        user_a = User.objects.get(username="hieutruong")
    with tenant_context(school_b):
        user_b = User.objects.get(username="hieutruong")
    week_a, week_b = datetime.date(2020, 3, 2), datetime.date(2020, 3, 9)
    recorder.activity_record(schema=school_a.schema_name, user_id=user_a.pk, day=week_a)
    recorder.activity_record(
        schema=school_b.schema_name, user_id=user_b.pk, day=week_b + datetime.timedelta(days=3)
    )
    # when
    assert recorder.activity_flush() == 2
    # then
    with tenant_context(school_a):
        assert set(
            WeeklyActivity.objects.filter(week__year=2020).values_list("user_id", "week")
        ) == {(user_a.pk, week_a)}
    with tenant_context(school_b):
        assert set(
            WeeklyActivity.objects.filter(week__year=2020).values_list("user_id", "week")
        ) == {(user_b.pk, week_b)}


def test_a_user_gone_before_the_flush_is_dropped(school_b: School) -> None:
    recorder.activity_record(schema=school_b.schema_name, user_id=10**9, day=timezone.localdate())
    assert recorder.activity_flush() == 0
    assert recorder.activity_pending() == set()
