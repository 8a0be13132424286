"""The Django side of live updates: a push token for the signed-in user of this school.

Runs inside the current school's schema (a school's host): the token names the schema the
request was routed to and the user signed in there, so it can only ever open that school's
stream for that user.
"""

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.http.request import split_domain_port
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from push.tokens import TOKEN_SECONDS, push_token


def stream_url(request: HttpRequest) -> str:
    """PUSH_URL for this request: "{host}" becomes the page's host name."""
    hostname, _port = split_domain_port(request.get_host())
    return settings.PUSH_URL.replace("{host}", hostname)


def live_page(request: HttpRequest) -> dict[str, Any]:
    """What a page needs to open its stream: the URL, a fresh token, when to renew it, and
    where to renew it (rendered as data attributes; static/js/live.js reads them)."""
    return {
        "url": stream_url(request),
        "token": push_token(connection.schema_name, request.user.pk),
        "expires_in": TOKEN_SECONDS,
        "token_url": reverse("push:token"),
    }


@never_cache
@require_GET
def token(request: HttpRequest) -> JsonResponse:
    """A fresh push token for the signed-in user (401 when signed out), with the stream URL."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "not signed in"}, status=401)
    live = live_page(request)
    return JsonResponse({"token": live["token"], "url": live["url"], "expires_in": TOKEN_SECONDS})
