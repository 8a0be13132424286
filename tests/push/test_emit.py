"""push_emit: one NOTIFY per chunk of users, sent at commit only, naming the school."""

import json
from typing import Any

import psycopg
import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from push.emit import _payloads, push_emit
from push.protocol import PAYLOAD_LIMIT, message_decode
from tests.push.fixtures import Emit


class RollbackError(Exception):
    pass


def _received(listener: psycopg.Connection[Any], marker: int, wait: float = 1.0) -> list[dict]:
    payloads = [json.loads(n.payload) for n in listener.notifies(timeout=wait)]
    return [p for p in payloads if p["e"].get("pupil") == marker]


def test_push_emit_sends_once_at_commit(
    listener: psycopg.Connection[Any], emit_committed: Emit, marker: int
) -> None:
    # when
    emit_committed("school_caugiay", [7, 3, 7], {"kind": "marks", "pupil": marker})
    # then
    assert _received(listener, marker) == [
        {"s": "school_caugiay", "u": [3, 7], "e": {"kind": "marks", "pupil": marker}}
    ]


def test_push_emit_sends_nothing_when_the_change_is_rolled_back(
    listener: psycopg.Connection[Any], django_db_blocker: object, marker: int
) -> None:
    # when
    with django_db_blocker.unblock(), schema_context("school_caugiay"):  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                push_emit([7], {"kind": "marks", "pupil": marker})
                raise RollbackError
        except RollbackError:
            pass
    # then
    assert _received(listener, marker) == []


def test_push_emit_names_the_school_of_the_connection(
    listener: psycopg.Connection[Any], emit_committed: Emit, marker: int
) -> None:
    # when
    emit_committed("school_nghiatan", [7], {"kind": "note", "pupil": marker})
    # then
    assert [p["s"] for p in _received(listener, marker)] == ["school_nghiatan"]


def test_push_emit_with_no_user_sends_nothing(
    listener: psycopg.Connection[Any], emit_committed: Emit, marker: int
) -> None:
    # when
    emit_committed("school_caugiay", [], {"kind": "marks", "pupil": marker})
    # then
    assert _received(listener, marker) == []


def test_payloads_split_many_users_below_the_notify_limit() -> None:
    # given: a whole school's guardians
    users = list(range(1_000_000, 1_004_000))
    event = {"kind": "announcement", "pupil": None}
    # when
    payloads = list(_payloads("school_caugiay", users, event))
    # then
    assert len(payloads) > 1
    assert all(len(p.encode()) < PAYLOAD_LIMIT for p in payloads)
    assert [u for p in payloads for u in message_decode(p).user_ids] == users
    assert {message_decode(p).schema for p in payloads} == {"school_caugiay"}


def test_push_emit_refuses_an_event_too_large_to_send() -> None:
    # when / then
    with pytest.raises(ValueError, match="too large"):
        list(_payloads("school_caugiay", [1], {"kind": "x" * 8000}))
