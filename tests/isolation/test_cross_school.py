"""No request of one school ever reaches another school's data, on any URL.

Parametrised from the URL confs (url_catalogue): every URL, present and future, is requested
 - on school B's host with school A's session cookie, which must be worth nothing there;
 - on a school host with an operator's session, and on the root domain with a school's.
"""

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.demo_data import DEMO_PASSWORD
from tenants.models import School
from tests.conftest import host_of
from tests.isolation.conftest import replay
from tests.isolation.url_catalogue import catalogue

SCHOOL_URLS, _ = catalogue("config.urls_tenant")
PUBLIC_URLS, _ = catalogue("config.urls_public")
SAFE_STATUSES = {200, 301, 302, 400, 401, 403, 404, 405}


def _fingerprint(response: object) -> tuple[int, str]:
    location = response.get("Location", "")  # type: ignore[attr-defined]
    return response.status_code, location.split("?")[0]  # type: ignore[attr-defined]


@pytest.mark.parametrize("url", SCHOOL_URLS, ids=lambda u: u.path)
def test_school_a_session_is_anonymous_on_school_b(
    url: object, school_a: School, school_b: School, principal_of_a: Client
) -> None:
    # given
    anonymous = Client(HTTP_HOST=host_of(school_b))
    stolen = replay(principal_of_a, host_of(school_b))
    with tenant_context(school_a):
        a_name = User.objects.get(username="hieutruong").full_name
    # when
    expected = anonymous.get(url.path)  # type: ignore[attr-defined]
    response = stolen.get(url.path)  # type: ignore[attr-defined]
    # then
    assert response.status_code in SAFE_STATUSES
    assert _fingerprint(response) == _fingerprint(expected)
    assert a_name not in response.content.decode(errors="replace")
    assert response.wsgi_request.user.is_anonymous  # type: ignore[attr-defined]


@pytest.mark.parametrize("url", SCHOOL_URLS, ids=lambda u: u.path)
def test_operator_session_is_anonymous_on_a_school_host(
    url: object, school_a: School, operator: Client
) -> None:
    anonymous = Client(HTTP_HOST=host_of(school_a))
    stolen = replay(operator, host_of(school_a))
    expected = anonymous.get(url.path)  # type: ignore[attr-defined]
    response = stolen.get(url.path)  # type: ignore[attr-defined]
    assert response.status_code in SAFE_STATUSES
    assert _fingerprint(response) == _fingerprint(expected)
    assert response.wsgi_request.user.is_anonymous  # type: ignore[attr-defined]


@pytest.mark.parametrize("url", PUBLIC_URLS, ids=lambda u: u.path)
def test_school_session_is_anonymous_on_the_root_domain(
    url: object, principal_of_a: Client
) -> None:
    anonymous = Client(HTTP_HOST="localhost")
    stolen = replay(principal_of_a, "localhost")
    expected = anonymous.get(url.path)  # type: ignore[attr-defined]
    response = stolen.get(url.path)  # type: ignore[attr-defined]
    assert response.status_code in SAFE_STATUSES
    assert _fingerprint(response) == _fingerprint(expected)
    assert response.wsgi_request.user.is_anonymous  # type: ignore[attr-defined]


def test_school_a_user_cannot_sign_in_on_school_b(school_a: School, client_b: Client) -> None:
    # given: a guardian account that exists only in school A
    with tenant_context(school_a):
        a_only = User.objects.filter(username__startswith="09123").first()
    assert a_only is not None
    # when
    response = client_b.post(
        "/accounts/login/", {"login": a_only.username, "password": DEMO_PASSWORD}
    )
    # then
    assert response.status_code == 200
    assert "_auth_user_id" not in client_b.session


def test_same_username_in_two_schools_are_two_people(
    school_a: School, school_b: School, principal_of_a: Client
) -> None:
    # given: both schools have a "hieutruong", with the same primary key
    with tenant_context(school_a):
        a_principal = User.objects.get(username="hieutruong")
    with tenant_context(school_b):
        b_principal = User.objects.get(username="hieutruong")
    # when
    response = replay(principal_of_a, host_of(school_b)).get("/")
    # then
    assert a_principal.full_name != b_principal.full_name
    assert b_principal.full_name not in response.content.decode()
    assert a_principal.full_name not in response.content.decode()
