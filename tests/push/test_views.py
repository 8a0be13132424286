"""The token endpoint: a push token for the signed-in user of the school whose host it is."""

import pytest
from django.test import Client, override_settings
from django_tenants.utils import tenant_context

from accounts.models import User
from push.tokens import TOKEN_SECONDS, push_token_verify
from tenants.models import School
from tests.conftest import host_of

TOKEN_QUERIES = 4


def _signed_in(school: School, username: str, host: str | None = None) -> tuple[Client, User]:
    client = Client(HTTP_HOST=host or host_of(school))
    with tenant_context(school):
        user = User.objects.get(username=username)
        client.force_login(user)
    return client, user


def test_token_is_refused_to_an_anonymous_visitor(client_a: Client) -> None:
    # when
    response = client_a.get("/live/token/")
    # then
    assert response.status_code == 401
    assert "token" not in response.json()


@pytest.mark.parametrize("username", ["phuhuynh", "hocsinh"])
def test_token_names_this_school_and_the_signed_in_user(school_a: School, username: str) -> None:
    # given
    client, user = _signed_in(school_a, username)
    # when
    response = client.get("/live/token/")
    body = response.json()
    # then
    assert response.status_code == 200
    assert push_token_verify(body["token"]) == (school_a.schema_name, user.pk)
    assert body["url"] == "/push/events"
    assert body["expires_in"] == TOKEN_SECONDS
    assert "no-store" in response["Cache-Control"]


def test_token_of_the_same_username_on_another_school_names_that_school(
    school_a: School, school_b: School
) -> None:
    # given: "phuhuynh" exists in both schools, as two people
    client_a, _ = _signed_in(school_a, "phuhuynh")
    client_b, user_b = _signed_in(school_b, "phuhuynh")
    # when
    on_a = push_token_verify(client_a.get("/live/token/").json()["token"])
    on_b = push_token_verify(client_b.get("/live/token/").json()["token"])
    # then
    assert on_b == (school_b.schema_name, user_b.pk)
    assert on_a[0] == school_a.schema_name
    assert on_a[0] != on_b[0]


@override_settings(PUSH_URL="//{host}:8001/push/events")
def test_token_gives_the_stream_url_on_the_pages_host(school_a: School) -> None:
    # given
    client, _ = _signed_in(school_a, "phuhuynh", host=f"{host_of(school_a)}:8000")
    # when
    body = client.get("/live/token/").json()
    # then
    assert body["url"] == f"//{host_of(school_a)}:8001/push/events"


def test_token_is_only_read(school_a: School) -> None:
    # given
    client, _ = _signed_in(school_a, "phuhuynh")
    # when
    response = client.post("/live/token/")
    # then
    assert response.status_code == 405


def test_token_runs_a_fixed_number_of_queries(
    school_a: School, django_assert_num_queries: object
) -> None:
    # given
    client, _ = _signed_in(school_a, "phuhuynh")
    # when
    with django_assert_num_queries(TOKEN_QUERIES):  # type: ignore[operator]
        response = client.get("/live/token/")
    # then
    assert response.status_code == 200
