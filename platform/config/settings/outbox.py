"""The notification outbox: where links point, quiet hours, retries, and the Zalo OA gateway."""

import datetime

from config.settings.env import env

# Links in e-mails, Zalo messages and web push open <scheme>://<school host><port><path>.
# Behind nginx with TLS: HTTPS=true and no port; `up` sets PUBLIC_PORT to its own port.
PUBLIC_SCHEME: str = "https" if env.bool("HTTPS", default=False) else "http"
PUBLIC_PORT: str = env.str("PUBLIC_PORT", default="")

# Outside channels stay silent between these hours (Hanoi time) unless the user sets their own.
NOTIFY_QUIET_FROM = datetime.time(21, 30)
NOTIFY_QUIET_UNTIL = datetime.time(6, 30)
# A failed delivery is tried again after 1, 2, 4, ... minutes, at most this many times.
NOTIFY_MAX_ATTEMPTS: int = env.int("NOTIFY_MAX_ATTEMPTS", default=8)

# Zalo Official Account: ZNS template messages (https://developers.zalo.me/docs/zalo-notification-service).
# The access token is the OA's; the template takes school, title, text and link.
ZALO_ZNS_URL: str = env.str(
    "ZALO_ZNS_URL", default="https://business.openapi.zalo.me/message/template"
)
ZALO_ACCESS_TOKEN: str = env.str("ZALO_ACCESS_TOKEN", default="")
ZALO_TEMPLATE_ID: str = env.str("ZALO_TEMPLATE_ID", default="")
ZALO_TIMEOUT_SECONDS: float = env.float("ZALO_TIMEOUT_SECONDS", default=10.0)
