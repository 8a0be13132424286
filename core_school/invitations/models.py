"""Invitations (lời mời) to open a family account: a guardian's, or a pupil's read-only one."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Wrong codes an invitation takes before it is locked (the school then sends a new one).
MAX_FAILED_ATTEMPTS = 5


class Invitation(models.Model):
    """A code that lets one guardian (or one pupil) open their account on the school's host.

    One row per person: sending again replaces the code (a new `code_salt`), so an older code
    stops working. The code itself is never stored: it is derived from `code_salt` with the
    server's secret key (core_school.invitations.codes), so a copy of the database reveals no
    code, while a retried delivery or a reprinted class list shows the same one.
    """

    class Kind(models.TextChoices):
        GUARDIAN = "guardian", _("Guardian")
        PUPIL = "pupil", _("Pupil")

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")
        PRINTED = "printed", _("Printed list for the homeroom teacher")

    kind = models.CharField(_("for"), max_length=8, choices=Kind.choices)
    guardian = models.OneToOneField(
        "people.Guardian",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitation",
    )
    pupil = models.OneToOneField(
        "people.Pupil", on_delete=models.CASCADE, null=True, blank=True, related_name="invitation"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    # What the person types on the invitation page with the code: the phone number (E.164),
    # the e-mail address (lower case), or the pupil's national identifier.
    recipient = models.CharField(_("sent to"), max_length=254, db_index=True)
    code_salt = models.CharField(max_length=32)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("wrong codes"), default=0)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account created"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="guardian", guardian__isnull=False, pupil__isnull=True)
                    | models.Q(kind="pupil", pupil__isnull=False, guardian__isnull=True)
                ),
                name="invitation_for_one_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.guardian_id or self.pupil_id} → {self.recipient}"

    @property
    def is_locked(self) -> bool:
        return self.failed_attempts >= MAX_FAILED_ATTEMPTS

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())

    def is_open(self) -> bool:
        """Not yet accepted, not expired, not locked: its code can still open an account."""
        return self.accepted_at is None and not self.is_expired() and not self.is_locked
