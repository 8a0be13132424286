"""What the invitation pages show: guardians and pupils with the state of their account."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from core_school.academics.models import SchoolClass
from core_school.invitations.models import Invitation
from core_school.people.models import Guardian, Pupil


class AccountStatus(models.TextChoices):
    """Where a guardian (or a pupil) stands, as the staff list shows it."""

    ACCOUNT = "account", _("Account active")
    NO_CONTACT = "no_contact", _("No phone or e-mail")
    NOT_INVITED = "not_invited", _("Not invited yet")
    QUEUED = "queued", _("Invitation not sent yet")
    INVITED = "invited", _("Invited")
    EXPIRED = "expired", _("Invitation expired")
    LOCKED = "locked", _("Invitation locked (too many wrong codes)")


@dataclass(frozen=True)
class Contact:
    """How a guardian's invitation travels: by SMS to a phone (E.164) or by e-mail."""

    channel: str  # Invitation.Channel.SMS or EMAIL
    recipient: str


@dataclass(frozen=True)
class GuardianRow:
    guardian: Guardian
    children: tuple[str, ...]
    contact: Contact | None
    status: AccountStatus
    invitation: Invitation | None


@dataclass(frozen=True)
class PupilRow:
    pupil: Pupil
    status: AccountStatus
    invitation: Invitation | None


@dataclass(frozen=True)
class ClassSummary:
    """One class's families on the overview: how many guardians are in each state."""

    school_class: SchoolClass
    guardians: int
    accounts: int
    invited: int
    to_invite: int
    no_contact: int


@dataclass(frozen=True)
class InvitationCounts:
    """What a bulk invitation did: invited (a fresh code on its way), skipped because the
    person has no phone or e-mail, already has an account, or holds a valid invitation."""

    invited: int = 0
    no_contact: int = 0
    has_account: int = 0
    pending: int = 0
