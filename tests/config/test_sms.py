"""config.sms: Vietnamese numbers, and the console, locmem and HTTP backends."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from config import sms


@pytest.fixture(autouse=True)
def _empty_outbox() -> Iterator[None]:
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.mark.parametrize(
    "written",
    [
        "0912 345 678",
        "0912345678",
        "84912345678",
        "+84912345678",
        "+84 0912 345 678",
        "091.234.5678",
    ],
)
def test_normalise_phone_accepts_the_ways_people_write_a_number(written: str) -> None:
    assert sms.normalise_phone(written) == "+84912345678"


@pytest.mark.parametrize(
    "written", ["", "912345678", "024 3833 1234", "+33612345678", "09123456789", "abc"]
)
def test_normalise_phone_refuses_anything_else_with_a_clear_message(written: str) -> None:
    with pytest.raises(ValueError, match="is not a Vietnamese mobile number"):
        sms.normalise_phone(written)


def test_send_sms_goes_to_the_locmem_outbox_in_tests() -> None:
    reference = sms.send_sms("0912 345 678", "Xin chào", key="k-1")
    assert sms.outbox == [
        sms.SmsMessage(to="+84912345678", body="Xin chào", key="k-1", reference=reference)
    ]


def test_the_console_backend_prints_the_message(
    settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.SMS_BACKEND = "config.sms.ConsoleBackend"
    reference = sms.send_sms("0912345678", "Mã đăng nhập 123456", key="k-2")
    printed = capsys.readouterr().out
    assert "SMS to +84912345678 (key k-2)" in printed
    assert "Mã đăng nhập 123456" in printed
    assert reference.startswith("console-")
    assert sms.outbox == []


class _Gateway(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], dict[str, Any]]] = []
    answer: tuple[int, bytes] = (200, b'{"id": "gw-42"}')

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((dict(self.headers), body))
        status, payload = type(self).answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:  # quiet: no access log on stderr
        return None


@pytest.fixture
def gateway(settings: Any) -> Iterator[type[_Gateway]]:
    _Gateway.received = []
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "config.sms.HttpBackend"
    settings.SMS_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_API_KEY = "secret-key"
    yield _Gateway
    server.shutdown()
    server.server_close()


def test_the_http_backend_posts_json_with_the_key_as_request_id(gateway: type[_Gateway]) -> None:
    # given
    gateway.answer = (200, b'{"id": "gw-42"}')
    # when
    reference = sms.send_sms("0912345678", "Mã 1234", key="invitation-7")
    # then
    [(headers, body)] = gateway.received
    assert reference == "gw-42"
    assert body == {"to": "+84912345678", "text": "Mã 1234", "request_id": "invitation-7"}
    assert headers["Authorization"] == "Bearer secret-key"
    assert headers["Idempotency-Key"] == "invitation-7"


@pytest.mark.parametrize(
    "answer", [(500, b'{"error": "down"}'), (200, b"not json"), (200, b'{"status": "ok"}')]
)
def test_the_http_backend_raises_sms_error_when_the_gateway_refuses(
    gateway: type[_Gateway], answer: tuple[int, bytes]
) -> None:
    gateway.answer = answer
    with pytest.raises(sms.SmsError):
        sms.send_sms("0912345678", "Mã 1234", key="k")


def test_the_http_backend_needs_its_address_and_key(settings: Any) -> None:
    settings.SMS_BACKEND = "config.sms.HttpBackend"
    settings.SMS_URL = ""
    with pytest.raises(sms.SmsError, match="SMS_URL"):
        sms.send_sms("0912345678", "Mã 1234")
