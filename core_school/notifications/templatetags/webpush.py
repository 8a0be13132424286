"""{% webpush_toggle %}: "Receive notifications on this phone", switched by pwa.js."""

from typing import Any

from django import template
from django.conf import settings

from core_school.notifications.channels.webpush import webpush_enabled

register = template.Library()


@register.inclusion_tag("notifications/_webpush_toggle.html")
def webpush_toggle() -> dict[str, Any]:
    """Nothing when web push is not set up; otherwise a hidden form pwa.js reveals where the
    browser can receive push messages (no query: the browser knows whether it subscribed)."""
    return {"enabled": webpush_enabled(), "public_key": settings.VAPID_PUBLIC_KEY}
