"""The push server, as a real process: who receives what, and what it refuses."""

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from push.tokens import push_token
from tests.processes import test_database_url
from tests.push.fixtures import Emit
from tests.push.sse import SseStream

# Starts the push server (or a Python process) for real.
pytestmark = pytest.mark.slow
A, B = "school_caugiay", "school_nghiatan"
QUIET_SECONDS = 1.0


@pytest.fixture
def streams(push_server: str) -> Iterator[list[SseStream]]:
    """Streams opened by a test, closed after it."""
    opened: list[SseStream] = []
    yield opened
    for stream in opened:
        stream.close()


def _open(push_server: str, streams: list[SseStream], schema: str, user: int) -> SseStream:
    stream = SseStream(push_server, push_token(schema, user))
    streams.append(stream)
    stream.wait_hello()
    return stream


def test_stream_receives_an_event_for_its_school_and_user(
    push_server: str,
    streams: list[SseStream],
    emit_committed: Emit,
    marker: int,
) -> None:
    # given
    stream = _open(push_server, streams, A, 7)
    # when
    emit_committed(A, [7, 8], {"kind": "marks", "pupil": marker})
    event = stream.next_event(timeout=5)
    # then
    assert event is not None
    assert event.event == "message"
    assert event.json() == {"kind": "marks", "pupil": marker}


def test_every_open_page_of_the_user_receives_the_event(
    push_server: str,
    streams: list[SseStream],
    emit_committed: Emit,
    marker: int,
) -> None:
    # given: the same guardian on a phone and a laptop
    phone = _open(push_server, streams, A, 7)
    laptop = _open(push_server, streams, A, 7)
    # when
    emit_committed(A, [7], {"kind": "note", "pupil": marker})
    # then
    for stream in (phone, laptop):
        event = stream.next_event(timeout=5)
        assert event is not None
        assert event.json() == {"kind": "note", "pupil": marker}


def test_another_user_of_the_school_receives_nothing(
    push_server: str,
    streams: list[SseStream],
    emit_committed: Emit,
    marker: int,
) -> None:
    # given
    addressed = _open(push_server, streams, A, 7)
    other = _open(push_server, streams, A, 9)
    # when
    emit_committed(A, [7], {"kind": "absence", "pupil": marker})
    # then
    assert addressed.next_event(timeout=5) is not None
    assert other.next_event(timeout=QUIET_SECONDS) is None


@pytest.mark.parametrize(
    "token",
    ["", "garbage", push_token(A, 7)[:-3] + "abc"],
    ids=["missing", "garbage", "bad-signature"],
)
def test_stream_refuses_an_invalid_token(push_server: str, token: str) -> None:
    # when
    stream = SseStream(push_server, token)
    # then
    assert stream.status == 401
    assert json.loads(stream.body)["error"] == "invalid push token"


def test_stream_refuses_an_expired_token(push_server: str) -> None:
    # when
    stream = SseStream(push_server, push_token(A, 7, seconds=-1))
    # then
    assert stream.status == 401
    assert json.loads(stream.body)["error"] == "expired push token"


def test_stream_ends_when_its_token_expires(push_server: str, streams: list[SseStream]) -> None:
    # given
    stream = SseStream(push_server, push_token(A, 7, seconds=2))
    streams.append(stream)
    stream.wait_hello()
    # when
    event = stream.next_event(timeout=5)
    end = stream.next_event(timeout=2)
    # then
    assert event is not None
    assert event.event == "expired"
    assert end is None


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://caugiay.localhost:8000", True),
        ("https://localhost", True),
        ("http://evil.example", False),
        ("http://caugiay.localhost.evil.example", False),
    ],
)
def test_stream_allows_only_the_platforms_pages_cross_origin(
    push_server: str,
    streams: list[SseStream],
    origin: str,
    allowed: bool,
) -> None:
    # when
    stream = SseStream(push_server, push_token(A, 7), origin=origin)
    streams.append(stream)
    # then
    assert stream.status == 200
    assert stream.response.getheader("Access-Control-Allow-Origin") == (origin if allowed else None)
    assert stream.response.getheader("Content-Type") == "text/event-stream; charset=utf-8"
    assert stream.response.getheader("X-Accel-Buffering") == "no"


def test_healthz_reports_the_listening_connection(push_server: str) -> None:
    # when
    with urllib.request.urlopen(f"{push_server}/push/healthz", timeout=5) as response:  # noqa: S310
        body = json.load(response)
    # then
    assert response.status == 200
    assert body["listening"] is True


def test_unknown_path_is_not_found(push_server: str) -> None:
    # when
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{push_server}/push/other", timeout=5)  # noqa: S310
    error.value.close()
    # then
    assert error.value.code == 404


def test_stream_is_told_to_resync_after_the_database_connection_is_lost(
    push_server: str,
    streams: list[SseStream],
    emit_committed: Emit,
    django_db_blocker: object,
    marker: int,
) -> None:
    # given
    stream = _open(push_server, streams, A, 7)
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        url = test_database_url()
    # when: the server's LISTEN connection is killed (a database restart, a network cut)
    with psycopg.connect(url, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'truongso-push' AND datname = current_database()"
        ).fetchone()
    resync = stream.next_event(timeout=10)
    emit_committed(A, [7], {"kind": "marks", "pupil": marker})
    after = stream.next_event(timeout=5)
    # then: the page is told to re-read, and events flow again
    assert killed == (1,)
    assert resync is not None
    assert resync.event == "resync"
    assert after is not None
    assert after.json() == {"kind": "marks", "pupil": marker}


def _wait_streams(push_server: str, count: int) -> dict[str, Any]:
    deadline = time.monotonic() + 5
    while True:
        with urllib.request.urlopen(f"{push_server}/push/healthz", timeout=5) as response:  # noqa: S310
            body = json.load(response)
        if body["streams"] == count or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


def test_a_closed_page_leaves_no_stream_behind(push_server: str) -> None:
    # given
    before = _wait_streams(push_server, 0)["streams"]
    stream = SseStream(push_server, push_token(A, 7))
    stream.wait_hello()
    opened = _wait_streams(push_server, before + 1)["streams"]
    # when
    stream.close()
    closed = _wait_streams(push_server, before)["streams"]
    # then
    assert opened == before + 1
    assert closed == before
