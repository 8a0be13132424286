"""The operators' console in headless Chromium, against gunicorn and a real Celery worker:
an operator signs in with a password and a TOTP code, provisions a school from the form and
sees it come up and go live, then uploads a CSV of schools and watches the progress bar reach
100 % (the page polls the progress every second; nobody reloads it).
"""

import os
import time
from collections.abc import Iterator

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import Group
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from console.models import OperatorToken
from onboarding.models import ProvisioningBatch
from tenants.models import Authority, AuthorityMembership, School, SchoolEvent
from tests.browser.conftest import CHROMIUM_ARGS, REPO_ROOT, browser  # noqa: F401 - a fixture
from tests.console.conftest import totp_code
from tests.processes import celery_worker_start, test_database_url, web_server_start

pytestmark = [pytest.mark.slow, pytest.mark.browser]
SCREENSHOTS = REPO_ROOT / ".data" / "screenshots"
USERNAME = "op.trinhduyet"
PASSWORD = "Trình-Duyệt@2026"
# Codes of the schools this module makes (removed before and after it runs).
CODE_PREFIX = "7799"
ONE = {"name": "THCS Trình Duyệt", "code": "77990001", "slug": "thcs-trinh-duyet"}
CSV = (
    "Tên trường,Mã trường,Tên miền,Mã đơn vị quản lý,Quản trị viên,Email quản trị viên\n"
    "THCS Lô Một,77990011,lo-mot,00167,Nguyễn Văn Một,mot@example.vn\n"
    "THCS Lô Hai,77990012,lo-hai,00167,Nguyễn Văn Hai,hai@example.vn\n"
    "THCS Lô Ba,77990013,lo-ba,00167,Nguyễn Văn Ba,ba@example.vn\n"
)


def _forget_everything() -> None:
    """Drop the schools (and their schemas), batches and operator this module made."""
    with schema_context("public"):
        for school in School.objects.filter(code__startswith=CODE_PREFIX):
            school.delete(force_drop=True)
        ProvisioningBatch.objects.filter(file_name="truong-thu.csv").delete()
        user = User.objects.filter(username=USERNAME).first()
        if user is not None:
            # NOTE: not user.delete(): Django's collector would also look for the user's rows
            # in the school-only tables (authtoken), which the public schema does not have.
            Authenticator.objects.filter(user=user).delete()
            AuthorityMembership.objects.filter(user=user).delete()
            OperatorToken.objects.filter(user=user).delete()
            SchoolEvent.objects.filter(actor=user).update(actor=None)
            user.groups.clear()
            User.objects.filter(pk=user.pk)._raw_delete(user._state.db)


@pytest.fixture(scope="module")
def operator_secret(django_db_setup: None, django_db_blocker: object) -> Iterator[str]:
    """An operator of phường Cầu Giấy with a password and a TOTP authenticator (committed:
    the web server and the worker read them)."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _forget_everything()
        with schema_context("public"):
            user = User.objects.create_user(
                USERNAME, password=PASSWORD, full_name="Vũ Thị Trình Duyệt"
            )
            user.groups.add(Group.objects.get(name=Role.OPERATOR))
            AuthorityMembership.objects.create(
                user=user, authority=Authority.objects.get(code="00167")
            )
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
        yield secret
        _forget_everything()


@pytest.fixture(scope="module")
def console_server(
    django_db_setup: None,
    django_db_blocker: object,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """`localhost:PORT`: gunicorn and one Celery worker on the test database, sharing a folder
    broker, with the production settings (no eager tasks)."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        database_url = test_database_url()
    data_dir = tmp_path_factory.mktemp("console-data")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": "",
        "CELERY_BROKER_DIR": str(data_dir / "broker"),
    }
    worker = celery_worker_start(env, data_dir / "worker.log")
    web, port = web_server_start(env, data_dir / "web.log")
    try:
        yield f"localhost:{port}"
    finally:
        web.terminate()
        worker.terminate()
        web.wait(timeout=30)
        worker.wait(timeout=30)


