"""Turning web push on and off in this browser (JSON, called by /static/js/pwa.js).

The browser subscribes with the platform's VAPID public key, then posts the subscription here.
Both endpoints take JSON, need the signed-in user and the CSRF token (X-CSRFToken header).
"""

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from core_school.notifications import push_subscriptions
from core_school.notifications.channels.webpush import webpush_enabled

# A subscription is well under 1 KB; refuse bigger bodies before parsing them.
MAX_BODY_BYTES = 4096


def _json_body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_BODY_BYTES:
        raise ApplicationError(_("The request is too large."))
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise ApplicationError(_("The request is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise ApplicationError(_("The request is not valid JSON."))
    return data


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"message": message}, status=status)


@never_cache
@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    """Store this browser's push subscription for the signed-in user."""
    if not request.user.is_authenticated:
        return _error(_("Sign in first."), 401)
    if not webpush_enabled():
        return _error(_("Notifications on phones are not set up on this platform."), 503)
    try:
        data = _json_body(request)
        keys = data.get("keys")
        keys = keys if isinstance(keys, dict) else {}
        push_subscriptions.push_subscription_save(
            user=request.user,  # type: ignore[arg-type]
            endpoint=data.get("endpoint"),
            p256dh=keys.get("p256dh"),
            auth=keys.get("auth"),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except ApplicationError as error:
        return JsonResponse({"message": error.message, "extra": error.extra}, status=400)
    return JsonResponse({"status": "subscribed"}, status=201)


@never_cache
@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    """Forget this browser's push subscription (only the signed-in user's own)."""
    if not request.user.is_authenticated:
        return _error(_("Sign in first."), 401)
    try:
        data = _json_body(request)
        removed = push_subscriptions.push_subscription_delete(
            user=request.user,  # type: ignore[arg-type]
            endpoint=data.get("endpoint"),
        )
    except ApplicationError as error:
        return JsonResponse({"message": error.message, "extra": error.extra}, status=400)
    return JsonResponse({"status": "unsubscribed", "removed": removed})
