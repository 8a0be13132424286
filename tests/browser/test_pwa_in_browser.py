"""The family portal installs as an app in Chromium: manifest, service worker, offline pages.

`http://*.localhost` is a secure context for Chromium, so the service worker registers there
without TLS.
"""

import base64
import json
import secrets
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django_tenants.utils import tenant_context

from core_school.demo_data import DEMO_PASSWORD
from core_school.notifications.models import PushSubscription
from tenants.models import School

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ENDPOINT = "https://fcm.googleapis.com/fcm/send/browser-test-phone"


def _sign_in(page: object, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_login", username)  # type: ignore[attr-defined]
    page.fill("#id_password", DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.click("form[data-testid=login-form] button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=signed-in-as]")  # type: ignore[attr-defined]


def _worker_ready(page: object) -> str:
    """The scope of the active service worker, once it has installed and activated."""
    return page.evaluate(  # type: ignore[attr-defined,no-any-return]
        "navigator.serviceWorker.ready.then(function (r) { return r.scope; })"
    )


def _cached_paths(page: object, cache: str) -> list[str]:
    return page.evaluate(  # type: ignore[attr-defined,no-any-return]
        """name => caches.has(name).then(function (found) {
             if (!found) return [];
             return caches.open(name).then(function (c) { return c.keys(); })
               .then(function (keys) { return keys.map(function (r) {
                 return new URL(r.url).pathname; }); });
           })""",
        cache,
    )


def test_portal_links_its_manifest_and_registers_the_service_worker(
    web_server: str, page: object
) -> None:
    base = f"http://caugiay.{web_server}"
    # given
    _sign_in(page, base, "phuhuynh")
    page.goto(f"{base}/family/")  # type: ignore[attr-defined]
    # when
    href = page.get_attribute("link[rel=manifest]", "href")  # type: ignore[attr-defined]
    # NOTE: fetched by the page: Playwright's own request client does not resolve *.localhost.
    status, content_type, name = page.evaluate(  # type: ignore[attr-defined]
        """href => fetch(href).then(function (r) {
             return r.json().then(function (m) {
               return [r.status, r.headers.get("content-type"), m.name]; });
           })""",
        href,
    )
    scope = _worker_ready(page)
    # then
    assert href == "/manifest.webmanifest"
    assert status == 200
    assert content_type == "application/manifest+json"
    assert name == "THCS Cầu Giấy — Trường Số"
    assert scope == f"{base}/"


def test_visited_pages_stay_readable_offline_until_sign_out(web_server: str, page: object) -> None:
    base = f"http://caugiay.{web_server}"
    context = page.context  # type: ignore[attr-defined]
    # given: signed in, the worker active, the children page opened through it
    _sign_in(page, base, "phuhuynh")
    page.goto(f"{base}/family/")  # type: ignore[attr-defined]
    _worker_ready(page)
    page.reload()  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "caches.open('truongso-pages').then(c => c.match('/family/')).then(r => !!r)"
    )
    # when: the phone goes offline
    context.set_offline(True)
    page.goto(f"{base}/family/")  # type: ignore[attr-defined]
    kept = page.locator("[data-testid=portal-children] li").count()  # type: ignore[attr-defined]
    page.goto(f"{base}/family/announcements/")  # type: ignore[attr-defined]
    offline_shown = page.locator("[data-testid=offline]").count()  # type: ignore[attr-defined]
    context.set_offline(False)
    # then
    assert kept == 2
    assert offline_shown == 1
    # when: signing out
    page.goto(f"{base}/family/")  # type: ignore[attr-defined]
    # NOTE: waiting for the navigation the click starts (a URL pattern matches the page
    # before it, and reading the caches during the navigation fails).
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.click("form[action='/accounts/logout/'] button")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    page.wait_for_selector("#id_login, form[data-testid=login-form], h1")  # type: ignore[attr-defined]
    # then: the pages of that user are gone from the phone (waited for: the page clears them)
    page.wait_for_function(  # type: ignore[attr-defined]
        "caches.open('truongso-pages').then(c => c.keys()).then(k => k.length === 0)"
    )
    assert _cached_paths(page, "truongso-pages") == []
    assert "/offline/" in _cached_paths(page, _static_cache(page))


def _static_cache(page: object) -> str:
    names = page.evaluate("caches.keys()")  # type: ignore[attr-defined]
    (name,) = [n for n in names if n.startswith("truongso-static-")]
    return name  # type: ignore[no-any-return]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# NOTE: headless Chromium has no push service to talk to (and refuses the Push API in its
# throwaway profiles), so the browser's PushManager is replaced by a stand-in that hands out a
# subscription with real keys. Everything else is real: the permission, pwa.js, the CSRF token,
# the server's validation and the database row.
FAKE_PUSH_MANAGER = """
(function () {
  var KEYS = %s, STORE = "fake-push-endpoint";
  function subscription(endpoint) {
    return {
      endpoint: endpoint,
      toJSON: function () { return { endpoint: endpoint, expirationTime: null, keys: KEYS }; },
      unsubscribe: function () { localStorage.removeItem(STORE); return Promise.resolve(true); }
    };
  }
  PushManager.prototype.subscribe = function (options) {
    if (new Uint8Array(options.applicationServerKey).length !== 65 || !options.userVisibleOnly) {
      return Promise.reject(new Error("bad subscribe options"));
    }
    localStorage.setItem(STORE, %s);
    return Promise.resolve(subscription(localStorage.getItem(STORE)));
  };
  PushManager.prototype.getSubscription = function () {
    var endpoint = localStorage.getItem(STORE);
    return Promise.resolve(endpoint ? subscription(endpoint) : null);
  };
})();
"""


@pytest.fixture
def no_browser_subscription(django_db_blocker: object) -> Iterator[School]:
    """The server writes to the test database for real: start and end without the row."""

    def clean() -> School:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            school = School.objects.get(slug="caugiay")
            with tenant_context(school):
                PushSubscription.objects.filter(endpoint=ENDPOINT).delete()
        return school

    yield clean()
    clean()


def _subscribed(django_db_blocker: object, school: School) -> list[str]:
    with django_db_blocker.unblock(), tenant_context(school):  # type: ignore[attr-defined]
        return list(
            PushSubscription.objects.filter(endpoint=ENDPOINT).values_list(
                "user__username", flat=True
            )
        )


def test_parent_turns_notifications_on_and_signing_out_turns_them_off(
    web_server: str,
    page: object,
    no_browser_subscription: School,
    django_db_blocker: object,
) -> None:
    base = f"http://caugiay.{web_server}"
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    keys = {
        "p256dh": _b64url(
            key.public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        ),
        "auth": _b64url(secrets.token_bytes(16)),
    }
    context = page.context  # type: ignore[attr-defined]
    context.grant_permissions(["notifications"], origin=base)
    context.add_init_script(FAKE_PUSH_MANAGER % (json.dumps(keys), json.dumps(ENDPOINT)))
    # given
    _sign_in(page, base, "phuhuynh")
    page.goto(f"{base}/family/")  # type: ignore[attr-defined]
    switch = page.locator("[data-testid=push-toggle] input[type=checkbox]")  # type: ignore[attr-defined]
    switch.wait_for(state="visible")
    # when
    switch.check()
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelector('[data-push-status]').textContent !== ''"
    )
    # then
    assert switch.is_checked()
    assert _subscribed(django_db_blocker, no_browser_subscription) == ["phuhuynh"]
    # when: the page is opened again, the switch shows what this phone has
    page.reload()  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelector('[data-testid=push-toggle] input[type=checkbox]').checked"
    )
    # when: signing out
    page.click("form[action='/accounts/logout/'] button")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=signed-in-as]", state="detached")  # type: ignore[attr-defined]
    # then: this phone no longer receives the parent's notifications
    assert _subscribed(django_db_blocker, no_browser_subscription) == []
    assert page.evaluate("localStorage.getItem('fake-push-endpoint')") is None  # type: ignore[attr-defined]
