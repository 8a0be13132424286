"""Invite families and open their accounts. Runs inside the current school's schema.

A school invites guardians in bulk (by SMS to a mobile number, or by e-mail) and prints codes
for its pupils' read-only accounts; a guardian (or a pupil) types the code on /invite/ with a
password of their choice and their account opens, linked to their record. Codes are derived,
never stored (core_school.invitations.codes). Messages leave after commit, from a Celery task.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from config import sms
from config.errors import ApplicationError
from core_school.invitations import codes, permissions, selectors
from core_school.invitations.exceptions import InvitationCodeError, InvitationPermissionError
from core_school.invitations.models import MAX_FAILED_ATTEMPTS, Invitation
from core_school.invitations.types import InvitationCounts
from core_school.people.access import Actor
from core_school.people.models import Guardian, Pupil

logger = logging.getLogger(__name__)

# How long a code opens an account. Parents read their messages late; a new one replaces it.
INVITATION_VALID = datetime.timedelta(days=14)
# Invitations per delivery task.
DELIVERY_CHUNK = 200


def _fresh(invitation: Invitation, *, actor: Actor, now: datetime.datetime) -> None:
    """A new code for `invitation` (the old one stops working), valid from now."""
    invitation.code_salt = codes.new_salt()
    invitation.created_at = now
    invitation.expires_at = now + INVITATION_VALID
    invitation.sent_at = None
    invitation.failed_attempts = 0
    invitation.accepted_at = None
    invitation.user = None
    invitation.invited_by = actor.user


_FRESH_FIELDS = [
    "channel",
    "recipient",
    "code_salt",
    "created_at",
    "expires_at",
    "sent_at",
    "failed_attempts",
    "accepted_at",
    "user",
    "invited_by",
]


@transaction.atomic(durable=True)
def invitations_send(
    actor: Actor,
    *,
    school_class_id: int | None = None,
    guardian_id: int | None = None,
    only_new: bool = False,
) -> InvitationCounts:
    """Send a fresh code to every guardian of the class (None: of the whole school) who has
    no account and has a mobile number (by SMS) or an e-mail address.

    Sending again replaces a guardian's earlier code. With `only_new`, guardians who hold a
    code that still works are left alone (counted as pending); with `guardian_id`, only that
    guardian of the class is invited. One transaction; the messages leave after commit (a
    Celery task). Raises InvitationPermissionError unless the actor is the principal, the
    school administrator, or (for her class) the homeroom teacher; ApplicationError when
    `guardian_id` is not a guardian of the class.
    """
    if not permissions.may_invite(actor=actor, school_class_id=school_class_id):
        raise InvitationPermissionError(_("You may not invite the families of this class."))
    guardian_ids = selectors.guardian_ids_in_scope(school_class_id=school_class_id)
    if guardian_id is not None:
        if guardian_id not in guardian_ids:
            raise ApplicationError(
                _("This guardian has no child in this class."), {"guardian_id": guardian_id}
            )
        guardian_ids = [guardian_id]
    # Lock order (guardian, then invitation) is the same as invitation_accept's.
    guardians = list(
        Guardian.objects.select_for_update().filter(pk__in=guardian_ids).order_by("pk")
    )
    existing = {
        invitation.guardian_id: invitation
        for invitation in Invitation.objects.select_for_update()
        .filter(guardian_id__in=guardian_ids)
        .order_by("pk")
    }
    now = timezone.now()
    new: list[Invitation] = []
    renewed: list[Invitation] = []
    no_contact = has_account = pending = 0
    for guardian in guardians:
        if guardian.user_id is not None:
            has_account += 1
            continue
        contact = selectors.guardian_contact(phone=guardian.phone, email=guardian.email)
        if contact is None:
            no_contact += 1
            continue
        invitation = existing.get(guardian.pk)
        if only_new and invitation is not None and invitation.is_open():
            pending += 1
            continue
        if invitation is None:
            invitation = Invitation(kind=Invitation.Kind.GUARDIAN, guardian=guardian)
            new.append(invitation)
        else:
            renewed.append(invitation)
        invitation.channel = contact.channel
        invitation.recipient = contact.recipient
        _fresh(invitation, actor=actor, now=now)
    Invitation.objects.bulk_create(new)
    Invitation.objects.bulk_update(renewed, _FRESH_FIELDS)
    to_deliver = [invitation.pk for invitation in [*new, *renewed]]
    if to_deliver:
        transaction.on_commit(lambda: _enqueue(to_deliver))
    return InvitationCounts(
        invited=len(to_deliver), no_contact=no_contact, has_account=has_account, pending=pending
    )


@transaction.atomic(durable=True)
def pupil_invitations_create(
    actor: Actor, *, school_class_id: int, renew: bool = False
) -> InvitationCounts:
    """Give a code to every pupil of the class without an account, for the homeroom
    teacher's printed list (pupils have no phone or e-mail on record).

    Pupils who hold a code that still works keep it (counted as pending) unless `renew`.
    Raises InvitationPermissionError unless the actor may invite the class's families.
    """
    if not permissions.may_invite(actor=actor, school_class_id=school_class_id):
        raise InvitationPermissionError(_("You may not invite the families of this class."))
    pupil_ids = list(
        selectors.current_enrolments(school_class_id=school_class_id).values_list(
            "pupil_id", flat=True
        )
    )
    pupils = list(Pupil.objects.select_for_update().filter(pk__in=pupil_ids).order_by("pk"))
    existing = {
        invitation.pupil_id: invitation
        for invitation in Invitation.objects.select_for_update()
        .filter(pupil_id__in=pupil_ids)
        .order_by("pk")
    }
    now = timezone.now()
    new: list[Invitation] = []
    renewed: list[Invitation] = []
    has_account = pending = 0
    for pupil in pupils:
        if pupil.user_id is not None:
            has_account += 1
            continue
        invitation = existing.get(pupil.pk)
        if not renew and invitation is not None and invitation.is_open():
            pending += 1
            continue
        if invitation is None:
            invitation = Invitation(kind=Invitation.Kind.PUPIL, pupil=pupil)
            new.append(invitation)
        else:
            renewed.append(invitation)
        invitation.channel = Invitation.Channel.PRINTED
        invitation.recipient = pupil.national_id
        _fresh(invitation, actor=actor, now=now)
        # Printed now: the list is the delivery.
        invitation.sent_at = now
    Invitation.objects.bulk_create(new)
    Invitation.objects.bulk_update(renewed, _FRESH_FIELDS)
    return InvitationCounts(
        invited=len(new) + len(renewed), has_account=has_account, pending=pending
    )


def invitation_code(invitation: Invitation) -> str:
    """The invitation's current code, for its message or the printed list."""
    return codes.invitation_code(invitation_id=invitation.pk, salt=invitation.code_salt)


