"""Two-factor authentication is required of everyone signed in on the root domain."""

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from core_school.demo_data import DEMO_PASSWORD
from tenants.models import School
from tests.console.conftest import ROOT_HOST, ConsoleAs, totp_activate, totp_code

ACTIVATE = "/accounts/2fa/totp/activate/"


def _signed_in_without_totp(username: str) -> Client:
    client = Client(HTTP_HOST=ROOT_HOST)
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("username", ["so.hanoi", "phuong.caugiay", "dh.giamsat"])
@pytest.mark.parametrize("path", ["/", "/schools/", "/account/api-token/", "/admin/"])
def test_signed_in_user_without_totp_is_sent_to_set_it_up(
    db: None, username: str, path: str
) -> None:
    # given
    client = _signed_in_without_totp(username)
    # when
    response = client.get(path)
    # then
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_superuser_without_totp_is_sent_to_set_it_up(db: None) -> None:
    # given
    User.objects.create_superuser("quantri.nentang", "root@example.vn", "Khó@Đoán-2026")
    client = _signed_in_without_totp("quantri.nentang")
    # when
    response = client.get("/schools/")
    # then
    assert response["Location"] == ACTIVATE


def test_the_redirect_explains_why(db: None) -> None:
    client = _signed_in_without_totp("so.hanoi")
    response = client.get("/schools/", follow=True)
    text = response.content.decode()
    assert "xác thực hai lớp" in text.lower() or "two-factor" in text.lower()


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/reauthenticate/", "/healthz"])
def test_sign_in_and_mfa_pages_stay_open_without_totp(db: None, path: str) -> None:
    client = _signed_in_without_totp("so.hanoi")
    response = client.get(path)
    assert response.get("Location", "") != ACTIVATE


def test_activating_totp_with_a_real_code_opens_the_console(db: None) -> None:
    # given: an operator signs in with a password; the console sends them to set up TOTP
    client = Client(HTTP_HOST=ROOT_HOST)
    client.post("/accounts/login/", {"login": "phuong.caugiay", "password": DEMO_PASSWORD})
    assert client.get("/schools/")["Location"] == ACTIVATE
    # allauth asks for the password again before a second factor is added
    assert client.get(ACTIVATE)["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": DEMO_PASSWORD})
    page = client.get(ACTIVATE)
    secret = page.context["form"].secret
    # when: they enter the code their authenticator app shows
    activated = client.post(ACTIVATE, {"code": totp_code(secret)})
    console = client.get("/schools/")
    # then
    assert activated.status_code == 302
    assert console.status_code == 200
    assert "THCS Cầu Giấy" in console.content.decode()


def test_sign_in_asks_for_the_code_once_totp_is_set_up(db: None) -> None:
    # given
    secret = totp_activate(User.objects.get(username="so.hanoi"))
    cache.clear()
    client = Client(HTTP_HOST=ROOT_HOST)
    # when
    first = client.post("/accounts/login/", {"login": "so.hanoi", "password": DEMO_PASSWORD})
    before_code = client.get("/schools/")
    second = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    console = client.get("/schools/")
    # then
    assert first["Location"].startswith("/accounts/2fa/authenticate/")
    assert before_code.status_code == 302
    assert before_code["Location"].startswith("/accounts/login/")
    assert second.status_code == 302
    assert console.status_code == 200


def test_a_wrong_code_does_not_sign_in(db: None) -> None:
    secret = totp_activate(User.objects.get(username="so.hanoi"))
    client = Client(HTTP_HOST=ROOT_HOST)
    client.post("/accounts/login/", {"login": "so.hanoi", "password": DEMO_PASSWORD})
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_operator_api_refuses_a_session_without_totp(db: None) -> None:
    client = _signed_in_without_totp("so.hanoi")
    response = client.get("/api/v1/schools/")
    assert response.status_code == 403
    assert (
        "two-factor" in response.json()["message"].lower()
        or "hai lớp" in response.json()["message"].lower()
    )


def test_school_hosts_do_not_require_totp(client_a: Client, school_a: School) -> None:
    # given: the school's principal has no TOTP (the school's own policy)
    client_a.post("/accounts/login/", {"login": "hieutruong", "password": DEMO_PASSWORD})
    # when
    response = client_a.get("/")
    # then
    assert response.status_code == 200


def test_console_user_with_totp_reaches_the_console(console_as: ConsoleAs) -> None:
    assert console_as("so.hanoi").get("/schools/").status_code == 200
