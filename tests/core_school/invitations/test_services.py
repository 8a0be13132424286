"""Bulk invitations, codes, and opening an account with one (services, in school A)."""

import datetime
import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.utils import timezone

from accounts.models import User
from config import sms
from config.errors import ApplicationError
from core_school.invitations import selectors, services
from core_school.invitations.exceptions import InvitationCodeError, InvitationPermissionError
from core_school.invitations.models import Invitation
from core_school.invitations.types import AccountStatus, InvitationCounts
from core_school.people.models import Guardian, Pupil
from tenants.models import School
from tests.core_school.conftest import actor
from tests.core_school.invitations.conftest import MOTHER_E164, NewClass

PASSWORD = "Hoa-sen-2026!"


def _code_in(text: str) -> str:
    found = re.search(r"\b(\d{4} \d{4})\b", text)
    assert found is not None, text
    return found.group(1)


def _invite_class(new_class: NewClass, capture: object, username: str = "gvcn") -> InvitationCounts:
    with capture(execute=True):  # type: ignore[operator]
        return services.invitations_send(actor(username), school_class_id=new_class.school_class.pk)


def test_invitations_send_counts_each_guardian_of_the_class(
    in_school_a: School, new_class: NewClass, django_capture_on_commit_callbacks: object
) -> None:
    # when
    counts = _invite_class(new_class, django_capture_on_commit_callbacks)
    # then: mother by SMS, father by e-mail; the landline-only guardian and the aunt skipped
    assert counts == InvitationCounts(invited=2, no_contact=1, has_account=1, pending=0)
    assert [(m.to, m.key is not None) for m in sms.outbox] == [(MOTHER_E164, True)]
    assert [m.to for m in mail.outbox] == [["bo.thu@example.vn"]]
    assert "/invite/" in sms.outbox[0].body
    sent = Invitation.objects.filter(guardian__in=[new_class.mother, new_class.father])
    assert all(invitation.sent_at is not None for invitation in sent)
    assert {i.invited_by.username for i in sent} == {"gvcn"}  # type: ignore[union-attr]


def test_invitations_send_again_replaces_the_code_and_keeps_one_row(
    in_school_a: School, new_class: NewClass, django_capture_on_commit_callbacks: object
) -> None:
    # given
    _invite_class(new_class, django_capture_on_commit_callbacks)
    first_code = _code_in(sms.outbox[0].body)
    # when
    again = _invite_class(new_class, django_capture_on_commit_callbacks)
    second_code = _code_in(sms.outbox[1].body)
    # then: the same counts, one row per guardian, and only the newest code works
    assert again == InvitationCounts(invited=2, no_contact=1, has_account=1, pending=0)
    assert Invitation.objects.filter(guardian=new_class.mother).count() == 1
    assert first_code != second_code
    with pytest.raises(InvitationCodeError):
        services.invitation_check(identifier=MOTHER_E164, code=first_code)
    assert services.invitation_check(identifier=MOTHER_E164, code=second_code).guardian_id == (
        new_class.mother.pk
    )


def test_invitations_send_only_new_leaves_valid_invitations_alone(
    in_school_a: School, new_class: NewClass, django_capture_on_commit_callbacks: object
) -> None:
    # given
    _invite_class(new_class, django_capture_on_commit_callbacks)
    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        counts = services.invitations_send(
            actor("gvcn"), school_class_id=new_class.school_class.pk, only_new=True
        )
    # then
    assert counts == InvitationCounts(invited=0, no_contact=1, has_account=1, pending=2)
    assert len(sms.outbox) == 1


def test_invitations_send_whole_school_reaches_guardians_of_every_class(
    in_school_a: School, new_class: NewClass, django_capture_on_commit_callbacks: object
) -> None:
    # when: the principal invites the whole school (every demo guardian has an account)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        counts = services.invitations_send(actor("hieutruong"), only_new=True)
    # then
    assert counts.invited == 2
    assert counts.no_contact == 1
    assert counts.has_account > 1000


@pytest.mark.parametrize(
    ("username", "whole_school"),
    [("giaovien", False), ("gvcn", True), ("cg002", False)],
    ids=["subject-teacher", "homeroom-teacher-whole-school", "vice-principal"],
)
def test_invitations_send_refuses_who_may_not_invite(
    in_school_a: School, new_class: NewClass, username: str, whole_school: bool
) -> None:
    school_class_id = None if whole_school else new_class.school_class.pk
    with pytest.raises(InvitationPermissionError):
        services.invitations_send(actor(username), school_class_id=school_class_id)
    assert not Invitation.objects.exists()