def _enqueue(invitation_ids: list[int]) -> None:
    from core_school.invitations import tasks

    for start in range(0, len(invitation_ids), DELIVERY_CHUNK):
        chunk = invitation_ids[start : start + DELIVERY_CHUNK]
        try:
            tasks.invitations_deliver.delay(chunk)
        except Exception:
            # The broker is down: the rows stay "not sent yet" and the school sends again.
            logger.warning("invitation delivery not enqueued (%s invitations)", len(chunk))


def _accept_url() -> str:
    """The invitation page on the current school's host, as an absolute link."""
    domain = connection.tenant.domains.filter(is_primary=True).values_list("domain", flat=True)
    port = getattr(settings, "PUBLIC_PORT", "")
    scheme = getattr(settings, "PUBLIC_SCHEME", "http")
    return f"{scheme}://{domain.first()}{':' + port if port else ''}{reverse('invitations:accept')}"


def invitation_deliver(*, invitation_id: int) -> str | None:
    """Send one guardian's invitation (its code) by SMS or e-mail, once.

    Claims the row under a lock, sends, and marks it sent in the same transaction; a failed
    send leaves it "not sent yet" for the task to try again, with the same code and the same
    SMS key (the gateway drops a duplicate). A code replaced before it left goes out as the
    newest code, once. Returns "sent", "failed", or None when the row is already sent or
    accepted, or another worker is sending it.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("guardian")
            .filter(
                pk=invitation_id,
                kind=Invitation.Kind.GUARDIAN,
                sent_at__isnull=True,
                accepted_at__isnull=True,
            )
            .first()
        )
        if invitation is None or invitation.guardian is None:
            return None
        school = connection.tenant
        by_sms = invitation.channel == Invitation.Channel.SMS
        template = (
            _(
                "%(school)s invites %(name)s to open a parent account. Code: %(code)s, valid "
                "until %(date)s. Open %(url)s, enter this phone number and the code."
            )
            if by_sms
            else _(
                "%(school)s invites %(name)s to open a parent account. Code: %(code)s, valid "
                "until %(date)s. Open %(url)s, enter this e-mail address and the code."
            )
        )
        text = template % {
            "school": school.name,
            "name": invitation.guardian.full_name,
            "code": codes.code_display(invitation_code(invitation)),
            "date": date_format(timezone.localtime(invitation.expires_at), "SHORT_DATE_FORMAT"),
            "url": _accept_url(),
        }
        try:
            if by_sms:
                sms.send_sms(
                    invitation.recipient,
                    text,
                    key=f"invitation-{connection.schema_name}-{invitation.pk}-{invitation.code_salt}",
                )
            else:
                send_mail(
                    _("%(school)s: your parent account") % {"school": school.name},
                    text,
                    None,
                    [invitation.recipient],
                )
        except (sms.SmsError, ValueError, smtplib.SMTPException, OSError) as error:
            logger.warning("invitation %s not sent: %s", invitation.pk, error)
            return "failed"
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return "sent"


def _record_wrong_code(invitations: list[Invitation]) -> None:
    ids = [invitation.pk for invitation in invitations if not invitation.is_locked]
    if ids:
        with transaction.atomic(durable=True):
            Invitation.objects.filter(pk__in=ids).update(failed_attempts=F("failed_attempts") + 1)


def invitation_check(*, identifier: str, code: str) -> Invitation:
    """The open invitation whose recipient is `identifier` and whose code is `code`.

    A wrong code counts against every invitation sent to `identifier` (the only write); the
    fifth locks it. Raises InvitationCodeError, the same one for an unknown recipient and a
    wrong code, a clear one for an expired or locked invitation.
    """
    candidates = selectors.open_invitations_for(identifier=identifier)
    usable = [invitation for invitation in candidates if not invitation.is_locked]
    # Compare with every candidate (constant-time each), not just until the first match.
    matches = [
        invitation
        for invitation in usable
        if codes.code_matches(invitation_id=invitation.pk, salt=invitation.code_salt, entered=code)
    ]
    if not matches:
        _record_wrong_code(usable)
        if candidates and all(
            invitation.failed_attempts + 1 >= MAX_FAILED_ATTEMPTS for invitation in candidates
        ):
            raise InvitationCodeError(
                _("Too many wrong codes: ask the school to send you a new invitation."),
                {"field": "code"},
            )
        raise InvitationCodeError(
            _("This code does not match that phone number, e-mail or pupil ID. Check both."),
            {"field": "code"},
        )
    invitation = matches[0]
    if invitation.is_expired():
        raise InvitationCodeError(
            _("This code has expired: ask the school to send you a new invitation."),
            {"field": "code"},
        )
    return invitation


def _username_for(invitation: Invitation) -> str:
    """A username the person can remember: the phone number as written in Vietnam
    (0912345678), the e-mail address, or the pupil's national identifier."""
    if invitation.channel == Invitation.Channel.SMS:
        preferred = "0" + invitation.recipient.removeprefix("+84")
    else:
        preferred = invitation.recipient
    fallback = f"{invitation.kind}-{invitation.guardian_id or invitation.pupil_id}"
    for candidate in (preferred, fallback, f"{fallback}-{codes.new_salt()[:6]}"):
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate
    raise ApplicationError(_("No username is free for this account; ask the school."))


