"""Invitation codes: eight digits derived from an invitation's random salt and the secret key.

The code is never stored. `invitation_code` derives it (HMAC-SHA256 under SECRET_KEY, bound to
the school's schema and the invitation's id), so the database alone reveals no code, a code of
one school means nothing on another school's host, and a delivery retried by the worker (or a
class list printed again) carries the same code. Sending again draws a new salt: the old code
stops working. Comparison is constant-time.
"""

import re
import secrets

from django.db import connection
from django.utils.crypto import constant_time_compare, salted_hmac

CODE_DIGITS = 8
_KEY_SALT = "core_school.invitations.code"


def new_salt() -> str:
    return secrets.token_hex(16)


def invitation_code(*, invitation_id: int, salt: str) -> str:
    """The code of the invitation `invitation_id` with salt `salt`, in the current schema."""
    digest = salted_hmac(
        _KEY_SALT, f"{connection.schema_name}:{invitation_id}:{salt}", algorithm="sha256"
    ).digest()
    number = int.from_bytes(digest[:8], "big") % 10**CODE_DIGITS
    return f"{number:0{CODE_DIGITS}d}"


def code_display(code: str) -> str:
    """Show "12345678" as "1234 5678", easier to read out and to type."""
    return f"{code[:4]} {code[4:]}"


def code_matches(*, invitation_id: int, salt: str, entered: str) -> bool:
    """True when `entered` (spaces and dashes allowed) is the invitation's code."""
    typed = re.sub(r"[\s\-.]", "", entered or "")
    return constant_time_compare(typed, invitation_code(invitation_id=invitation_id, salt=salt))
