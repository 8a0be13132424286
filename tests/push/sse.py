"""A small blocking Server-Sent Events client for tests: one stream, read in a thread."""

import contextlib
import http.client
import json
import queue
import socket
import threading
from dataclasses import dataclass
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class SseEvent:
    event: str  # "message" unless the server named it (hello, resync, expired)
    data: str

    def json(self) -> object:
        return json.loads(self.data)


class SseStream:
    """GET <base>/push/events?token=...; events are collected as they arrive."""

    def __init__(
        self,
        base: str,
        token: str,
        *,
        origin: str | None = None,
        host: str | None = None,
        query: str = "",
    ) -> None:
        parts = urlsplit(base)
        self._conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        headers = {"Accept": "text/event-stream"}
        if origin:
            headers["Origin"] = origin
        if host:
            headers["Host"] = host
        self._conn.connect()
        self._sock = self._conn.sock
        path = f"/push/events?token={quote(token)}{query}"
        self._conn.request("GET", path, headers=headers)
        self.response = self._conn.getresponse()
        self.status = self.response.status
        self._events: queue.Queue[SseEvent | None] = queue.Queue()
        self._reader: threading.Thread | None = None
        if self.status == 200:
            self._reader = threading.Thread(target=self._read, daemon=True)
            self._reader.start()
        else:
            self.body = self.response.read()
            self.close()

    def _read(self) -> None:
        event, data = "message", []
        try:
            while True:
                line = self.response.readline()
                if not line:
                    break
                text = line.decode().rstrip("\r\n")
                if text == "":
                    if data or event != "message":
                        self._events.put(SseEvent(event, "\n".join(data)))
                    event, data = "message", []
                elif text.startswith("event:"):
                    event = text[6:].strip()
                elif text.startswith("data:"):
                    data.append(text[5:].strip())
        except (OSError, ValueError, AttributeError, http.client.HTTPException):
            # the stream ended, or close() pulled the socket from under this thread
            pass
        self._events.put(None)

    def next_event(self, timeout: float) -> SseEvent | None:
        """The next event within `timeout` seconds, or None (nothing came, or the stream ended)."""
        try:
            return self._events.get(timeout=timeout)
        except queue.Empty:
            return None

    def wait_hello(self, timeout: float = 10) -> None:
        event = self.next_event(timeout)
        assert event is not None
        assert event.event == "hello", event

    def close(self) -> None:
        # shutdown() wakes the reader thread blocked in recv(); close() alone would not.
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        if self._reader is not None:
            self._reader.join(timeout=5)
        self.response.close()
        self._conn.close()
        self._sock.close()
