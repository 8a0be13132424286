"""The short-lived signed token a page opens its push stream with: school + user + expiry.

Signed with the platform's SECRET_KEY (django.core.signing, salt "push"), so only Django can
issue one, and only to a user signed in on that school's host (push.views). The push server
takes the school from here and nowhere else: never from the request's host or parameters.
"""

import time
from dataclasses import dataclass

from django.core import signing

SALT = "push"
# A stream lives until its token expires (the server then closes it), so a page renews its
# token before then; a signed-out user or a removed guardian stops receiving within this time.
TOKEN_SECONDS = 600


@dataclass(frozen=True)
class PushClaims:
    schema: str
    user_id: int
    expires: int  # Unix time


class PushTokenError(Exception):
    """The token is missing, altered, signed with another key, or expired."""


def push_token(schema_name: str, user_id: int, *, seconds: int = TOKEN_SECONDS) -> str:
    """Return a token for `user_id` of the school `schema_name`, valid `seconds`."""
    expires = int(time.time()) + seconds
    return signing.dumps({"s": schema_name, "u": int(user_id), "x": expires}, salt=SALT)


def push_token_verify(token: str) -> tuple[str, int]:
    """Return (schema_name, user_id) of a valid token; raise PushTokenError otherwise."""
    claims = push_token_claims(token)
    return claims.schema, claims.user_id


def push_token_claims(token: str) -> PushClaims:
    """Return what a valid token says; raise PushTokenError for an invalid or expired one."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise PushTokenError("invalid push token") from error
    if not isinstance(data, dict):
        raise PushTokenError("invalid push token")
    schema, user_id, expires = data.get("s"), data.get("u"), data.get("x")
    if not (
        isinstance(schema, str) and schema and isinstance(user_id, int) and isinstance(expires, int)
    ):
        raise PushTokenError("invalid push token")
    if expires <= time.time():
        raise PushTokenError("expired push token")
    return PushClaims(schema=schema, user_id=user_id, expires=expires)
