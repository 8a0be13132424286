"""A real web server (gunicorn, as in production) on the test database, and Debian's Chromium."""

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings

from tests.processes import test_database_url, web_server_start

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _vapid_private_key() -> str:
    """A fresh web push (VAPID) key: base64url of a P-256 private scalar."""
    scalar = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    return base64.urlsafe_b64encode(scalar.to_bytes(32, "big")).decode().rstrip("=")


@pytest.fixture(scope="session")
def web_server(
    django_db_setup: None,
    django_db_blocker: object,
    tmp_path_factory: pytest.TempPathFactory,
    push_server: str,
) -> Iterator[str]:
    """`http://localhost:PORT`: gunicorn serving config.wsgi against the test database, its
    pages opening their live updates on the push server (as `manage.py up` sets it)."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        database_url = test_database_url()
    data_dir = tmp_path_factory.mktemp("web-data")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": "",
        "PUSH_URL": f"//{{host}}:{urlsplit(push_server).port}/push/events",
        # Web push on, so that the portal shows its "notifications on this phone" switch.
        "VAPID_PRIVATE_KEY": _vapid_private_key(),
    }
    process, port = web_server_start(env, data_dir / "web.log")
    try:
        yield f"localhost:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium for one test module. Playwright's sync API keeps an event loop running in this
    thread, where Django then refuses database calls: the tests here read the database between
    browser steps (synchronously, in this one thread), so Django's guard is lifted for the
    module and the browser is closed before other modules run."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE")
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: object, tmp_path: Path) -> Iterator[object]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 412, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()
