"""The inbox (every signed-in user of the school) and how each user wants to be told."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from core_school.notifications import selectors, services
from core_school.notifications.models import Preference

INBOX_SIZE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The latest notifications, unread first marked; opening the inbox does not mark them."""
    items = selectors.inbox_list(user=request.user, limit=INBOX_SIZE)  # type: ignore[arg-type]
    return render(
        request,
        "notifications/inbox.html",
        {"items": items, "unread": sum(item.read_at is None for item in items)},
    )


@login_required
@require_POST
def inbox_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (`id`) or all of them read."""
    ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
    services.inbox_mark_read(user=request.user, notification_ids=ids or None)  # type: ignore[arg-type]
    return redirect("notifications:inbox")


def _time(value: str) -> datetime.time | None:
    if not value:
        return None
    try:
        return datetime.time.fromisoformat(value)
    except ValueError as error:
        raise ApplicationError(
            _("“%(value)s” is not a time (hh:mm).") % {"value": value}, {"field": "quiet"}
        ) from error


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Channels, quiet hours and the digest."""
    preference = selectors.preference_get(user=request.user)  # type: ignore[arg-type]
    if request.method == "POST":
        try:
            services.preference_set(
                user=request.user,  # type: ignore[arg-type]
                email="email" in request.POST,
                webpush="webpush" in request.POST,
                zalo="zalo" in request.POST,
                sms="sms" in request.POST,
                quiet_from=_time(request.POST.get("quiet_from", "")),
                quiet_until=_time(request.POST.get("quiet_until", "")),
                digest=request.POST.get("digest", ""),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"preference": preference, "digest_choices": Preference.Digest.choices},
    )
