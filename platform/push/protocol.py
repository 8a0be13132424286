"""What Django and the push server agree on: the NOTIFY channel and the payload's shape.

Payload (JSON, below PostgreSQL's 8000-byte limit): {"s": schema, "u": [user ids], "e": event}.
No Django import: the push server reads this without loading the ORM.
"""

import json
from dataclasses import dataclass
from typing import Any

CHANNEL = "truongso_push"
# PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; stay well below it.
PAYLOAD_LIMIT = 7900


@dataclass(frozen=True)
class PushMessage:
    """One decoded notification: the school, the users it is for, the event as JSON text."""

    schema: str
    user_ids: tuple[int, ...]
    event_json: str


def message_decode(payload: str) -> PushMessage:
    """Decode a NOTIFY payload; raise ValueError for anything not of the agreed shape."""
    data: Any = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("push payload is not an object")
    schema, users, event = data.get("s"), data.get("u"), data.get("e")
    if not isinstance(schema, str) or not schema:
        raise ValueError("push payload has no school")
    if not isinstance(users, list) or not all(
        isinstance(u, int) and not isinstance(u, bool) for u in users
    ):
        raise ValueError("push payload has no user list")
    if not isinstance(event, dict):
        raise ValueError("push payload has no event")
    return PushMessage(
        schema=schema,
        user_ids=tuple(users),
        event_json=json.dumps(event, separators=(",", ":"), ensure_ascii=True),
    )
