"""The inbox and the notification settings page."""

import datetime

from django.db import transaction
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.notifications import services
from core_school.notifications.models import Kind, Notification, Preference
from tenants.models import School


def _signed_in(client: Client, school: School, username: str) -> User:
    with tenant_context(school):
        user = User.objects.get(username=username)
        client.force_login(user)
    return user


def _news(school: School, user: User, count: int) -> None:
    with tenant_context(school), transaction.atomic():
        services.notify(
            kind=Kind.NOTE,
            drafts=[
                services.Draft(user.pk, None, f"Tin số {n}", "Nội dung", "/family/")
                for n in range(count)
            ],
        )


def test_inbox_lists_news_and_marks_it_read(
    school_a: School, client_a: Client, django_assert_max_num_queries: object
) -> None:
    parent = _signed_in(client_a, school_a, "phuhuynh")
    _news(school_a, parent, 30)
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        page = client_a.get("/notifications/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Tin số 29" in text
    assert "Tin số 0" in text
    response = client_a.post("/notifications/read/")
    assert response.status_code == 302
    with tenant_context(school_a):
        assert not Notification.objects.filter(user=parent, read_at__isnull=True).exists()


def test_inbox_shows_only_the_users_own_news(school_a: School, client_a: Client) -> None:
    with tenant_context(school_a):
        teacher = User.objects.get(username="gvcn")
    _news(school_a, teacher, 1)
    _signed_in(client_a, school_a, "phuhuynh")
    assert "Tin số 0" not in client_a.get("/notifications/").content.decode()
    # and marking "read" by id cannot touch another user's rows
    with tenant_context(school_a):
        theirs = Notification.objects.filter(user=teacher).values_list("pk", flat=True)[0]
    client_a.post("/notifications/read/", {"id": [str(theirs)]})
    with tenant_context(school_a):
        assert Notification.objects.get(pk=theirs).read_at is None


def test_preferences_are_saved_and_bad_hours_refused(school_a: School, client_a: Client) -> None:
    parent = _signed_in(client_a, school_a, "phuhuynh")
    assert client_a.get("/notifications/settings/").status_code == 200
    response = client_a.post(
        "/notifications/settings/",
        {"zalo": "on", "quiet_from": "22:00", "quiet_until": "06:00", "digest": "weekly"},
    )
    assert response.status_code == 302
    with tenant_context(school_a):
        saved = Preference.objects.get(user=parent)
    assert (saved.zalo, saved.webpush, saved.email, saved.sms, saved.digest) == (
        True,
        False,
        False,
        False,
        "weekly",
    )
    assert (saved.quiet_from, saved.quiet_until) == (datetime.time(22), datetime.time(6))
    # half a window, or not a time: a clear message and nothing changed
    for bad in (
        {"quiet_from": "22:00", "digest": ""},
        {"quiet_from": "25:99", "quiet_until": "06:00"},
    ):
        page = client_a.post("/notifications/settings/", bad)
        assert page.status_code == 200
        assert 'class="error"' in page.content.decode()
    with tenant_context(school_a):
        assert Preference.objects.get(user=parent).digest == "weekly"


def test_pages_need_a_signed_in_user(client_a: Client) -> None:
    for url in ("/notifications/", "/notifications/settings/"):
        assert client_a.get(url).status_code == 302
