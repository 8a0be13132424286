"""Consent per purpose, who opened the child's record, and the data download (issue 4 §7)."""

import json

from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.people.models import Consent, Guardian, Pupil, RecordAccess
from tenants.models import School


def _child(school: School) -> Pupil:
    with tenant_context(school):
        return Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").first()


def _signed_in(client: Client, school: School, username: str) -> Client:
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))
    return client


def test_guardian_gives_and_withdraws_consent_with_the_text_version(
    school_a: School, client_a: Client
) -> None:
    # given
    child = _child(school_a)
    _signed_in(client_a, school_a, "phuhuynh")
    # when
    client_a.post(f"/family/{child.pk}/privacy/", {"purpose": "photos", "granted": "yes"})
    client_a.post(f"/family/{child.pk}/privacy/", {"purpose": "photos", "granted": "no"})
    page = client_a.get(f"/family/{child.pk}/privacy/")
    # then: both answers kept, the newest in force
    with tenant_context(school_a):
        answers = list(
            Consent.objects.filter(pupil=child, purpose="photos").values_list(
                "granted", "text_version"
            )
        )
    assert answers == [(False, "2026-1"), (True, "2026-1")]
    assert page.status_code == 200
    assert "✗" in page.content.decode()


def test_silence_is_not_consent(school_a: School, client_a: Client) -> None:
    child = _child(school_a)
    _signed_in(client_a, school_a, "phuhuynh")
    page = client_a.get(f"/family/{child.pk}/privacy/").content.decode()
    assert page.count('data-testid="agree-') == 3
    assert "✓" not in page


def test_guardian_sees_who_opened_the_record_by_role_and_time(
    school_a: School, client_a: Client
) -> None:
    # given: the homeroom teacher opens the child's record
    child = _child(school_a)
    with tenant_context(school_a):
        teacher = User.objects.filter(staff__homeroom_classes__enrolments__pupil=child).first()
    _signed_in(client_a, school_a, teacher.username)
    assert client_a.get(f"/pupils/{child.pk}/").status_code == 200
    # when
    _signed_in(client_a, school_a, "phuhuynh")
    page = client_a.get(f"/family/{child.pk}/privacy/").content.decode()
    # then: the role is shown, the teacher's name is not
    with tenant_context(school_a):
        entry = RecordAccess.objects.filter(pupil=child).latest("accessed_at")
    assert entry.roles in page
    assert teacher.full_name not in page


def test_guardian_downloads_the_childs_data(school_a: School, client_a: Client) -> None:
    with tenant_context(school_a):
        child = Pupil.objects.filter(
            guardianships__guardian__user__username="phuhuynh",
            enrolments__school_class__school_year__is_current=False,
        ).first()
    _signed_in(client_a, school_a, "phuhuynh")
    response = client_a.get(f"/family/{child.pk}/data.json")
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["pupil"]["full_name"] == child.full_name
    assert data["year_outcomes"]
    assert all(mark["column"] for mark in data["published_marks"])


def test_other_people_cannot_see_the_privacy_page_or_download(
    school_a: School, client_a: Client
) -> None:
    child = _child(school_a)
    with tenant_context(school_a):
        other_parent = (
            Guardian.objects.exclude(guardianships__pupil=child)
            .filter(user__isnull=False)
            .first()
            .user.username
        )
    for username in (other_parent, "hieutruong", "gvcn"):
        _signed_in(client_a, school_a, username)
        assert client_a.get(f"/family/{child.pk}/privacy/").status_code == 404
        assert client_a.get(f"/family/{child.pk}/data.json").status_code == 404
        assert (
            client_a.post(
                f"/family/{child.pk}/privacy/", {"purpose": "photos", "granted": "yes"}
            ).status_code
            == 404
        )
