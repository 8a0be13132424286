"""{% pwa_head %}: the manifest, theme colour and pwa.js in the <head> of a school's pages."""

from typing import Any

from django import template
from django.core.signing import salted_hmac
from django.db import connection

from core_school.portal.pwa import THEME_COLOR

register = template.Library()


def user_marker(user: Any) -> str:
    """An opaque, stable name for the signed-in user on this host ("" when anonymous): pwa.js
    drops the pages kept on the phone when it changes. Not the user id itself."""
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac("truongso.pwa.user", f"{connection.schema_name}:{user.pk}").hexdigest()[:20]


@register.inclusion_tag("pwa/_head.html", takes_context=True)
def pwa_head(context: template.Context) -> dict[str, Any]:
    """The portal is installable on a school's host, for families and before signing in. Staff
    pages get the theme colour only: no service worker script on the gradebook."""
    request = context.get("request")
    user = getattr(request, "user", None)
    on_school = context.get("school") is not None
    is_staff_only = bool(context.get("is_school_staff")) and not context.get("is_family")
    return {
        "theme_color": THEME_COLOR,
        "installable": on_school and not is_staff_only,
        "user_marker": user_marker(user),
    }
