"""A pupil's account reads and never writes: no leave request, no contact-book message, no
consent, through the portal's forms or the API, whether the account came from the demo or
from a printed invitation code."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.attendance.models import LeaveRequest
from core_school.communication.models import Message
from core_school.invitations import selectors, services
from core_school.people.models import Consent, Pupil
from tenants.models import School
from tests.core_school.conftest import actor
from tests.core_school.invitations.conftest import NewClass, signed_in

PASSWORD = "Hoa-sen-2026!"


@pytest.fixture
def invited_pupil(school_a: School, new_class: NewClass) -> Pupil:
    """The elder child of the new class, with an account opened from a printed code."""
    with tenant_context(school_a):
        services.pupil_invitations_create(actor("gvcn"), school_class_id=new_class.school_class.pk)
        row = next(
            r
            for r in selectors.printable_pupil_invitations(
                school_class_id=new_class.school_class.pk
            )
            if r.pupil == new_class.elder
        )
        services.invitation_accept(
            identifier=new_class.elder.national_id,
            code=services.invitation_code(row.invitation),  # type: ignore[arg-type]
            password=PASSWORD,
        )
        return Pupil.objects.select_related("user").get(pk=new_class.elder.pk)


def _writes(school: School, pupil: Pupil) -> tuple[int, int, int]:
    with tenant_context(school):
        return (
            LeaveRequest.objects.filter(pupil=pupil).count(),
            Message.objects.filter(thread__pupil=pupil).count(),
            Consent.objects.filter(pupil=pupil).count(),
        )


def _try_every_write(client: Client, pupil: Pupil) -> list[int]:
    today = timezone.localdate()
    return [
        client.post(
            f"/family/{pupil.pk}/leave/",
            {
                "first_day": today.isoformat(),
                "last_day": (today + datetime.timedelta(days=1)).isoformat(),
                "reason": "Ốm",
            },
        ).status_code,
        client.post(f"/family/{pupil.pk}/contact-book/", {"body": "Em chào cô"}).status_code,
        client.post(
            f"/family/{pupil.pk}/privacy/", {"purpose": "photos", "granted": "yes"}
        ).status_code,
    ]


def test_the_demo_pupil_cannot_write_anything(school_a: School, client_a: Client) -> None:
    # given
    with tenant_context(school_a):
        pupil = Pupil.objects.get(user__username="hocsinh")
    before = _writes(school_a, pupil)
    signed_in(client_a, school_a, "hocsinh")
    # when
    statuses = _try_every_write(client_a, pupil)
    # then: each form answers with its page and an error, and nothing is recorded
    assert statuses == [302, 302, 302]
    assert _writes(school_a, pupil) == before
    messages = [str(m) for m in client_a.get(f"/family/{pupil.pk}/leave/").context["messages"]]
    assert messages  # the refusal is said, not silent


def test_an_invited_pupil_reads_their_page_and_cannot_write(
    school_a: School, client_a: Client, invited_pupil: Pupil
) -> None:
    # given
    with tenant_context(school_a):
        client_a.force_login(User.objects.get(pk=invited_pupil.user_id))
    # when
    page = client_a.get(f"/family/{invited_pupil.pk}/")
    statuses = _try_every_write(client_a, invited_pupil)
    # then
    assert page.status_code == 200
    assert statuses == [302, 302, 302]
    assert _writes(school_a, invited_pupil) == (0, 0, 0)


def test_a_pupil_cannot_write_through_the_api(school_a: School, client_a: Client) -> None:
    # given
    with tenant_context(school_a):
        pupil = Pupil.objects.get(user__username="hocsinh")
    signed_in(client_a, school_a, "hocsinh")
    # when
    response = client_a.post(
        "/api/v1/behaviour-notes/",
        {"pupil": pupil.pk, "kind": "praise", "text": "Tự khen"},
        content_type="application/json",
    )
    # then
    assert response.status_code == 403
