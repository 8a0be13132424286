"""Zalo Official Account: ZNS template messages to the user's phone number.

POST ZALO_ZNS_URL with the OA's access token; the body names the template, the phone (84...),
the template's parameters and a `tracking_id` (the delivery's key). Zalo answers
{"error": 0, "data": {"msg_id": ...}} or a negative error code.
https://developers.zalo.me/docs/zalo-notification-service/gui-tin-zns/gui-zns
"""

import json
import urllib.error
import urllib.request

from django.conf import settings

from accounts.models import User
from config import sms
from core_school.notifications.channels.base import DeliveryError, OutgoingMessage

# Errors about the recipient, not the moment: retrying will not help.
# -108 invalid phone, -118 no Zalo account, -119 account cannot receive ZNS,
# -139 user refused the OA's messages. An invalid access token (-124) is retried: the OA's
# token is refreshed outside this adapter.
PERMANENT_ERRORS = frozenset({-108, -118, -119, -139})


class ZaloChannel:
    name = "zalo"

    def reaches(self, user: User) -> bool:
        return bool(user.phone and settings.ZALO_ACCESS_TOKEN and settings.ZALO_TEMPLATE_ID)

    def send(self, user: User, message: OutgoingMessage) -> str:
        try:
            phone = sms.normalise_phone(user.phone).removeprefix("+")
        except ValueError as error:
            raise DeliveryError(str(error), permanent=True) from error
        payload = {
            "phone": phone,
            "template_id": settings.ZALO_TEMPLATE_ID,
            "template_data": {
                "school": message.school_name[:100],
                "title": message.title[:100],
                "content": message.body[:400],
                "link": message.url,
            },
            "tracking_id": message.key,
        }
        request = urllib.request.Request(  # noqa: S310 - the URL is a setting, https in production
            settings.ZALO_ZNS_URL,
            data=json.dumps(payload).encode(),
            headers={
                "Content-Type": "application/json",
                "access_token": settings.ZALO_ACCESS_TOKEN,
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=settings.ZALO_TIMEOUT_SECONDS
            ) as response:
                answer = json.load(response)
        except (urllib.error.URLError, TimeoutError, ValueError, OSError) as error:
            raise DeliveryError(f"Zalo unreachable: {error}") from error
        code = answer.get("error")
        if code != 0:
            raise DeliveryError(
                f"Zalo error {code}: {answer.get('message', '')}",
                permanent=code in PERMANENT_ERRORS,
            )
        return str((answer.get("data") or {}).get("msg_id", ""))
