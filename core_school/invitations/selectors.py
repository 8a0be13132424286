"""Reads for family invitations. Runs inside the current school's schema.

The families of a class are the guardians of its pupils who are in it now (open enrolment);
the whole school's, the guardians of every pupil in a class of the current school year.
"""

import contextlib
import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from config import sms
from core_school.academics.models import Enrolment, SchoolClass
from core_school.invitations import permissions
from core_school.invitations.models import Invitation
from core_school.invitations.types import (
    AccountStatus,
    ClassSummary,
    Contact,
    GuardianRow,
    PupilRow,
)
from core_school.people.access import Actor
from core_school.people.models import Guardian, Guardianship


def current_enrolments(*, school_class_id: int | None) -> QuerySet[Enrolment]:
    """Open enrolments in the class, or in every class of the current school year."""
    enrolments = Enrolment.objects.filter(ends_on__isnull=True)
    if school_class_id is None:
        return enrolments.filter(school_class__school_year__is_current=True)
    return enrolments.filter(school_class_id=school_class_id)


def guardian_ids_in_scope(*, school_class_id: int | None) -> list[int]:
    """The guardians of the class's pupils (None: of the whole school), in id order."""
    pupils = current_enrolments(school_class_id=school_class_id).values("pupil_id")
    return list(
        Guardianship.objects.filter(pupil_id__in=pupils)
        .order_by("guardian_id")
        .values_list("guardian_id", flat=True)
        .distinct()
    )


def guardian_contact(*, phone: str, email: str) -> Contact | None:
    """Where a guardian's invitation goes: a valid mobile number first (it also becomes their
    phone sign-in), else the e-mail address; None when the school has neither."""
    if phone:
        try:
            return Contact(channel=Invitation.Channel.SMS, recipient=sms.normalise_phone(phone))
        except ValueError:
            pass
    if email.strip():
        return Contact(channel=Invitation.Channel.EMAIL, recipient=email.strip().lower())
    return None


def invitation_status(invitation: Invitation | None, *, now: datetime.datetime) -> AccountStatus:
    """The state of a person without an account who can be reached, from their invitation."""
    if invitation is None or invitation.accepted_at is not None:
        return AccountStatus.NOT_INVITED
    if invitation.is_locked:
        return AccountStatus.LOCKED
    if invitation.is_expired(now):
        return AccountStatus.EXPIRED
    if invitation.sent_at is None:
        return AccountStatus.QUEUED
    return AccountStatus.INVITED


def _guardian_status(
    guardian: Guardian, contact: Contact | None, *, now: datetime.datetime
) -> AccountStatus:
    if guardian.user_id is not None:
        return AccountStatus.ACCOUNT
    if contact is None:
        return AccountStatus.NO_CONTACT
    return invitation_status(getattr(guardian, "invitation", None), now=now)


def guardian_rows_for_class(*, school_class_id: int) -> list[GuardianRow]:
    """The class's guardians, by name, each with their children in the class, where an
    invitation would go and the state of their account. One query."""
    links = (
        Guardianship.objects.filter(
            pupil__enrolments__school_class_id=school_class_id,
            pupil__enrolments__ends_on__isnull=True,
        )
        .select_related("guardian", "guardian__invitation", "pupil")
        .order_by("guardian__full_name", "guardian_id", "pupil__full_name")
    )
    guardians: dict[int, Guardian] = {}
    children: dict[int, list[str]] = defaultdict(list)
    for link in links:
        guardians.setdefault(link.guardian_id, link.guardian)
        children[link.guardian_id].append(link.pupil.full_name)
    now = timezone.now()
    rows = []
    for guardian_id, guardian in guardians.items():
        contact = guardian_contact(phone=guardian.phone, email=guardian.email)
        rows.append(
            GuardianRow(
                guardian=guardian,
                children=tuple(children[guardian_id]),
                contact=contact,
                status=_guardian_status(guardian, contact, now=now),
                invitation=getattr(guardian, "invitation", None),
            )
        )
    return rows


