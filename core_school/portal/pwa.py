"""The family portal as an installable app (PWA): the web app manifest of the school's host,
the service worker at the root scope, and the page it shows when the phone is offline.

None of these depend on who is signed in: the service worker and the offline page are cached on
the phone and must never carry one user's data to the next (see static/js/pwa.js for how
cached pages are dropped on sign-out and when another user signs in).
"""

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# The brand colour of platform/static/css/site.css (--brand): the phone's status bar and the
# splash screen match the site's top bar.
THEME_COLOR = "#0b6e4f"
BACKGROUND_COLOR = "#f6f8fa"  # --bg
START_URL = "/family/"
BRAND = "Trường Số"
# What the service worker keeps on the phone at install: enough to draw the offline page and
# the notifications. Pages themselves are cached as they are visited (network first).
PRECACHE = (
    "css/site.css",
    "js/pwa.js",
    "icons/icon-192.png",
    "icons/badge-96.png",
)
ICONS = (
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-192.png", "192x192", "maskable"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
)
# Under the icon on a home screen there is room for about 12 characters.
SHORT_NAME_LENGTH = 12
SCHOOL_PREFIXES = ("Trường ",)
LEVEL_PREFIXES = ("THCS ", "THPT ", "TH ", "MN ", "PTCS ", "PTTH ", "TH&THCS ", "THCS&THPT ")


def short_name(name: str) -> str:
    """The school's name for a home screen: "THCS Cầu Giấy" → "Cầu Giấy" when too long."""
    for prefix in SCHOOL_PREFIXES:
        name = name.removeprefix(prefix)
    if len(name) <= SHORT_NAME_LENGTH:
        return name
    for prefix in LEVEL_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name.removeprefix(prefix)
    return name


def _school_name(request: HttpRequest) -> str:
    tenant = getattr(request, "tenant", None) or connection.tenant
    return str(getattr(tenant, "name", "") or BRAND)


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest of this school's portal (its name, icons and colours)."""
    name = _school_name(request)
    data = {
        "id": START_URL,
        "name": f"{name} — {BRAND}",
        "short_name": short_name(name),
        "description": _("Your children's marks, attendance and school news."),
        "lang": request.LANGUAGE_CODE,
        "dir": "ltr",
        "start_url": START_URL,
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOR,
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=86400"
    response["Vary"] = "Accept-Language, Cookie"
    return response


def _content_fingerprint() -> str:
    """Changes whenever a precached file or the worker's code changes, so that phones install
    the new worker and drop the old caches (unhashed file names in development)."""
    digest = hashlib.sha256()
    for path in PRECACHE:
        digest.update(static(path).encode())
        found = finders.find(path)
        if isinstance(found, str):
            digest.update(Path(found).read_bytes())
    return digest.hexdigest()[:16]


_cached_fingerprint = functools.cache(_content_fingerprint)


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js: served from the root so that its scope is the whole site."""
    fingerprint = _content_fingerprint() if settings.DEBUG else _cached_fingerprint()
    config = {
        "precache": [static(path) for path in PRECACHE],
        "offline": reverse("pwa:offline"),
        "static": settings.STATIC_URL,
        "pages": START_URL,
        "icon": static("icons/icon-192.png"),
        "badge": static("icons/badge-96.png"),
        "title": _school_name(request),
    }
    body = render_to_string("pwa/sw.js", {"config": json.dumps(config, ensure_ascii=False)})
    version = hashlib.sha256((fingerprint + body).encode()).hexdigest()[:16]
    response = HttpResponse(
        body.replace("__VERSION__", version), content_type="text/javascript; charset=utf-8"
    )
    # The browser checks for a new worker on each visit; it must not take one from a cache.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the portal shows when the phone is offline and the page was not kept."""
    # NOTE: rendered without the request (no context processors: no user, no session, no CSRF
    # token): the service worker stores this response on the phone for whoever uses it next.
    response = HttpResponse(
        render_to_string("pwa/offline.html", {"start_url": START_URL, "theme_color": THEME_COLOR})
    )
    response["Cache-Control"] = "no-cache"
    return response
