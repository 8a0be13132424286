"""Notification channels: web push (VAPID keys, which push services we post to)."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import DATA_DIR, env

# ---------------------------------------------------------------------------------------------
# Web push (RFC 8030/8291/8292) through pywebpush.
# VAPID_PRIVATE_KEY: the application server's P-256 key, base64url of the raw 32-byte scalar
# (what `vapid --gen` and the web-push tools print) or of its DER encoding, or PEM.
# VAPID_PUBLIC_KEY: optional; derived from the private key, and refused if it does not match.
# ---------------------------------------------------------------------------------------------
_DEBUG: bool = env.bool("DJANGO_DEBUG", default=False)
_PLATFORM_DOMAIN: str = env.str("PLATFORM_DOMAIN", default="localhost")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _load_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            raw = _b64url_decode(text.replace("\n", ""))
            if len(raw) == 32:
                key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
            else:
                key = serialization.load_der_private_key(raw, password=None)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"VAPID_PRIVATE_KEY is not a P-256 private key: {error}"
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ImproperlyConfigured("VAPID_PRIVATE_KEY must be an elliptic-curve P-256 key.")
    return key


def _raw_private(key: ec.EllipticCurvePrivateKey) -> str:
    return _b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def _raw_public(key: ec.EllipticCurvePrivateKey) -> str:
    return _b64url(
        key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


def _vapid_keys() -> tuple[str, str]:
    """(private, public) as base64url raw keys; ("", "") when web push is off."""
    private = env.str("VAPID_PRIVATE_KEY", default="")
    if not private and (_DEBUG or not env.str("DATABASE_URL", default="")):
        # NOTE: like SECRET_KEY, the embedded installation (and development) generates its key
        # pair once beside its data: subscriptions made against it stay valid across restarts.
        # A real installation sets the keys: several web servers must share one pair.
        path = DATA_DIR / "vapid_private_key"
        if not path.exists():
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(_raw_private(ec.generate_private_key(ec.SECP256R1())))
            path.chmod(0o600)
        private = path.read_text()
    if not private:
        return "", ""
    key = _load_private_key(private)
    public = _raw_public(key)
    given = env.str("VAPID_PUBLIC_KEY", default="").strip().rstrip("=")
    if given and given != public:
        raise ImproperlyConfigured("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY.")
    return _raw_private(key), public


VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY = _vapid_keys()
# Who push services contact about our traffic (RFC 8292): a mailto: or https: URL.
VAPID_SUBJECT: str = env.str("VAPID_SUBJECT", default=f"mailto:no-reply@{_PLATFORM_DOMAIN}")
# How long a push service keeps a message for a phone that is off (seconds).
WEBPUSH_TTL: int = env.int("WEBPUSH_TTL", default=24 * 3600)
WEBPUSH_TIMEOUT: float = env.float("WEBPUSH_TIMEOUT", default=10.0)
# The push services a subscription may point at (host suffixes). The server posts to the
# endpoint a browser hands us, so only known push services are accepted, over https.
WEBPUSH_ENDPOINT_HOSTS: list[str] = env.list(
    "WEBPUSH_ENDPOINT_HOSTS",
    default=[
        "fcm.googleapis.com",  # Chrome, Edge on Android, Samsung Internet, Opera
        "updates.push.services.mozilla.com",  # Firefox
        "push.apple.com",  # Safari (web.push.apple.com)
        "notify.windows.com",  # Edge on Windows (wns2-*.notify.windows.com)
    ],
)
# Development only: accept http:// endpoints on any host (a local test push service).
WEBPUSH_ALLOW_INSECURE_ENDPOINTS: bool = _DEBUG