@pytest.fixture
def desk(browser: object) -> Iterator[object]:  # noqa: F811 - the imported fixture
    """A desktop-sized page (the console is desktop-first)."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def _shot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def _status_becomes(page: object, status: str, seconds: float = 90) -> None:
    """Reload the school's page until it shows `status` (provisioning runs on the worker)."""
    deadline = time.monotonic() + seconds
    while page.get_attribute("[data-testid=school-detail]", "data-status") != status:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, page.content()  # type: ignore[attr-defined]
        time.sleep(0.5)
        page.reload()  # type: ignore[attr-defined]


def test_operator_signs_in_with_totp_provisions_a_school_and_a_csv_of_schools(
    console_server: str, operator_secret: str, desk: object
) -> None:
    page = desk
    base = f"http://{console_server}"
    # when: password, then the code of the authenticator app
    page.goto(f"{base}/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_login", USERNAME)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.click("form[data-testid=login-form] button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url("**/accounts/2fa/authenticate/**")  # type: ignore[attr-defined]
    page.fill("input[name=code]", totp_code(operator_secret))  # type: ignore[attr-defined]
    page.press("input[name=code]", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=school-list]")  # type: ignore[attr-defined]
    listed = page.text_content("[data-testid=school-list]")  # type: ignore[attr-defined]
    _shot(page, "console-schools")

    # when: one school from the form
    page.click("[data-testid=console-nav] a[href='/schools/new/']")  # type: ignore[attr-defined]
    page.fill("#id_name", ONE["name"])  # type: ignore[attr-defined]
    page.fill("#id_code", ONE["code"])  # type: ignore[attr-defined]
    page.fill("#id_slug", ONE["slug"])  # type: ignore[attr-defined]
    page.select_option("#id_authority", label="— UBND phường Cầu Giấy (00167)")  # type: ignore[attr-defined]
    page.fill("#id_admin_name", "Đỗ Thị Quản Trị")  # type: ignore[attr-defined]
    page.fill("#id_admin_email", "quantri@example.vn")  # type: ignore[attr-defined]
    page.click("form[data-testid=school-new-form] button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=school-detail]")  # type: ignore[attr-defined]
    _status_becomes(page, "onboarding")
    page.click("[data-testid=action-go-live]")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=school-detail][data-status=live]")  # type: ignore[attr-defined]
    live_step = page.get_attribute("[data-testid=checklist] [data-step=live]", "class")  # type: ignore[attr-defined]
    _shot(page, "console-school-live")

    # when: three schools from a CSV file
    page.goto(f"{base}/schools/import/")  # type: ignore[attr-defined]
    page.set_input_files(  # type: ignore[attr-defined]
        "input[name=file]",
        files=[{"name": "truong-thu.csv", "mimeType": "text/csv", "buffer": CSV.encode()}],
    )
    page.click("form[data-testid=batch-upload-form] button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=preview-ok]")  # type: ignore[attr-defined]
    page.click("form[data-testid=batch-confirm-form] button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=batch]")  # type: ignore[attr-defined]
    # NOTE: a mark on the page's window survives only if nobody reloads the page.
    page.evaluate("window.consoleTestMark = true")  # type: ignore[attr-defined]
    polls: list[str] = []
    page.on("request", lambda r: polls.append(r.url) if "progress.json" in r.url else None)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelector('[data-field=percent]').textContent === '100'",
        timeout=120_000,
    )
    bar = page.get_attribute(".progress-bar", "style")  # type: ignore[attr-defined]
    not_reloaded = page.evaluate("window.consoleTestMark === true")  # type: ignore[attr-defined]
    pills = page.locator("[data-testid=batch-schools] .pill.onboarding").count()  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]  # the bar's width transition
    _shot(page, "console-batch-done")

    # then
    assert "THCS Cầu Giấy" in listed
    assert live_step == "reached"
    assert "width: 100%" in bar
    assert not_reloaded
    assert polls
    assert pills == 3
    with schema_context("public"):
        made = dict(
            School.objects.filter(code__startswith=CODE_PREFIX).values_list("code", "status")
        )
    assert made == {
        "77990001": School.Status.LIVE,
        "77990011": School.Status.ONBOARDING,
        "77990012": School.Status.ONBOARDING,
        "77990013": School.Status.ONBOARDING,
    }