def test_invitations_send_refuses_a_guardian_of_another_class(
    in_school_a: School, new_class: NewClass
) -> None:
    with pytest.raises(ApplicationError):
        services.invitations_send(
            actor("gvcn"),
            school_class_id=new_class.school_class.pk,
            guardian_id=Guardian.objects.filter(user__username="phuhuynh").get().pk,
        )


def test_invitation_accept_opens_the_guardians_account(
    in_school_a: School, new_class: NewClass, django_capture_on_commit_callbacks: object
) -> None:
    # given
    _invite_class(new_class, django_capture_on_commit_callbacks)
    code = _code_in(sms.outbox[0].body)
    # when: she types her number as she knows it
    user = services.invitation_accept(identifier="0388 000 001", code=code, password=PASSWORD)
    # then
    new_class.mother.refresh_from_db()
    assert new_class.mother.user == user
    assert (user.username, user.phone, user.full_name) == (
        "0388000001",
        MOTHER_E164,
        new_class.mother.full_name,
    )
    assert user.role_names == ["parent"]
    assert authenticate(username="0388000001", password=PASSWORD) == user
    invitation = Invitation.objects.get(guardian=new_class.mother)
    assert invitation.accepted_at is not None
    assert invitation.user == user
    # her one account reaches both children, in two classes
    assert set(Pupil.objects.filter(guardianships__guardian__user=user)) == {
        new_class.elder,
        new_class.younger,
    }


def test_invitation_accept_by_email_in_any_case(
    in_school_a: School, new_class: NewClass, django_capture_on_commit_callbacks: object
) -> None:
    _invite_class(new_class, django_capture_on_commit_callbacks)
    code = _code_in(mail.outbox[0].body)
    user = services.invitation_accept(
        identifier="BO.THU@example.VN", code=code.replace(" ", ""), password=PASSWORD
    )
    assert (user.username, user.email) == ("bo.thu@example.vn", "bo.thu@example.vn")
    assert Guardian.objects.get(pk=new_class.father.pk).user == user


def test_invitation_accept_with_a_wrong_code_writes_nothing_but_the_count(
    in_school_a: School, new_class: NewClass, django_capture_on_commit_callbacks: object
) -> None:
    # given
    _invite_class(new_class, django_capture_on_commit_callbacks)
    users = User.objects.count()
    # when
    with pytest.raises(InvitationCodeError, match="does not match"):
        services.invitation_accept(identifier=MOTHER_E164, code="0000 0000", password=PASSWORD)
    # then
    assert User.objects.count() == users
    new_class.mother.refresh_from_db()
    assert new_class.mother.user is None
    assert Invitation.objects.get(guardian=new_class.mother).failed_attempts == 1


def test_invitation_accept_with_an_unknown_recipient_says_the_same(
    in_school_a: School, new_class: NewClass
) -> None:
    with pytest.raises(InvitationCodeError, match="does not match"):
        services.invitation_accept(identifier="0399999999", code="1234 5678", password=PASSWORD)


def test_invitation_accept_refuses_an_expired_code(
    in_school_a: School, new_class: NewClass, django_capture_on_commit_callbacks: object
) -> None:
    # given: the code was sent fifteen days ago
    _invite_class(new_class, django_capture_on_commit_callbacks)
    code = _code_in(sms.outbox[0].body)
    Invitation.objects.filter(guardian=new_class.mother).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    # when / then
    with pytest.raises(InvitationCodeError, match="expired"):
        services.invitation_accept(identifier=MOTHER_E164, code=code, password=PASSWORD)
    new_class.mother.refresh_from_db()
    assert new_class.mother.user is None
    rows = selectors.guardian_rows_for_class(school_class_id=new_class.school_class.pk)
    assert next(r for r in rows if r.guardian == new_class.mother).status == AccountStatus.EXPIRED