def pupil_rows_for_class(*, school_class_id: int) -> list[PupilRow]:
    """The class's pupils, by name, with the state of their read-only account. One query."""
    enrolments = (
        Enrolment.objects.filter(school_class_id=school_class_id, ends_on__isnull=True)
        .select_related("pupil", "pupil__invitation")
        .order_by("pupil__full_name", "pupil_id")
    )
    now = timezone.now()
    rows = []
    for enrolment in enrolments:
        pupil = enrolment.pupil
        invitation = getattr(pupil, "invitation", None)
        status = (
            AccountStatus.ACCOUNT
            if pupil.user_id is not None
            else invitation_status(invitation, now=now)
        )
        rows.append(PupilRow(pupil=pupil, status=status, invitation=invitation))
    return rows


def printable_pupil_invitations(*, school_class_id: int) -> list[PupilRow]:
    """The class's pupils whose printed code still opens an account (for the class list)."""
    return [
        row
        for row in pupil_rows_for_class(school_class_id=school_class_id)
        if row.status == AccountStatus.INVITED
    ]


def manageable_classes(*, actor: Actor) -> QuerySet[SchoolClass]:
    """The current year's classes whose families the actor may invite."""
    classes = SchoolClass.objects.filter(school_year__is_current=True).select_related(
        "homeroom_teacher"
    )
    if not permissions.may_invite(actor=actor, school_class_id=None):
        classes = classes.filter(pk__in=actor.homeroom_class_ids if actor.staff else [])
    return classes.order_by("grade", "name")


def class_summaries(*, actor: Actor) -> list[ClassSummary]:
    """For each class the actor may invite the families of: how many guardians have an
    account, hold a valid invitation, are still to invite, or have no contact. Two queries."""
    classes = list(manageable_classes(actor=actor))
    links = (
        Guardianship.objects.filter(
            pupil__enrolments__school_class_id__in=[c.pk for c in classes],
            pupil__enrolments__ends_on__isnull=True,
        )
        .order_by()
        .values_list(
            "pupil__enrolments__school_class_id",
            "guardian_id",
            "guardian__user_id",
            "guardian__phone",
            "guardian__email",
            "guardian__invitation__accepted_at",
            "guardian__invitation__expires_at",
            "guardian__invitation__failed_attempts",
            "guardian__invitation__sent_at",
        )
        .distinct()
    )
    now = timezone.now()
    by_class: dict[int, dict[int, AccountStatus]] = defaultdict(dict)
    for class_id, guardian_id, user_id, phone, email, accepted, expires, failed, sent in links:
        if user_id is not None:
            status = AccountStatus.ACCOUNT
        elif guardian_contact(phone=phone, email=email) is None:
            status = AccountStatus.NO_CONTACT
        else:
            invitation = (
                Invitation(
                    accepted_at=accepted, expires_at=expires, failed_attempts=failed, sent_at=sent
                )
                if expires is not None
                else None
            )
            status = invitation_status(invitation, now=now)
        by_class[class_id][guardian_id] = status
    summaries = []
    for school_class in classes:
        statuses = list(by_class[school_class.pk].values())
        summaries.append(
            ClassSummary(
                school_class=school_class,
                guardians=len(statuses),
                accounts=statuses.count(AccountStatus.ACCOUNT),
                invited=sum(s in (AccountStatus.INVITED, AccountStatus.QUEUED) for s in statuses),
                to_invite=sum(
                    s in (AccountStatus.NOT_INVITED, AccountStatus.EXPIRED, AccountStatus.LOCKED)
                    for s in statuses
                ),
                no_contact=statuses.count(AccountStatus.NO_CONTACT),
            )
        )
    return summaries


def open_invitations_for(*, identifier: str) -> list[Invitation]:
    """The invitations not yet accepted whose recipient is `identifier`, however it was
    typed: a phone number in any Vietnamese form, an e-mail address in any case, or a pupil's
    national identifier."""
    text = identifier.strip()
    if not text:
        return []
    wanted = {text, text.lower()}
    with contextlib.suppress(ValueError):
        wanted.add(sms.normalise_phone(text))
    return list(
        Invitation.objects.filter(recipient__in=wanted, accepted_at__isnull=True).order_by("pk")
    )
