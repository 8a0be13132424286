"""Send a live event to users' open pages. Runs inside the current school's schema.

`push_emit` queues a PostgreSQL NOTIFY on the current connection, in the caller's transaction:
PostgreSQL delivers it only at commit, so a change that is rolled back pushes nothing and a
committed one pushes once. The payload names the school (the connection's schema), the users
and a small event; the push server (push.server) relays it to those users' open streams of
that school only.
"""

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

from push.protocol import CHANNEL, PAYLOAD_LIMIT


def push_emit(user_ids: Iterable[int], event: dict[str, Any]) -> None:
    """Push `event` to the open pages of `user_ids` in the current school, after commit.

    `event` is small and holds no personal data, e.g. {"kind": "marks", "pupil": 123}: the page
    fetches what changed itself, with the family's own session. Users are split over several
    notifications when one would be too long. Raises ValueError for an event too large to send.
    """
    users = sorted({int(user_id) for user_id in user_ids})
    if not users:
        return
    schema = connection.schema_name
    payloads = list(_payloads(schema, users, event))
    with connection.cursor() as cursor:
        for payload in payloads:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])


def _payloads(schema: str, users: Sequence[int], event: dict[str, Any]) -> Iterable[str]:
    """The JSON payloads for `users`, each below PAYLOAD_LIMIT bytes."""
    head = json.dumps({"s": schema, "u": [], "e": event}, separators=(",", ":"))
    room = PAYLOAD_LIMIT - len(head.encode())
    if room < 32:
        raise ValueError(f"push event too large: {len(head.encode())} bytes")
    chunk: list[int] = []
    size = 0
    for user in users:
        extra = len(str(user)) + (1 if chunk else 0)
        if chunk and size + extra > room:
            yield _payload(schema, chunk, event)
            chunk, size = [], 0
            extra = len(str(user))
        chunk.append(user)
        size += extra
    yield _payload(schema, chunk, event)


def _payload(schema: str, users: list[int], event: dict[str, Any]) -> str:
    return json.dumps({"s": schema, "u": users, "e": event}, separators=(",", ":"))