def test_invitation_accept_locks_after_five_wrong_codes(
    in_school_a: School, new_class: NewClass, django_capture_on_commit_callbacks: object
) -> None:
    # given
    _invite_class(new_class, django_capture_on_commit_callbacks)
    code = _code_in(sms.outbox[0].body)
    for _attempt in range(4):
        with pytest.raises(InvitationCodeError, match="does not match"):
            services.invitation_check(identifier=MOTHER_E164, code="1111 1111")
    # when: the fifth wrong code, then the right one
    with pytest.raises(InvitationCodeError, match="Too many"):
        services.invitation_check(identifier=MOTHER_E164, code="1111 1111")
    with pytest.raises(InvitationCodeError, match="Too many"):
        services.invitation_accept(identifier=MOTHER_E164, code=code, password=PASSWORD)
    # then
    invitation = Invitation.objects.get(guardian=new_class.mother)
    assert invitation.is_locked
    new_class.mother.refresh_from_db()
    assert new_class.mother.user is None


def test_invitation_accept_refuses_a_weak_password_and_writes_nothing(
    in_school_a: School, new_class: NewClass, django_capture_on_commit_callbacks: object
) -> None:
    _invite_class(new_class, django_capture_on_commit_callbacks)
    code = _code_in(sms.outbox[0].body)
    users = User.objects.count()
    with pytest.raises(ApplicationError) as raised:
        services.invitation_accept(identifier=MOTHER_E164, code=code, password="12345678")
    assert raised.value.extra == {"field": "password"}
    assert User.objects.count() == users
    assert Invitation.objects.get(guardian=new_class.mother).failed_attempts == 0


def test_pupil_codes_open_read_only_pupil_accounts(
    in_school_a: School, new_class: NewClass
) -> None:
    # given
    counts = services.pupil_invitations_create(
        actor("gvcn"), school_class_id=new_class.school_class.pk
    )
    rows = selectors.printable_pupil_invitations(school_class_id=new_class.school_class.pk)
    elder = next(row for row in rows if row.pupil == new_class.elder)
    code = services.invitation_code(elder.invitation)  # type: ignore[arg-type]
    # when
    user = services.invitation_accept(
        identifier=new_class.elder.national_id, code=code, password=PASSWORD
    )
    # then
    assert counts == InvitationCounts(invited=2, no_contact=0, has_account=0, pending=0)
    assert (user.username, user.role_names) == (new_class.elder.national_id, ["pupil"])
    assert Pupil.objects.get(pk=new_class.elder.pk).user == user
    assert not sms.outbox
    assert not mail.outbox


def test_pupil_codes_are_kept_unless_renewed(in_school_a: School, new_class: NewClass) -> None:
    teacher = actor("gvcn")
    services.pupil_invitations_create(teacher, school_class_id=new_class.school_class.pk)
    salt = Invitation.objects.get(pupil=new_class.elder).code_salt
    again = services.pupil_invitations_create(teacher, school_class_id=new_class.school_class.pk)
    renewed = services.pupil_invitations_create(
        teacher, school_class_id=new_class.school_class.pk, renew=True
    )
    assert (again.pending, again.invited) == (2, 0)
    assert renewed.invited == 2
    assert Invitation.objects.get(pupil=new_class.elder).code_salt != salt


class _BrokenGateway:
    def send(self, to: str, body: str, *, key: str | None) -> str:
        raise sms.SmsError("gateway down")


def test_a_failed_sms_leaves_the_invitation_not_sent(
    in_school_a: School, new_class: NewClass, settings: object
) -> None:
    # given
    settings.SMS_BACKEND = f"{__name__}._BrokenGateway"  # type: ignore[attr-defined]
    services.invitations_send(actor("gvcn"), school_class_id=new_class.school_class.pk)
    invitation = Invitation.objects.get(guardian=new_class.mother)
    # when
    result = services.invitation_deliver(invitation_id=invitation.pk)
    # then
    invitation.refresh_from_db()
    assert result == "failed"
    assert invitation.sent_at is None
    rows = selectors.guardian_rows_for_class(school_class_id=new_class.school_class.pk)
    assert next(r for r in rows if r.guardian == new_class.mother).status == AccountStatus.QUEUED


def test_a_retried_delivery_sends_the_same_code_under_the_same_key(
    in_school_a: School, new_class: NewClass
) -> None:
    # given: sent once, then (as if the worker died before recording it) marked unsent
    services.invitations_send(actor("gvcn"), school_class_id=new_class.school_class.pk)
    invitation = Invitation.objects.get(guardian=new_class.mother)
    services.invitation_deliver(invitation_id=invitation.pk)
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=None)
    # when
    services.invitation_deliver(invitation_id=invitation.pk)
    # then
    first, second = sms.outbox
    assert (first.key, _code_in(first.body)) == (second.key, _code_in(second.body))
