"""Web push: the channel against a local fake push service, and the subscribe endpoints.

The fake push service is a real HTTP server on 127.0.0.1 (a thread) that records what it is
sent; the subscriptions carry real browser-side keys, so the test decrypts the payload
(RFC 8291) and checks the VAPID signature (RFC 8292) as a push service and a phone would.
"""

import base64
import json
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import Client
from django_tenants.utils import tenant_context
from py_vapid import Vapid02
from py_vapid.jwt import decode as jwt_decode
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.models import User
from config.settings import notifications as notification_settings
from core_school.notifications import push_subscriptions, services
from core_school.notifications.channels import adapter
from core_school.notifications.channels.base import DeliveryError, OutgoingMessage
from core_school.notifications.channels.webpush import WebPushChannel, push_topic
from core_school.notifications.models import Delivery, Kind, PushSubscription
from tenants.models import School
from tests.conftest import host_of
from tests.core_school.portal.conftest import signed_in

KEY = "0b7c9a3e-2f8e-4a51-9d0e-6d3c1e2f4a5b"
ABSENCE = OutgoingMessage(
    key=KEY,
    kind=Kind.ABSENCE,
    title="Nguyễn Văn An: Vắng không phép",
    body="Buổi sáng 02/12/2026.",
    url="https://caugiay.truongso.vn/family/12/#attendance",
    school_name="THCS Cầu Giấy",
)
MARKS = OutgoingMessage(
    key="5d2f0c1e-8a7b-4c3d-9e0f-1a2b3c4d5e6f",
    kind=Kind.MARKS,
    title="Toán: điểm học kỳ I",
    body="",
    url="https://caugiay.truongso.vn/family/12/#marks",
    school_name="THCS Cầu Giấy",
)
SUBSCRIBE = "/notifications/push/subscribe/"
UNSUBSCRIBE = "/notifications/push/unsubscribe/"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- a fake push service and a fake browser ------------------------------------------------


@dataclass
class Received:
    path: str
    # Header names in lower case (HTTP header names are case-insensitive).
    headers: dict[str, str]
    body: bytes


@dataclass
class FakePushService:
    """Answers 201 with a Location, or the status set for a path in `answers`."""

    url: str
    received: list[Received] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)


@pytest.fixture
def push_service() -> Iterator[FakePushService]:
    service = FakePushService(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            service.received.append(Received(self.path, headers, body))
            status = service.answers.get(self.path, 201)
            self.send_response(status)
            if status == 201:
                self.send_header("Location", f"{service.url}/m/{len(service.received)}")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield service
    server.shutdown()
    server.server_close()


@dataclass(frozen=True)
class BrowserKeys:
    """What a browser keeps to decrypt its push messages, and what it hands the server."""

    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def decrypt(self, body: bytes) -> dict[str, Any]:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )
        return json.loads(plain)


def browser_keys() -> BrowserKeys:
    return BrowserKeys(ec.generate_private_key(ec.SECP256R1()), secrets.token_bytes(16))


@dataclass(frozen=True)
class Vapid:
    private: str
    public: str


