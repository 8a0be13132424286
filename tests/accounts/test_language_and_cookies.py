"""Vietnamese first, English and French on request; cookies never cross hosts."""

import pytest
from django.conf import settings
from django.test import Client

from core_school.demo_data import DEMO_PASSWORD


def test_pages_are_in_vietnamese_by_default(client_a: Client) -> None:
    response = client_a.get("/")
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "sign_in"), [("en", "Sign in"), ("fr", "Se connecter"), ("vi", "Đăng nhập")]
)
def test_language_switch_changes_the_page(client_a: Client, language: str, sign_in: str) -> None:
    # when
    client_a.post("/i18n/setlang/", {"language": language, "next": "/"})
    response = client_a.get("/")
    # then
    assert response["Content-Language"] == language
    assert sign_in in response.content.decode()


def test_allauth_pages_are_translated_to_vietnamese(client_a: Client) -> None:
    response = client_a.post(
        "/accounts/login/", {"login": "hieutruong", "password": DEMO_PASSWORD}, follow=True
    )
    assert "Đã đăng nhập thành công" in response.content.decode()


def test_session_cookie_is_host_only(client_a: Client) -> None:
    # when
    response = client_a.post("/accounts/login/", {"login": "hieutruong", "password": DEMO_PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    # then
    assert settings.SESSION_COOKIE_DOMAIN is None
    assert cookie["domain"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
