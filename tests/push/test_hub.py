"""The push server's fan-out, without a network: keys, slow readers, malformed payloads."""

import json

import pytest

from push import server
from push.protocol import message_decode
from push.server import Hub, Listener


def _frames(subscriber: server.Subscriber) -> list[bytes | None]:
    frames = []
    while not subscriber.queue.empty():
        frames.append(subscriber.queue.get_nowait())
    return frames


def test_hub_delivers_by_school_and_user_only() -> None:
    # given: user 7 of two schools, user 8 of the first
    hub = Hub()
    a7, b7, a8 = hub.subscribe(("a", 7)), hub.subscribe(("b", 7)), hub.subscribe(("a", 8))
    # when
    delivered = Listener(hub, "").dispatch(
        json.dumps({"s": "a", "u": [7], "e": {"kind": "marks", "pupil": 1}})
    )
    # then
    assert delivered == 1
    assert _frames(a7) == [b'data: {"kind":"marks","pupil":1}\n\n']
    assert _frames(b7) == []
    assert _frames(a8) == []


def test_hub_closes_a_stream_that_falls_behind() -> None:
    # given
    hub = Hub()
    slow = hub.subscribe(("a", 7))
    for _ in range(server.QUEUE_SIZE):
        hub.publish(("a", 7), b"data: {}\n\n")
    # when
    delivered = hub.publish(("a", 7), b"data: {}\n\n")
    # then: its queue is emptied and ends the stream; it no longer counts
    assert delivered == 0
    assert _frames(slow) == [None]
    assert len(hub) == 0


def test_hub_keeps_a_bounded_number_of_streams_per_user() -> None:
    # given
    hub = Hub()
    oldest = hub.subscribe(("a", 7))
    for _ in range(server.STREAMS_PER_USER - 1):
        hub.subscribe(("a", 7))
    # when
    hub.subscribe(("a", 7))
    # then
    assert len(hub) == server.STREAMS_PER_USER
    assert _frames(oldest) == [None]


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        "[]",
        '{"u": [7], "e": {}}',
        '{"s": "a", "u": "7", "e": {}}',
        '{"s": "a", "u": [true], "e": {}}',
        '{"s": "a", "u": [7], "e": "marks"}',
    ],
)
def test_listener_ignores_a_malformed_notification(payload: str) -> None:
    # given
    hub = Hub()
    subscriber = hub.subscribe(("a", 7))
    # when
    delivered = Listener(hub, "").dispatch(payload)
    # then
    assert delivered == 0
    assert _frames(subscriber) == []


def test_message_decode_keeps_an_event_on_one_line() -> None:
    # given: text that would end an SSE frame and start a forged one, if sent raw
    payload = json.dumps({"s": "a", "u": [7], "e": {"kind": "x\n\ndata: forged"}})
    # when
    message = message_decode(payload)
    # then
    assert "\n" not in message.event_json
    assert json.loads(message.event_json) == {"kind": "x\n\ndata: forged"}
