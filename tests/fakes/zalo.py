"""A local stand-in for Zalo's ZNS endpoint, for the adapter's tests and the worker-kill test.

It checks what Zalo checks (the access token header, the template, the phone), answers like
Zalo ({"error": 0, "data": {"msg_id": ...}} or a negative code), and treats `tracking_id` as an
idempotency key: a second request with the same key is recorded but not delivered again, as an
SMS gateway's request id or a push service's Topic do. `requests` keeps every request,
`delivered` the messages a parent would see.
"""

import json
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeZalo:
    token: str = "fake-oa-token"
    template_id: str = "250001"
    delay: float = 0.0
    fail_with: int | None = None  # answer this error code to every request
    requests: list[dict] = field(default_factory=list)
    delivered: dict[str, dict] = field(default_factory=dict)  # tracking_id → payload
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, headers: Mapping[str, str], payload: dict) -> dict:
        with self.lock:
            self.requests.append(payload)
            if headers.get("access_token") != self.token:
                return {"error": -124, "message": "Access token is invalid"}
            if self.fail_with is not None:
                return {"error": self.fail_with, "message": "refused"}
            if payload.get("template_id") != self.template_id:
                return {"error": -1123, "message": "Template is invalid"}
            phone = str(payload.get("phone", ""))
            if not (phone.startswith("84") and phone.isdigit()):
                return {"error": -108, "message": "Phone number is invalid"}
            key = str(payload.get("tracking_id", ""))
            first = key not in self.delivered
            if first:
                self.delivered[key] = {**payload, "msg_id": uuid.uuid4().hex}
            msg_id = self.delivered[key]["msg_id"]
        # The delay comes after the message is taken: a sender killed while waiting for the
        # answer leaves a delivered message it never heard about.
        if first and self.delay:
            time.sleep(self.delay)
        return {"error": 0, "message": "Success", "data": {"msg_id": msg_id}}


@contextmanager
def fake_zalo(**options: object) -> Iterator[FakeZalo]:
    fake = FakeZalo(**options)  # type: ignore[arg-type]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            try:
                payload = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                payload = {}
            body = json.dumps(fake.answer(self.headers, payload)).encode()
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the sender died while waiting

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/message/template"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
