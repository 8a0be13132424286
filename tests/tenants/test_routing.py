"""Host → school routing, closed schools and the end-of-request schema guard."""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path

from tenants import services
from tenants.middleware import SchemaMismatchError
from tenants.models import School


def test_unknown_host_gets_a_clear_404(db: None) -> None:
    # when
    response = Client(HTTP_HOST="khongco.localhost").get("/")
    # then
    assert response.status_code == 404
    assert "khongco.localhost" in response.content.decode()
    assert "Không tìm thấy trường" in response.content.decode()


def test_school_host_serves_the_school(client_a: Client, school_a: School) -> None:
    # when
    response = client_a.get("/")
    # then
    assert response.status_code == 200
    assert school_a.name in response.content.decode()


def test_root_domain_serves_the_operators_site(public_client: Client) -> None:
    response = public_client.get("/")
    assert response.status_code == 200
    assert "Operators" in response.content.decode() or "vận hành" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "code", "text"),
    [
        (School.Status.SUSPENDED, 403, "tạm ngừng"),
        (School.Status.ARCHIVED, 410, "lưu trữ"),
        (School.Status.PROVISIONING, 503, "đang được thiết lập"),
    ],
)
def test_closed_school_shows_its_page_and_nothing_else(
    school_b: School, client_b: Client, status: str, code: int, text: str
) -> None:
    # given
    services.school_set_status(school=school_b, status=status, reason="Kiểm tra")
    # when
    home = client_b.get("/")
    login = client_b.post("/accounts/login/", {"login": "hieutruong", "password": "Demo@2026"})
    # then
    assert home.status_code == code
    assert text in home.content.decode()
    assert login.status_code == code
    assert "_auth_user_id" not in client_b.session


def _switches_schema(request: object) -> object:
    from django.http import HttpResponse

    connection.set_schema_to_public()  # the bug the guard exists to catch
    return HttpResponse("leaked")


urlpatterns = [path("switch/", _switches_schema)]


@override_settings(ROOT_URLCONF=__name__)
def test_schema_guard_fails_loudly_when_a_request_ends_on_another_schema(
    client_a: Client,
) -> None:
    # given
    client_a.raise_request_exception = True
    # when / then
    with pytest.raises(SchemaMismatchError):
        client_a.get("/switch/")


def test_a_school_is_looked_up_by_host_once_then_remembered_until_it_changes(
    school_b: School, client_b: Client
) -> None:
    # given: the first request looked the host up
    with CaptureQueriesContext(connection) as first:
        assert client_b.get("/healthz").status_code == 200
    # when: the next one comes, it runs only its own query
    with CaptureQueriesContext(connection) as second:
        assert client_b.get("/healthz").status_code == 200
    assert any("tenants_domain" in q["sql"] for q in first.captured_queries)
    assert not any("tenants_domain" in q["sql"] for q in second.captured_queries)
    assert [q["sql"] for q in second.captured_queries][-1] == "SELECT 1"
    # a change to the school is seen by the next request of this process at once
    services.school_set_status(school=school_b, status=School.Status.SUSPENDED, reason="Kiểm tra")
    assert client_b.get("/").status_code == 403
