"""Web push (RFC 8030) to every browser the user turned notifications on in, via pywebpush.

The payload is encrypted for each subscription (RFC 8291, aes128gcm) and signed with the
platform's VAPID key (RFC 8292). Headers: `TTL` (how long the push service keeps the message
for a phone that is off), `Topic` (the delivery's key: a retried delivery replaces the pending
copy at the push service instead of arriving twice) and `Urgency` (high for absences, which
wakes a phone in battery saving). The service worker (`/sw.js`) shows the notification and
opens its link when tapped.
"""

import base64
import hashlib
import json
import logging
import re
import uuid
from typing import cast

import requests
from django.conf import settings
from pywebpush import WebPushException, webpush

from accounts.models import User
from core_school.notifications.channels.base import DeliveryError, OutgoingMessage
from core_school.notifications.models import Kind, PushSubscription

logger = logging.getLogger(__name__)

# The subscription no longer exists at the push service (the user revoked the permission,
# cleared the browser, or the subscription expired): forget it.
GONE_STATUSES = frozenset({404, 410})
# The request itself is wrong for this subscription (bad payload, a VAPID key the subscription
# was not made with, too large): sending it again will not help, but the subscription may
# still work for other messages, so it is kept.
REFUSED_STATUSES = frozenset({400, 401, 403, 413})
URGENT_KINDS = frozenset({Kind.ABSENCE})
TOPIC_LENGTH = 32  # RFC 8030 §5.4: at most 32 characters of the URL-safe base64 alphabet
REFERENCE_LENGTH = 200  # Delivery.provider_ref


def push_topic(key: str) -> str:
    """The RFC 8030 Topic for a delivery key: its UUID as 32 hex digits, or a digest of it."""
    try:
        return uuid.UUID(key).hex
    except ValueError:
        pass
    if re.fullmatch(r"[A-Za-z0-9_-]{1,32}", key):
        return key
    digest = hashlib.sha256(key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()[:TOPIC_LENGTH]


def push_payload(message: OutgoingMessage) -> str:
    """What the service worker receives: the notification's title, text and link."""
    return json.dumps(
        {"title": message.title, "body": message.body, "url": message.url},
        ensure_ascii=False,
    )


def webpush_enabled() -> bool:
    return bool(settings.VAPID_PRIVATE_KEY and settings.VAPID_PUBLIC_KEY)


class WebPushChannel:
    name = "webpush"

    def reaches(self, user: User) -> bool:
        return webpush_enabled() and PushSubscription.objects.filter(user=user).exists()

    def send(self, user: User, message: OutgoingMessage) -> str:
        """Push `message` to each of the user's subscriptions.

        One push service that accepts counts as delivered: a retry would repeat the message
        on the phones that already showed it. Subscriptions the push service says are gone
        (404, 410) are deleted; when none is left the error is permanent. Other failures
        (5xx, 429, the network) are retried by the outbox.
        """
        if not webpush_enabled():
            raise DeliveryError("web push is not configured (VAPID keys)", permanent=True)
        subscriptions = list(PushSubscription.objects.filter(user=user).order_by("pk"))
        if not subscriptions:
            raise DeliveryError("no web push subscription", permanent=True)
        headers = {
            "Topic": push_topic(message.key),
            "Urgency": "high" if message.kind in URGENT_KINDS else "normal",
        }
        data = push_payload(message)
        references: list[str] = []
        gone: list[int] = []
        retryable: list[str] = []
        refused: list[str] = []
        with requests.Session() as session:
            for subscription in subscriptions:
                try:
                    response = webpush(
                        subscription_info={
                            "endpoint": subscription.endpoint,
                            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                        },
                        data=data,
                        vapid_private_key=settings.VAPID_PRIVATE_KEY,
                        # A fresh dict each time: pywebpush writes `aud` and `exp` into it.
                        vapid_claims={"sub": settings.VAPID_SUBJECT},
                        ttl=settings.WEBPUSH_TTL,
                        headers=dict(headers),
                        timeout=settings.WEBPUSH_TIMEOUT,
                        requests_session=session,
                    )
                except WebPushException as error:
                    status = error.status_code
                    reason = f"push service answered {status}" if status else str(error.message)
                    if status in GONE_STATUSES:
                        gone.append(subscription.pk)
                    elif status is None or status in REFUSED_STATUSES:
                        # None: refused before sending (the subscription's keys are unusable).
                        refused.append(reason)
                    else:
                        retryable.append(reason)
                    logger.info("web push to subscription %s failed: %s", subscription.pk, reason)
                except (requests.RequestException, OSError) as error:
                    retryable.append(f"push service unreachable: {type(error).__name__}")
                else:
                    location = cast(requests.Response, response).headers.get("Location", "")
                    references.append(location or "accepted")
        if gone:
            PushSubscription.objects.filter(pk__in=gone).delete()
        if references:
            return " ".join(references)[:REFERENCE_LENGTH]
        if retryable:
            raise DeliveryError("; ".join(retryable))
        if refused:
            raise DeliveryError("; ".join(refused), permanent=True)
        raise DeliveryError("every web push subscription is gone", permanent=True)