@pytest.fixture
def vapid(settings: SettingsWrapper) -> Vapid:
    """A fresh application-server key pair; http:// endpoints allowed (the fake service)."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = b64url(key.private_numbers().private_value.to_bytes(32, "big"))
    public = b64url(
        key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_PUBLIC_KEY = public
    settings.VAPID_SUBJECT = "mailto:ops@truongso.test"
    settings.WEBPUSH_ALLOW_INSECURE_ENDPOINTS = True
    return Vapid(private, public)


@pytest.fixture
def parent_user(in_school_a: School) -> User:
    return User.objects.get(username="phuhuynh")


def subscribe(user: User, endpoint: str, keys: BrowserKeys) -> PushSubscription:
    return push_subscriptions.push_subscription_save(
        user=user, endpoint=endpoint, p256dh=keys.p256dh, auth=keys.auth, user_agent="test"
    )


# --- the channel ---------------------------------------------------------------------------


def test_webpush_send_posts_the_encrypted_payload_with_vapid_topic_ttl_and_urgency(
    vapid: Vapid, push_service: FakePushService, parent_user: User
) -> None:
    # given
    keys = browser_keys()
    subscribe(parent_user, f"{push_service.url}/push/phone-1", keys)
    # when
    reference = WebPushChannel().send(parent_user, ABSENCE)
    # then
    (request,) = push_service.received
    headers = request.headers
    assert request.path == "/push/phone-1"
    assert headers["ttl"] == "86400"
    assert headers["topic"] == "0b7c9a3e2f8e4a519d0e6d3c1e2f4a5b"
    assert headers["urgency"] == "high"
    assert headers["content-encoding"] == "aes128gcm"
    assert keys.decrypt(request.body) == {
        "title": ABSENCE.title,
        "body": ABSENCE.body,
        "url": ABSENCE.url,
    }
    assert reference == f"{push_service.url}/m/1"


def test_webpush_authorization_is_a_vapid_token_signed_by_the_platform_key(
    vapid: Vapid, push_service: FakePushService, parent_user: User
) -> None:
    # given
    subscribe(parent_user, f"{push_service.url}/push/phone-1", browser_keys())
    # when
    WebPushChannel().send(parent_user, ABSENCE)
    # then
    authorization = push_service.received[0].headers["authorization"]
    scheme, _, params = authorization.partition(" ")
    parts = dict(part.split("=", 1) for part in params.split(","))
    claims = jwt_decode(parts["t"], parts["k"])
    assert scheme == "vapid"
    assert parts["k"] == vapid.public
    assert Vapid02.verify(authorization)
    assert claims["aud"] == push_service.url
    assert claims["sub"] == "mailto:ops@truongso.test"


def test_webpush_urgency_is_normal_for_news_other_than_absences(
    vapid: Vapid, push_service: FakePushService, parent_user: User
) -> None:
    subscribe(parent_user, f"{push_service.url}/push/phone-1", browser_keys())
    WebPushChannel().send(parent_user, MARKS)
    assert push_service.received[0].headers["urgency"] == "normal"
    assert push_service.received[0].headers["topic"] == "5d2f0c1e8a7b4c3d9e0f1a2b3c4d5e6f"


@pytest.mark.parametrize(
    "key",
    [KEY, "a" * 32, "not a uuid: ünïcode and spaces", "x" * 300, "b" * 33],
)
def test_push_topic_is_at_most_32_url_safe_characters_and_stable(key: str) -> None:
    topic = push_topic(key)
    assert 1 <= len(topic) <= 32
    assert set(topic) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert push_topic(key) == topic


def test_push_topic_differs_for_different_keys() -> None:
    assert push_topic("x" * 300) != push_topic("x" * 299 + "y")


def test_webpush_sends_to_every_phone_of_the_user(
    vapid: Vapid, push_service: FakePushService, parent_user: User
) -> None:
    # given
    phone, tablet = browser_keys(), browser_keys()
    subscribe(parent_user, f"{push_service.url}/push/phone", phone)
    subscribe(parent_user, f"{push_service.url}/push/tablet", tablet)
    # when
    reference = WebPushChannel().send(parent_user, MARKS)
    # then
    by_path = {request.path: request for request in push_service.received}
    assert phone.decrypt(by_path["/push/phone"].body)["title"] == MARKS.title
    assert tablet.decrypt(by_path["/push/tablet"].body)["title"] == MARKS.title
    assert reference == f"{push_service.url}/m/1 {push_service.url}/m/2"


@pytest.mark.parametrize("status", [404, 410])
def test_webpush_gone_subscription_is_deleted_and_the_failure_is_permanent(
    status: int, vapid: Vapid, push_service: FakePushService, parent_user: User
) -> None:
    # given
    subscribe(parent_user, f"{push_service.url}/push/old-phone", browser_keys())
    push_service.answers["/push/old-phone"] = status
    # when
    with pytest.raises(DeliveryError) as caught:
        WebPushChannel().send(parent_user, MARKS)
    # then
    assert caught.value.permanent
    assert not PushSubscription.objects.filter(user=parent_user).exists()
    assert not WebPushChannel().reaches(parent_user)


def test_webpush_one_gone_phone_is_forgotten_and_the_other_still_delivers(
    vapid: Vapid, push_service: FakePushService, parent_user: User
) -> None:
    # given
    subscribe(parent_user, f"{push_service.url}/push/old-phone", browser_keys())
    subscribe(parent_user, f"{push_service.url}/push/new-phone", browser_keys())
    push_service.answers["/push/old-phone"] = 410
    # when
    reference = WebPushChannel().send(parent_user, MARKS)
    # then
    assert reference.startswith(f"{push_service.url}/m/")
    assert list(
        PushSubscription.objects.filter(user=parent_user).values_list("endpoint", flat=True)
    ) == [f"{push_service.url}/push/new-phone"]


@pytest.mark.parametrize("status", [500, 503, 429])
def test_webpush_push_service_failure_is_retryable_and_keeps_the_subscription(
    status: int, vapid: Vapid, push_service: FakePushService, parent_user: User
) -> None:
    # given
    subscribe(parent_user, f"{push_service.url}/push/phone-1", browser_keys())
    push_service.answers["/push/phone-1"] = status
    # when
    with pytest.raises(DeliveryError) as caught:
        WebPushChannel().send(parent_user, MARKS)
    # then
    assert not caught.value.permanent
    assert str(status) in caught.value.reason
    assert PushSubscription.objects.filter(user=parent_user).count() == 1


def test_webpush_refused_request_is_permanent_but_keeps_the_subscription(
    vapid: Vapid, push_service: FakePushService, parent_user: User
) -> None:
    subscribe(parent_user, f"{push_service.url}/push/phone-1", browser_keys())
    push_service.answers["/push/phone-1"] = 403
    with pytest.raises(DeliveryError) as caught:
        WebPushChannel().send(parent_user, MARKS)
    assert caught.value.permanent
    assert PushSubscription.objects.filter(user=parent_user).count() == 1


def test_webpush_unreachable_push_service_is_retryable(
    vapid: Vapid, push_service: FakePushService, parent_user: User
) -> None:
    # given: a port nothing listens on
    subscribe(parent_user, "http://127.0.0.1:9/push/phone-1", browser_keys())
    # when
    with pytest.raises(DeliveryError) as caught:
        WebPushChannel().send(parent_user, MARKS)
    # then
    assert not caught.value.permanent
    assert "unreachable" in caught.value.reason
    assert PushSubscription.objects.filter(user=parent_user).count() == 1


def test_webpush_reaches_only_users_with_a_subscription(
    vapid: Vapid, push_service: FakePushService, parent_user: User
) -> None:
    # given
    other = User.objects.get(username="gvcn")
    subscribe(parent_user, f"{push_service.url}/push/phone-1", browser_keys())
    # then
    assert WebPushChannel().reaches(parent_user)
    assert not WebPushChannel().reaches(other)
    with pytest.raises(DeliveryError) as caught:
        WebPushChannel().send(other, MARKS)
    assert caught.value.permanent


def test_webpush_without_vapid_keys_reaches_nobody_and_fails_permanently(
    settings: SettingsWrapper, push_service: FakePushService, parent_user: User
) -> None:
    # given
    settings.WEBPUSH_ALLOW_INSECURE_ENDPOINTS = True
    subscribe(parent_user, f"{push_service.url}/push/phone-1", browser_keys())
    settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_PUBLIC_KEY = ""
    # then
    assert not WebPushChannel().reaches(parent_user)
    with pytest.raises(DeliveryError) as caught:
        WebPushChannel().send(parent_user, MARKS)
    assert caught.value.permanent
    assert push_service.received == []


def test_webpush_is_the_registered_adapter() -> None:
    assert isinstance(adapter("webpush"), WebPushChannel)
    assert adapter("webpush").name == "webpush"


def test_an_absence_reaches_the_phone_through_the_outbox(
    vapid: Vapid,
    push_service: FakePushService,
    parent_user: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: the parent turned notifications on; the school records an absence
    keys = browser_keys()
    subscribe(parent_user, f"{push_service.url}/push/phone-1", keys)
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        (notification,) = services.notify(
            kind=Kind.ABSENCE,
            drafts=[
                services.Draft(user_id=parent_user.pk, pupil_id=None, title="Vắng", url="/family/")
            ],
        )
    delivery = Delivery.objects.get(notification=notification, channel="webpush")
    delivery.due_at = notification.created_at
    delivery.save(update_fields=["due_at"])
    # when
    status = services.delivery_send(delivery.pk)
    # then
    delivery.refresh_from_db()
    (request,) = push_service.received
    payload = keys.decrypt(request.body)
    assert status == Delivery.Status.SENT
    assert delivery.provider_ref == f"{push_service.url}/m/1"
    assert request.headers["topic"] == delivery.key.hex
    assert payload["title"] == "Vắng"
    assert payload["url"].endswith("/family/")


# --- the VAPID settings ----------------------------------------------------------------------


def _pem_and_der(key: ec.EllipticCurvePrivateKey) -> tuple[str, str]:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    der = b64url(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return pem, der


SERVER_KEY = ec.generate_private_key(ec.SECP256R1())
SERVER_KEY_RAW = b64url(SERVER_KEY.private_numbers().private_value.to_bytes(32, "big"))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(SERVER_KEY_RAW, id="raw"),
        pytest.param(_pem_and_der(SERVER_KEY)[1], id="der"),
        pytest.param(_pem_and_der(SERVER_KEY)[0], id="pem"),
    ],
)
def test_vapid_private_key_is_read_as_raw_der_or_pem(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    monkeypatch.setenv("VAPID_PRIVATE_KEY", text)
    # when
    private, public = notification_settings._vapid_keys()
    # then
    assert private == SERVER_KEY_RAW
    assert public == notification_settings._raw_public(SERVER_KEY)


def test_vapid_public_key_that_does_not_match_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    key, other = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    monkeypatch.setenv(
        "VAPID_PRIVATE_KEY", b64url(key.private_numbers().private_value.to_bytes(32, "big"))
    )
    monkeypatch.setenv("VAPID_PUBLIC_KEY", notification_settings._raw_public(other))
    with pytest.raises(ImproperlyConfigured, match="does not belong"):
        notification_settings._vapid_keys()


def test_vapid_key_that_is_not_a_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAPID_PRIVATE_KEY", "change-me")
    with pytest.raises(ImproperlyConfigured, match="VAPID_PRIVATE_KEY"):
        notification_settings._vapid_keys()


def test_embedded_installation_generates_its_vapid_keys_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    # given: no DATABASE_URL, no keys (the embedded demo)
    monkeypatch.delenv("VAPID_PRIVATE_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(notification_settings, "DATA_DIR", tmp_path)
    # when
    first = notification_settings._vapid_keys()
    second = notification_settings._vapid_keys()
    # then
    assert first == second
    assert len(first[1]) == 87  # base64url of a 65-byte uncompressed point
    assert (tmp_path / "vapid_private_key").stat().st_mode & 0o777 == 0o600


def test_a_real_installation_without_keys_has_web_push_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.delenv("VAPID_PRIVATE_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://db/truongso")
    monkeypatch.setattr(notification_settings, "_DEBUG", False)
    monkeypatch.setattr(notification_settings, "DATA_DIR", tmp_path)
    assert notification_settings._vapid_keys() == ("", "")
    assert list(tmp_path.iterdir()) == []


# --- subscribing and unsubscribing ------------------------------------------------------------


@pytest.fixture
def parent(school_a: School, client_a: Client) -> Client:
    return signed_in(client_a, school_a, "phuhuynh")


def _body(endpoint: str, keys: BrowserKeys | None = None) -> str:
    keys = keys or browser_keys()
    return json.dumps(
        {
            "endpoint": endpoint,
            "expirationTime": None,
            "keys": {"p256dh": keys.p256dh, "auth": keys.auth},
        }
    )


def _rows(school: School) -> list[tuple[str, str]]:
    with tenant_context(school):
        return list(PushSubscription.objects.values_list("user__username", "endpoint"))


FCM = "https://fcm.googleapis.com/fcm/send/dGVzdC1zdWJzY3JpcHRpb24:APA91bH"


def test_subscribe_stores_the_browser_subscription_for_the_signed_in_user(
    vapid: Vapid, parent: Client, school_a: School
) -> None:
    # given
    keys = browser_keys()
    # when
    response = parent.post(
        SUBSCRIBE, _body(FCM, keys), content_type="application/json", HTTP_USER_AGENT="Android 12"
    )
    # then
    assert response.status_code == 201
    with tenant_context(school_a):
        row = PushSubscription.objects.select_related("user").get()
    assert row.user.username == "phuhuynh"
    assert (row.endpoint, row.p256dh, row.auth) == (FCM, keys.p256dh, keys.auth)
    assert row.user_agent == "Android 12"


def test_subscribe_twice_from_the_same_browser_keeps_one_row(
    vapid: Vapid, parent: Client, school_a: School
) -> None:
    parent.post(SUBSCRIBE, _body(FCM), content_type="application/json")
    response = parent.post(SUBSCRIBE, _body(FCM), content_type="application/json")
    assert response.status_code == 201
    assert _rows(school_a) == [("phuhuynh", FCM)]


def test_subscribe_from_a_browser_another_user_used_moves_the_subscription(
    vapid: Vapid, parent: Client, school_a: School
) -> None:
    # given: the pupil turned notifications on in this browser first
    pupil = signed_in(Client(HTTP_HOST=host_of(school_a)), school_a, "hocsinh")
    pupil.post(SUBSCRIBE, _body(FCM), content_type="application/json")
    # when
    parent.post(SUBSCRIBE, _body(FCM), content_type="application/json")
    # then
    assert _rows(school_a) == [("phuhuynh", FCM)]


VALID = browser_keys()


@pytest.mark.parametrize(
    ("endpoint", "keys", "field"),
    [
        pytest.param("http://fcm.googleapis.com/fcm/send/x", {}, "endpoint", id="http"),
        pytest.param("https://evil.example/collect", {}, "endpoint", id="unknown-host"),
        pytest.param("https://fcm.googleapis.com.evil.example/x", {}, "endpoint", id="lookalike"),
        pytest.param("https://127.0.0.1/x", {}, "endpoint", id="local-address"),
        pytest.param(FCM + "a" * 1000, {}, "endpoint", id="too-long"),
        pytest.param("not a url", {}, "endpoint", id="not-a-url"),
        pytest.param("", {}, "endpoint", id="empty"),
        pytest.param(["x"], {}, "endpoint", id="not-a-string"),
        pytest.param(FCM, {"p256dh": "AAAA"}, "p256dh", id="short-key"),
        pytest.param(FCM, {"p256dh": b64url(b"\x04" + b"\x01" * 64)}, "p256dh", id="not-on-curve"),
        pytest.param(FCM, {"p256dh": None}, "p256dh", id="no-key"),
        pytest.param(FCM, {"auth": b64url(b"x" * 8)}, "auth", id="short-auth"),
        pytest.param(FCM, {"auth": "!!!"}, "auth", id="bad-auth"),
    ],
)
def test_subscribe_refuses_what_the_platform_must_not_post_to(
    endpoint: object,
    keys: dict[str, object],
    field: str,
    vapid: Vapid,
    settings: SettingsWrapper,
    parent: Client,
    school_a: School,
) -> None:
    # given: production rules (https, known push services)
    settings.WEBPUSH_ALLOW_INSECURE_ENDPOINTS = False
    sent = {"endpoint": endpoint, "keys": {"p256dh": VALID.p256dh, "auth": VALID.auth, **keys}}
    # when
    response = parent.post(SUBSCRIBE, json.dumps(sent), content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json()["extra"] == {"field": field}
    assert response.json()["message"]
    assert _rows(school_a) == []


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk",
        "https://web.push.apple.com/QGuQyavXutnMHf",
        "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAD",
        FCM,
    ],
)
def test_subscribe_accepts_the_known_push_services(
    endpoint: str, vapid: Vapid, settings: SettingsWrapper, parent: Client
) -> None:
    settings.WEBPUSH_ALLOW_INSECURE_ENDPOINTS = False
    response = parent.post(SUBSCRIBE, _body(endpoint), content_type="application/json")
    assert response.status_code == 201


@pytest.mark.parametrize(
    "raw", [b"not json", b"[1, 2]", b'{"endpoint": "' + b"x" * 5000 + b'"}'], ids=str
)
def test_subscribe_refuses_a_body_that_is_not_a_subscription(
    raw: bytes, vapid: Vapid, parent: Client, school_a: School
) -> None:
    response = parent.post(SUBSCRIBE, raw, content_type="application/json")
    assert response.status_code == 400
    assert _rows(school_a) == []


def test_subscribe_needs_a_signed_in_user(vapid: Vapid, client_a: Client, school_a: School) -> None:
    response = client_a.post(SUBSCRIBE, _body(FCM), content_type="application/json")
    assert response.status_code == 401
    assert _rows(school_a) == []


def test_subscribe_needs_the_csrf_token(vapid: Vapid, school_a: School) -> None:
    # given
    browser = signed_in(
        Client(HTTP_HOST=host_of(school_a), enforce_csrf_checks=True), school_a, "phuhuynh"
    )
    browser.get("/family/")  # the page sets the CSRF cookie
    token = browser.cookies["truongso_csrftoken"].value
    # when
    refused = browser.post(SUBSCRIBE, _body(FCM), content_type="application/json")
    accepted = browser.post(
        SUBSCRIBE, _body(FCM), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    # then
    assert refused.status_code == 403
    assert accepted.status_code == 201


def test_subscribe_answers_503_when_web_push_is_not_set_up(
    settings: SettingsWrapper, parent: Client, school_a: School
) -> None:
    settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_PUBLIC_KEY = ""
    response = parent.post(SUBSCRIBE, _body(FCM), content_type="application/json")
    assert response.status_code == 503
    assert _rows(school_a) == []


@pytest.mark.parametrize("url", [SUBSCRIBE, UNSUBSCRIBE])
def test_push_endpoints_only_take_post(url: str, vapid: Vapid, parent: Client) -> None:
    assert parent.get(url).status_code == 405


def test_unsubscribe_removes_only_the_users_own_subscription(
    vapid: Vapid, parent: Client, school_a: School
) -> None:
    # given
    pupil = signed_in(Client(HTTP_HOST=host_of(school_a)), school_a, "hocsinh")
    pupil_endpoint = FCM + "-pupil"
    pupil.post(SUBSCRIBE, _body(pupil_endpoint), content_type="application/json")
    parent.post(SUBSCRIBE, _body(FCM), content_type="application/json")
    # when
    mine = parent.post(UNSUBSCRIBE, json.dumps({"endpoint": FCM}), content_type="application/json")
    theirs = parent.post(
        UNSUBSCRIBE, json.dumps({"endpoint": pupil_endpoint}), content_type="application/json"
    )
    # then
    assert mine.json() == {"status": "unsubscribed", "removed": True}
    assert theirs.json() == {"status": "unsubscribed", "removed": False}
    assert _rows(school_a) == [("hocsinh", pupil_endpoint)]


def test_subscription_made_on_school_a_lives_in_school_a_only(
    vapid: Vapid, parent: Client, school_a: School, school_b: School
) -> None:
    # given: the same usernames and primary keys exist in school B
    with tenant_context(school_b):
        b_parent = User.objects.get(username="phuhuynh")
    # when
    parent.post(SUBSCRIBE, _body(FCM), content_type="application/json")
    # then
    assert _rows(school_a) == [("phuhuynh", FCM)]
    assert _rows(school_b) == []
    with tenant_context(school_b):
        assert not WebPushChannel().reaches(b_parent)


def test_school_a_session_cannot_subscribe_on_school_b(
    vapid: Vapid, parent: Client, school_a: School, school_b: School
) -> None:
    # given: A's session cookie replayed on B's host
    stolen = Client(HTTP_HOST=host_of(school_b))
    stolen.cookies = parent.cookies
    # when
    response = stolen.post(SUBSCRIBE, _body(FCM), content_type="application/json")
    # then
    assert response.status_code == 401
    assert _rows(school_a) == []
    assert _rows(school_b) == []
