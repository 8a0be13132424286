"""The portal as an installable app: manifest, service worker, offline page, and the <head>."""

import io
import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django_tenants.utils import tenant_context
from PIL import Image

from accounts.models import User
from core_school.portal import pwa
from core_school.portal.templatetags.pwa import user_marker
from tenants.models import School
from tests.conftest import host_of
from tests.core_school.portal.conftest import signed_in

REPO_ROOT = Path(__file__).resolve().parents[3]
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _head(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return html[: html.index("</head>")]


def _static_bytes(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.getvalue()  # type: ignore[no-any-return]


# --- manifest -----------------------------------------------------------------------------


def test_manifest_names_the_school_and_opens_the_family_portal(client_a: Client) -> None:
    # when
    response = client_a.get("/manifest.webmanifest")
    manifest = json.loads(response.content)
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["name"] == "THCS Cầu Giấy — Trường Số"
    assert manifest["short_name"] == "Cầu Giấy"
    assert manifest["start_url"] == "/family/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == pwa.THEME_COLOR


def test_manifest_of_each_school_carries_its_own_name(client_b: Client) -> None:
    manifest = json.loads(client_b.get("/manifest.webmanifest").content)
    assert manifest["name"] == "THCS Nghĩa Tân — Trường Số"


def test_manifest_theme_colour_is_the_brand_colour_of_the_stylesheet() -> None:
    css = (REPO_ROOT / "platform" / "static" / "css" / "site.css").read_text()
    assert re.search(r"--brand:\s*" + re.escape(pwa.THEME_COLOR) + ";", css)


@pytest.mark.parametrize(
    ("size", "purpose"), [(192, "any"), (512, "any"), (192, "maskable"), (512, "maskable")]
)
def test_manifest_icons_are_served_pngs_of_their_size(
    size: int, purpose: str, client_a: Client
) -> None:
    # given
    icons = json.loads(client_a.get("/manifest.webmanifest").content)["icons"]
    (icon,) = [i for i in icons if i["sizes"] == f"{size}x{size}" and i["purpose"] == purpose]
    # when
    image = Image.open(io.BytesIO(_static_bytes(client_a, icon["src"])))
    # then
    assert icon["type"] == "image/png"
    assert image.format == "PNG"
    assert image.size == (size, size)


def test_maskable_icon_fills_its_square_and_the_other_has_rounded_corners(
    client_a: Client,
) -> None:
    maskable = Image.open(
        io.BytesIO(_static_bytes(client_a, "/static/icons/icon-maskable-512.png"))
    )
    rounded = Image.open(io.BytesIO(_static_bytes(client_a, "/static/icons/icon-512.png")))
    assert maskable.convert("RGBA").getpixel((0, 0))[3] == 255
    assert rounded.convert("RGBA").getpixel((0, 0))[3] == 0


def test_manifest_is_not_served_on_the_operators_site(public_client: Client) -> None:
    assert public_client.get("/manifest.webmanifest").status_code == 404


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("THCS Cầu Giấy", "Cầu Giấy"),
        ("THCS Ba Đình", "THCS Ba Đình"),
        ("Trường THPT Chu Văn An", "Chu Văn An"),
        ("Trường Tiểu học Dịch Vọng A", "Tiểu học Dịch Vọng A"),
    ],
)
def test_short_name_drops_the_school_level_when_the_name_is_long(name: str, short: str) -> None:
    assert pwa.short_name(name) == short


# --- service worker ----------------------------------------------------------------------------


def test_service_worker_is_served_from_the_root_and_never_from_a_cache(client_a: Client) -> None:
    response = client_a.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"


def test_service_worker_precaches_the_assets_and_the_offline_page(client_a: Client) -> None:
    # when
    body = client_a.get("/sw.js").content.decode()
    config = json.loads(re.search(r"var CONFIG = (\{.*?\});", body).group(1))  # type: ignore[union-attr]
    # then
    assert config["precache"] == [
        "/static/css/site.css",
        "/static/js/pwa.js",
        "/static/icons/icon-192.png",
        "/static/icons/badge-96.png",
    ]
    assert config["offline"] == "/offline/"
    assert config["title"] == "THCS Cầu Giấy"
    assert "__VERSION__" not in body
    assert re.search(r'"truongso-static-[0-9a-f]{16}"', body)


def test_service_worker_shows_push_messages_and_opens_their_link(client_a: Client) -> None:
    body = client_a.get("/sw.js").content.decode()
    assert 'addEventListener("push"' in body
    assert "showNotification(" in body
    assert 'addEventListener("notificationclick"' in body
    assert "openWindow(" in body


