"""Text messages (SMS): one function to send, a backend chosen by the SMS_BACKEND setting.

`send_sms(to, body, key=...)` hands the message to the backend named by SMS_BACKEND (a dotted
path, like Django's EMAIL_BACKEND) and returns the provider's reference:

- `config.sms.ConsoleBackend` (development, the default without SMS_URL) writes the message to
  standard output, so it shows in the `up` console;
- `config.sms.LocmemBackend` (tests) appends it to `config.sms.outbox`, like mail.outbox;
- `config.sms.HttpBackend` POSTs JSON to SMS_URL with SMS_API_KEY. `key` travels as the request
  id, so a retried send (a Celery retry after a timeout) is dropped by the gateway instead of
  reaching the phone twice.

Every backend raises `SmsError` when the message was not accepted. Phone numbers are
normalised to E.164 first (`normalise_phone`): Vietnamese mobile numbers only.
"""

import json
import re
import sys
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The message was not accepted by the backend (network, gateway or configuration)."""


@dataclass(frozen=True)
class SmsMessage:
    """One text message as the locmem backend keeps it."""

    to: str
    body: str
    key: str | None
    reference: str


class SmsBackend(Protocol):
    def send(self, to: str, body: str, *, key: str | None) -> str: ...


# The messages LocmemBackend "sent" (tests read and clear it, like django.core.mail.outbox).
outbox: list[SmsMessage] = []

# Vietnamese numbers after the country code: nine digits starting 3, 5, 7, 8 or 9 (mobile).
_NATIONAL = re.compile(r"[35789]\d{8}")


def normalise_phone(phone: str) -> str:
    """Return a Vietnamese mobile number in E.164 form: "0912 345 678" → "+84912345678".

    Accepts 0xxxxxxxxx, 84xxxxxxxxx and +84xxxxxxxxx with spaces, dots, dashes or brackets.
    Raises ValueError naming the number when it is anything else.
    """
    digits = re.sub(r"[\s.\-()]", "", phone or "")
    if digits.startswith("+84"):
        # "+84 0912 345 678": the trunk 0 written after the country code is dropped.
        national = digits[3:].removeprefix("0") if len(digits) == 13 else digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = ""
    if not _NATIONAL.fullmatch(national):
        raise ValueError(
            f"“{phone}” is not a Vietnamese mobile number: write it as 0912345678, "
            "84912345678 or +84912345678."
        )
    return f"+84{national}"


def send_sms(to: str, body: str, *, key: str | None = None) -> str:
    """Send `body` to the phone number `to` through the SMS_BACKEND; return its reference.

    `key` identifies the message for de-duplication: sending again with the same key is the
    same message. Raises ValueError for a number that is not a Vietnamese mobile number and
    SmsError when the backend does not accept the message.
    """
    number = normalise_phone(to)
    if not body.strip():
        raise SmsError("An SMS needs a text.")
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend.send(number, body, key=key)


class ConsoleBackend:
    """Development: the message goes to standard output (the `up` console), nothing is sent."""

    def send(self, to: str, body: str, *, key: str | None) -> str:
        reference = f"console-{uuid.uuid4().hex[:12]}"
        sys.stdout.write(f"\n----- SMS to {to} (key {key or '-'}) -----\n{body}\n-----\n")
        sys.stdout.flush()
        return reference


class LocmemBackend:
    """Tests: the message is appended to `config.sms.outbox`."""

    def send(self, to: str, body: str, *, key: str | None) -> str:
        reference = f"locmem-{len(outbox) + 1}"
        outbox.append(SmsMessage(to=to, body=body, key=key, reference=reference))
        return reference


class HttpBackend:
    """A real gateway: POST {"to", "text", "request_id"} as JSON to SMS_URL, authenticated
    with SMS_API_KEY; the gateway answers 2xx with {"id": ...} (its message reference)."""

    def send(self, to: str, body: str, *, key: str | None) -> str:
        if not settings.SMS_URL or not settings.SMS_API_KEY:
            raise SmsError("SMS_URL and SMS_API_KEY must be set to send text messages.")
        request_id = key or uuid.uuid4().hex
        request = urllib.request.Request(  # noqa: S310 - the URL is a setting, https in production
            settings.SMS_URL,
            data=json.dumps({"to": to, "text": body, "request_id": request_id}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_API_KEY}",
                "Idempotency-Key": request_id,
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=settings.SMS_TIMEOUT_SECONDS
            ) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as error:
            raise SmsError(f"the SMS gateway answered HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(f"the SMS gateway did not answer: {error}") from error
        except ValueError as error:
            raise SmsError("the SMS gateway answered something that is not JSON") from error
        reference = answer.get("id") if isinstance(answer, dict) else None
        if not reference:
            raise SmsError("the SMS gateway answered without a message id")
        return str(reference)
