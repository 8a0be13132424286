"""Web push subscriptions: a browser turns notifications on or off for the signed-in user.
Runs inside the current school's schema.

The browser hands us what `PushManager.subscribe()` returned: the push service's endpoint (the
server will POST to it) and the keys the payload is encrypted for. The endpoint must be an
https URL of a known push service (WEBPUSH_ENDPOINT_HOSTS; any host over http only in
development), so a signed-in user cannot make the platform post to an address of their choice.
"""

import base64
import binascii
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from config.errors import ApplicationError
from core_school.notifications.models import PushSubscription

ENDPOINT_MAX_LENGTH: int = PushSubscription._meta.get_field("endpoint").max_length  # type: ignore[assignment]
P256DH_MAX_LENGTH: int = PushSubscription._meta.get_field("p256dh").max_length  # type: ignore[assignment]
AUTH_MAX_LENGTH: int = PushSubscription._meta.get_field("auth").max_length  # type: ignore[assignment]
USER_AGENT_MAX_LENGTH: int = PushSubscription._meta.get_field("user_agent").max_length  # type: ignore[assignment]
AUTH_SECRET_BYTES = 16  # RFC 8291 §3.2


class PushSubscriptionError(ApplicationError):
    pass


def _b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return b""


def _host_allowed(host: str) -> bool:
    return any(
        host == allowed or host.endswith("." + allowed)
        for allowed in (
            entry.strip().lower().lstrip(".") for entry in settings.WEBPUSH_ENDPOINT_HOSTS
        )
        if allowed
    )


def endpoint_clean(endpoint: object) -> str:
    """The endpoint if the platform may post to it; PushSubscriptionError otherwise."""
    if not isinstance(endpoint, str) or not endpoint.strip():
        raise PushSubscriptionError(_("The browser sent no push address."), {"field": "endpoint"})
    endpoint = endpoint.strip()
    if len(endpoint) > ENDPOINT_MAX_LENGTH:
        raise PushSubscriptionError(
            _("The push address is longer than %(n)s characters.") % {"n": ENDPOINT_MAX_LENGTH},
            {"field": "endpoint"},
        )
    insecure = settings.WEBPUSH_ALLOW_INSECURE_ENDPOINTS
    try:
        URLValidator(schemes=["http", "https"] if insecure else ["https"])(endpoint)
    except ValidationError:
        raise PushSubscriptionError(
            _("The push address must be an https:// address."), {"field": "endpoint"}
        ) from None
    host = (urlsplit(endpoint).hostname or "").lower()
    if not insecure and not _host_allowed(host):
        raise PushSubscriptionError(
            _("%(host)s is not a push service this platform sends to.") % {"host": host},
            {"field": "endpoint"},
        )
    return endpoint


def keys_clean(p256dh: object, auth: object) -> tuple[str, str]:
    """The subscription's public key (a P-256 point) and auth secret (16 bytes), base64url."""
    if not isinstance(p256dh, str) or len(p256dh) > P256DH_MAX_LENGTH:
        raise PushSubscriptionError(_("The browser's push key is missing."), {"field": "p256dh"})
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _b64url_decode(p256dh))
    except ValueError:
        raise PushSubscriptionError(
            _("The browser's push key is not a valid key."), {"field": "p256dh"}
        ) from None
    if (
        not isinstance(auth, str)
        or len(auth) > AUTH_MAX_LENGTH
        or len(_b64url_decode(auth)) != AUTH_SECRET_BYTES
    ):
        raise PushSubscriptionError(_("The browser's push secret is not valid."), {"field": "auth"})
    return p256dh.rstrip("="), auth.rstrip("=")


@transaction.atomic
def push_subscription_save(
    *, user: User, endpoint: object, p256dh: object, auth: object, user_agent: str = ""
) -> PushSubscription:
    """Turn web push on for `user` in one browser (the endpoint identifies it).

    A browser has one subscription per site whoever is signed in: when another user of the
    school turns notifications on in the same browser, the subscription moves to them.
    Raises PushSubscriptionError for an address or keys the platform cannot use.
    """
    endpoint = endpoint_clean(endpoint)
    p256dh, auth = keys_clean(p256dh, auth)
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": user,
            "p256dh": p256dh,
            "auth": auth,
            "user_agent": user_agent[:USER_AGENT_MAX_LENGTH],
        },
    )
    return subscription


@transaction.atomic
def push_subscription_delete(*, user: User, endpoint: object) -> bool:
    """Turn web push off in one browser; only the user's own subscription. Whether one was
    removed (turning off twice is not an error)."""
    if not isinstance(endpoint, str) or not endpoint:
        raise PushSubscriptionError(_("The browser sent no push address."), {"field": "endpoint"})
    deleted, _by_model = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted > 0