def test_service_worker_version_changes_with_a_precached_file(
    client_a: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    before = client_a.get("/sw.js").content.decode()
    monkeypatch.setattr(pwa, "PRECACHE", (*pwa.PRECACHE, "icons/icon-512.png"))
    monkeypatch.setattr(pwa, "_cached_fingerprint", pwa._content_fingerprint)
    # when
    after = client_a.get("/sw.js").content.decode()
    # then
    version = re.compile(r"truongso-static-([0-9a-f]{16})")
    assert version.search(before).group(1) != version.search(after).group(1)  # type: ignore[union-attr]


def test_service_worker_is_the_same_for_every_user(school_a: School, client_a: Client) -> None:
    anonymous = client_a.get("/sw.js").content
    parent = signed_in(Client(HTTP_HOST=host_of(school_a)), school_a, "phuhuynh")
    assert parent.get("/sw.js").content == anonymous


# --- offline page ------------------------------------------------------------------------------


def test_offline_page_says_the_phone_is_offline(client_a: Client) -> None:
    response = client_a.get("/offline/", **ENGLISH)
    html = response.content.decode()
    assert response.status_code == 200
    assert "You are offline" in html
    assert 'data-testid="offline"' in html
    assert 'href="/family/"' in html


def test_offline_page_carries_nothing_of_the_signed_in_user(
    school_a: School, client_a: Client
) -> None:
    # given
    parent = signed_in(client_a, school_a, "phuhuynh")
    with tenant_context(school_a):
        name = User.objects.get(username="phuhuynh").full_name
    # when
    html = parent.get("/offline/").content.decode()
    # then
    assert name not in html
    assert "csrfmiddlewaretoken" not in html
    assert "<script" not in html


# --- queries ---------------------------------------------------------------------------------

# The host's school (SET search_path + the domain lookup) and nothing else, signed in or not:
# none of these reads the session or the user.
PWA_QUERIES = 2


@pytest.mark.parametrize("url", ["/manifest.webmanifest", "/sw.js", "/offline/"])
def test_pwa_files_read_nothing_but_the_school(
    url: str, parent: Client, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(PWA_QUERIES):  # type: ignore[operator]
        assert parent.get(url).status_code == 200


# --- the <head> of pages ------------------------------------------------------------------------


def test_family_pages_link_the_manifest_and_load_pwa_js(parent: Client) -> None:
    head = _head(parent.get("/family/"))
    assert '<link rel="manifest" href="/manifest.webmanifest">' in head
    assert f'<meta name="theme-color" content="{pwa.THEME_COLOR}">' in head
    assert re.search(r'<script src="/static/js/pwa\.js" defer [^>]*data-user="[0-9a-f]{20}"', head)


def test_sign_in_page_loads_pwa_js_with_no_user(client_a: Client) -> None:
    head = _head(client_a.get("/accounts/login/"))
    assert 'rel="manifest"' in head
    assert 'data-user=""' in head


def test_staff_pages_have_the_theme_colour_but_no_service_worker(
    school_a: School, client_a: Client
) -> None:
    teacher = signed_in(client_a, school_a, "giaovien")
    head = _head(teacher.get("/marks/"))
    assert "theme-color" in head
    assert "pwa.js" not in head
    assert 'rel="manifest"' not in head


def test_operators_site_is_not_installable(public_client: Client) -> None:
    head = _head(public_client.get("/accounts/login/"))
    assert "pwa.js" not in head
    assert 'rel="manifest"' not in head


def test_user_marker_is_opaque_and_differs_between_users_and_schools(
    school_a: School, school_b: School
) -> None:
    # given: the same username (and primary key) in both schools
    with tenant_context(school_a):
        parent_a = User.objects.get(username="phuhuynh")
        marker_a = user_marker(parent_a)
        pupil_marker = user_marker(User.objects.get(username="hocsinh"))
    with tenant_context(school_b):
        marker_b = user_marker(User.objects.get(pk=parent_a.pk))
    # then
    assert len({marker_a, marker_b, pupil_marker}) == 3
    assert str(parent_a.pk) != marker_a
    assert user_marker(None) == ""


# --- the push toggle ---------------------------------------------------------------------------


def test_family_landing_has_the_push_toggle_when_web_push_is_set_up(
    parent: Client, settings: object
) -> None:
    # given
    settings.VAPID_PRIVATE_KEY = "x"  # type: ignore[attr-defined]
    settings.VAPID_PUBLIC_KEY = "BPublicKey"  # type: ignore[attr-defined]
    # when
    html = parent.get("/family/", **ENGLISH).content.decode()
    # then
    toggle = re.search(r'<form [^>]*data-testid="push-toggle"[^>]*>', html, re.S)
    assert toggle is not None
    assert " hidden" in toggle.group(0)  # pwa.js shows it where the browser can subscribe
    assert 'data-key="BPublicKey"' in toggle.group(0)
    assert 'data-subscribe="/notifications/push/subscribe/"' in toggle.group(0)
    assert "Receive notifications on this phone" in html


def test_child_page_has_the_push_toggle(parent: Client, family: object, settings: object) -> None:
    settings.VAPID_PRIVATE_KEY = "x"  # type: ignore[attr-defined]
    settings.VAPID_PUBLIC_KEY = "BPublicKey"  # type: ignore[attr-defined]
    html = parent.get(f"/family/{family.elder.pk}/").content.decode()  # type: ignore[attr-defined]
    assert 'data-testid="push-toggle"' in html


def test_no_push_toggle_without_vapid_keys(parent: Client, settings: object) -> None:
    settings.VAPID_PRIVATE_KEY = ""  # type: ignore[attr-defined]
    settings.VAPID_PUBLIC_KEY = ""  # type: ignore[attr-defined]
    html = parent.get("/family/").content.decode()
    assert "push-toggle" not in html