def invitation_accept(*, identifier: str, code: str, password: str) -> User:
    """Open the account an invitation offers: a guardian's (role parent) or a pupil's (role
    pupil, read-only), with `password`, linked to their record. Returns the new user.

    Raises InvitationCodeError for a wrong, expired or locked code (see invitation_check;
    the wrong-code count is kept even though this action fails) and ApplicationError for a
    password the validators refuse or a person who already has an account. Nothing else is
    written unless the account opens, in one transaction.
    """
    found = invitation_check(identifier=identifier, code=code)
    return _account_open(found=found, password=password)


@transaction.atomic(durable=True)
def _account_open(*, found: Invitation, password: str) -> User:
    # Lock order (person, then invitation) is the same as invitations_send's.
    person: Guardian | Pupil
    if found.kind == Invitation.Kind.GUARDIAN:
        person = Guardian.objects.select_for_update().get(pk=found.guardian_id)
    else:
        person = Pupil.objects.select_for_update().get(pk=found.pupil_id)
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    if person.user_id is not None or invitation.accepted_at is not None:
        # The same form sent twice, or another invitation of this person was used.
        raise ApplicationError(_("This account is already open: sign in."))
    if invitation.code_salt != found.code_salt or not invitation.is_open():
        # Sent again while this form was being filled in.
        raise InvitationCodeError(
            _("This code has just been replaced: use the newest one."), {"field": "code"}
        )
    user = User(
        username=_username_for(invitation),
        full_name=person.full_name,
        email=invitation.recipient
        if invitation.channel == Invitation.Channel.EMAIL
        else getattr(person, "email", "").strip().lower(),
        phone=invitation.recipient
        if invitation.channel == Invitation.Channel.SMS
        else getattr(person, "phone", "").strip(),
    )
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), {"field": "password"}) from error
    user.set_password(password)
    user.save()
    role = Role.PARENT if invitation.kind == Invitation.Kind.GUARDIAN else Role.PUPIL
    user.groups.add(Group.objects.get(name=role.value))
    person.user = user
    person.save(update_fields=["user"])
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    return user
