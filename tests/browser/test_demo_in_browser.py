"""The operators' site and the demo school load and work in headless Chromium."""

from pathlib import Path

import pytest

from core_school.demo_data import DEMO_PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.browser]
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".data" / "screenshots"


def _sign_in(page: object, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_login", username)  # type: ignore[attr-defined]
    page.fill("#id_password", DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.click("form[data-testid=login-form] button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=signed-in-as]")  # type: ignore[attr-defined]


def _shot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_operators_site_asks_the_operator_to_set_up_two_factor_auth(
    web_server: str, page: object
) -> None:
    base = f"http://{web_server}"
    # when
    page.goto(f"{base}/")  # type: ignore[attr-defined]
    title = page.text_content("h1")  # type: ignore[attr-defined]
    _sign_in(page, base, "phuong.caugiay")
    _shot(page, "operators-site")
    # then: an operator without an authenticator app is asked to set one up first; the console
    # itself, after TOTP, is tests/console/test_console_in_browser.py
    assert "Trường Số" in title
    assert "/accounts/" in page.url  # type: ignore[attr-defined]
    assert "/schools/" not in page.url  # type: ignore[attr-defined]


def test_demo_school_opens_for_its_principal(web_server: str, page: object) -> None:
    base = f"http://caugiay.{web_server}"
    # when
    response = page.goto(f"{base}/")  # type: ignore[attr-defined]
    _sign_in(page, base, "hieutruong")
    _shot(page, "demo-school-principal")
    figures = page.text_content("[data-testid=school-figures]")  # type: ignore[attr-defined]
    # then
    assert response.status == 200
    assert "THCS Cầu Giấy" in page.text_content("h1")  # type: ignore[attr-defined]
    assert "40" in figures


def test_parent_sees_both_children(web_server: str, page: object) -> None:
    base = f"http://caugiay.{web_server}"
    _sign_in(page, base, "phuhuynh")
    _shot(page, "demo-school-parent")
    children = page.locator("[data-testid=children] li.card")  # type: ignore[attr-defined]
    assert children.count() == 2
