"""The contact book: two-way threads between a guardian and the homeroom teacher, with read
receipts."""

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from config.errors import ApplicationError
from core_school.academics.models import Enrolment
from core_school.communication import services
from core_school.communication.models import Message, Thread
from core_school.people.models import Pupil
from tenants.models import School


def _sign_in(client: Client, school: School, username: str) -> None:
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))


def test_guardian_writes_teacher_answers_and_both_see_read_receipts(
    school_a: School, client_a: Client
) -> None:
    # given
    with tenant_context(school_a):
        child = Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").first()
        enrolment = Enrolment.objects.select_related("school_class__homeroom_teacher__user").get(
            pupil=child, ends_on__isnull=True
        )
        teacher = enrolment.school_class.homeroom_teacher.user.username
    # when: the parent writes
    _sign_in(client_a, school_a, "phuhuynh")
    client_a.post(f"/family/{child.pk}/contact-book/", {"body": "Cháu bị sốt, xin cô cho nghỉ."})
    with tenant_context(school_a):
        thread = Thread.objects.get(pupil=child, guardian__user__username="phuhuynh")
        first = Message.objects.get(thread=thread)
    # the teacher sees it unread, opens the thread and answers
    _sign_in(client_a, school_a, teacher)
    listing = client_a.get(f"/announcements/contact-book/class/{enrolment.school_class_id}/")
    client_a.get(f"/announcements/contact-book/{thread.pk}/")
    client_a.post(
        f"/announcements/contact-book/{thread.pk}/", {"body": "Cô đã nhận, chúc cháu mau khỏe."}
    )
    # the parent opens the thread again
    _sign_in(client_a, school_a, "phuhuynh")
    page = client_a.get(f"/family/{child.pk}/contact-book/")
    # then
    assert f'data-testid="unread-{thread.pk}"' in listing.content.decode()
    with tenant_context(school_a):
        first.refresh_from_db()
        answer = Message.objects.get(thread=thread, from_school=True)
    assert first.read_at is not None
    assert answer.read_at is not None
    assert "mau khỏe" in page.content.decode()
    assert f'data-testid="receipt-{first.pk}"' in page.content.decode()


def test_other_teachers_and_families_cannot_read_a_thread(
    school_a: School, client_a: Client
) -> None:
    with tenant_context(school_a):
        child = Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").first()
        message = services.message_from_guardian(
            user=User.objects.get(username="phuhuynh"), pupil_id=child.pk, body="Xin chào cô"
        )
        homeroom = Enrolment.objects.get(
            pupil=child, ends_on__isnull=True
        ).school_class.homeroom_teacher
        other_teacher = (
            User.objects.filter(groups__name="homeroom_teacher")
            .exclude(pk=homeroom.user_id)
            .first()
        )
    _sign_in(client_a, school_a, other_teacher.username)
    assert client_a.get(f"/announcements/contact-book/{message.thread_id}/").status_code == 404
    _sign_in(client_a, school_a, "giaovien")
    assert client_a.get(f"/announcements/contact-book/{message.thread_id}/").status_code == 404


def test_empty_or_foreign_messages_are_refused(in_school_a: School) -> None:
    child = Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").first()
    with pytest.raises(ApplicationError) as raised:
        services.message_from_guardian(
            user=User.objects.get(username="phuhuynh"), pupil_id=child.pk, body="   "
        )
    assert raised.value.extra["field"] == "body"
    with pytest.raises(ApplicationError):
        services.message_from_guardian(
            user=User.objects.get(username="giaovien"), pupil_id=child.pk, body="x"
        )
    assert not Thread.objects.filter(pupil=child).exists()


def test_a_new_contact_book_opens_empty_for_the_guardian(
    school_a: School, client_a: Client
) -> None:
    with tenant_context(school_a):
        child = Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").last()
    _sign_in(client_a, school_a, "phuhuynh")
    page = client_a.get(f"/family/{child.pk}/contact-book/")
    assert page.status_code == 200
    assert child.full_name in page.content.decode()
    assert 'data-testid="message-form"' in page.content.decode()
