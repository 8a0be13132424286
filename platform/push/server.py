"""The push server: relays live events to families' open pages (Server-Sent Events).

Run: uvicorn push.server:app --port 8001 --no-access-log   (`manage.py up` starts it)

  GET /push/events?token=...   text/event-stream for the token's school and user
  GET /push/healthz            200 while listening to PostgreSQL, 503 otherwise

One PostgreSQL connection per process LISTENs on push.protocol.CHANNEL; Django's
`push_emit` NOTIFYs there inside the transaction of the change, so an event arrives only once
its change is committed. Each event is handed to the streams of its (school, user) only.

TENANCY: this process never loads Django's ORM, apps or tenant middleware (WSGI serves tenant
traffic, DESIGN.md). The school of a stream is taken from its signed token (push.tokens) and
nowhere else; an event carries the schema it was emitted in. A stream of school A and user 7
is keyed ("school_a", 7): school B's user 7 is another key, so it can never receive A's events.

The stream: `retry:` and an `event: hello` once subscribed, `data: {event}` per event, a
comment line every HEARTBEAT_SECONDS, `event: resync` after the database connection was lost
(events may have been missed: the page re-reads), and `event: expired` when the token expires
(the page renews it before then). A stream whose reader falls QUEUE_SIZE events behind is
closed; the page reconnects and re-reads.
"""

import asyncio
import logging
import os
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

import psycopg
from django.conf import settings
from psycopg.conninfo import make_conninfo
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from push.protocol import CHANNEL, message_decode
from push.tokens import PushTokenError, push_token_claims

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
RETRY_MS = 3000
QUEUE_SIZE = 64
# A family opens the portal on a few phones and tabs; more streams than this for one user
# close the oldest (a runaway client cannot hold the process's memory).
STREAMS_PER_USER = 16
# Between two liveness checks of the LISTEN connection (a dead TCP peer sends nothing).
LISTEN_CHECK_SECONDS = 15.0
RECONNECT_MAX_SECONDS = 10.0
# Django-only keys of DATABASES["default"]["OPTIONS"] that are not libpq parameters.
NOT_LIBPQ = {"pool", "server_side_binding", "isolation_level", "assume_role", "cursor_factory"}

Key = tuple[str, int]

HELLO = f"retry: {RETRY_MS}\nevent: hello\ndata: {{}}\n\n".encode()
PING = b": ping\n\n"
RESYNC = b"event: resync\ndata: {}\n\n"
EXPIRED = b"event: expired\ndata: {}\n\n"


class Subscriber:
    """One open stream: a bounded queue of SSE frames; None closes it."""

    __slots__ = ("queue",)

    def __init__(self) -> None:
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=QUEUE_SIZE)

    def offer(self, frame: bytes) -> bool:
        """Queue `frame`; False when the reader is too far behind."""
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            return False
        return True

    def close(self) -> None:
        """End the stream at its next read, whatever is still queued."""
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(None)


class Hub:
    """The open streams of this process by (schema, user id), and the fan-out to them."""

    def __init__(self) -> None:
        self._streams: dict[Key, list[Subscriber]] = defaultdict(list)

    def __len__(self) -> int:
        return sum(len(subscribers) for subscribers in self._streams.values())

    def subscribe(self, key: Key) -> Subscriber:
        subscriber = Subscriber()
        streams = self._streams[key]
        streams.append(subscriber)
        if len(streams) > STREAMS_PER_USER:
            streams.pop(0).close()
        return subscriber

    def unsubscribe(self, key: Key, subscriber: Subscriber) -> None:
        streams = self._streams.get(key)
        if streams is None:
            return
        if subscriber in streams:
            streams.remove(subscriber)
        if not streams:
            del self._streams[key]

    def publish(self, key: Key, frame: bytes) -> int:
        """Hand `frame` to every stream of `key`; return how many took it."""
        delivered = 0
        for subscriber in list(self._streams.get(key, ())):
            if subscriber.offer(frame):
                delivered += 1
            else:
                logger.info("push: a stream of %s fell behind and is closed", key[0])
                self.unsubscribe(key, subscriber)
                subscriber.close()
        return delivered

    def resync_all(self) -> None:
        """Tell every stream that events may have been missed."""
        for key in list(self._streams):
            self.publish(key, RESYNC)


class Listener:
    """LISTEN on one PostgreSQL connection and hand each event to the hub; reconnects."""

    def __init__(self, hub: Hub, conninfo: str) -> None:
        self.hub = hub
        self.conninfo = conninfo
        self.connected = False

    def dispatch(self, payload: str) -> int:
        try:
            message = message_decode(payload)
        except ValueError:
            logger.warning("push: ignored a malformed notification")
            return 0
        frame = f"data: {message.event_json}\n\n".encode()
        return sum(self.hub.publish((message.schema, user), frame) for user in message.user_ids)

    async def run(self) -> None:
        delay = 0.5
        lost = False
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self.conninfo, autocommit=True
                ) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.connected = True
                    delay = 0.5
                    if lost:
                        self.hub.resync_all()
                    while True:
                        async for notify in conn.notifies(timeout=LISTEN_CHECK_SECONDS):
                            self.dispatch(notify.payload)
                        await conn.execute("SELECT 1")
            except asyncio.CancelledError:
                self.connected = False
                raise
            except Exception as error:  # any failure: log, wait, reconnect
                logger.warning("push: database connection lost (%s); reconnecting", error)
            self.connected = False
            lost = True
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECONNECT_MAX_SECONDS)


def database_conninfo() -> str:
    """libpq connection string of Django's default database (settings; no ORM)."""
    database = settings.DATABASES["default"]
    options = {
        key: value for key, value in database.get("OPTIONS", {}).items() if key not in NOT_LIBPQ
    }
    options["application_name"] = "truongso-push"
    params: dict[str, Any] = {
        "dbname": database.get("NAME"),
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
        "host": database.get("HOST"),
        "port": database.get("PORT"),
        **options,
    }
    return make_conninfo(**{key: value for key, value in params.items() if value not in (None, "")})


def allowed_origin(origin: str) -> str | None:
    """`origin` when it is a page of this platform (the root domain or a school), else None."""
    domain = settings.PLATFORM_DOMAIN.lower()
    parts = urlsplit(origin)
    host = (parts.hostname or "").lower()
    if parts.scheme in {"http", "https"} and (host == domain or host.endswith("." + domain)):
        return origin
    return None


class EventStream(Response):
    """The SSE response of one subscriber, closed on client disconnect or token expiry."""

    media_type = "text/event-stream"

    def __init__(self, hub: Hub, key: Key, expires: float, headers: dict[str, str]) -> None:
        # NOTE: not Response.__init__, which would send "Content-Length: 0" for the empty body.
        self.status_code = 200
        self.background = None
        self.init_headers(headers)
        self.hub, self.key, self.expires = hub, key, expires

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        subscriber = self.hub.subscribe(self.key)
        watcher = asyncio.ensure_future(_close_on_disconnect(receive, subscriber))
        try:
            await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
            await _send(send, HELLO)
            while True:
                remaining = self.expires - time.time()
                if remaining <= 0:
                    await _send(send, EXPIRED)
                    break
                try:
                    frame = await asyncio.wait_for(
                        subscriber.queue.get(), timeout=min(HEARTBEAT_SECONDS, remaining)
                    )
                except TimeoutError:
                    await _send(send, PING)
                    continue
                if frame is None:
                    break
                await _send(send, frame)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:
            pass  # the client went away mid-write
        finally:
            watcher.cancel()
            self.hub.unsubscribe(self.key, subscriber)


async def _send(send: Send, frame: bytes) -> None:
    await send({"type": "http.response.body", "body": frame, "more_body": True})


async def _close_on_disconnect(receive: Receive, subscriber: Subscriber) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
    subscriber.close()


def _cors(request: Request) -> dict[str, str]:
    origin = allowed_origin(request.headers.get("origin", ""))
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"} if origin else {}


async def events(request: Request) -> Response:
    hub: Hub = request.app.state.hub
    token = request.query_params.get("token", "")
    cors = _cors(request)
    try:
        claims = push_token_claims(token)
    except PushTokenError as error:
        return JSONResponse({"error": str(error)}, status_code=401, headers=cors)
    headers = {
        **cors,
        "Cache-Control": "no-store",
        # nginx: pass each event on at once instead of buffering the response.
        "X-Accel-Buffering": "no",
    }
    return EventStream(hub, (claims.schema, claims.user_id), claims.expires, headers)


async def healthz(request: Request) -> Response:
    listener: Listener = request.app.state.listener
    body = {"listening": listener.connected, "streams": len(request.app.state.hub)}
    return JSONResponse(body, status_code=200 if listener.connected else 503)


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    hub = Hub()
    listener = Listener(hub, database_conninfo())
    app.state.hub, app.state.listener = hub, listener
    task = asyncio.create_task(listener.run())
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


app = Starlette(
    routes=[
        Route("/push/events", events, methods=["GET"]),
        Route("/push/healthz", healthz, methods=["GET"]),
    ],
    lifespan=lifespan,
)
