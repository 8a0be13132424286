"""Write-side people operations. Runs inside the current school's schema."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from config.errors import ApplicationError
from core_school.people.access import Actor
from core_school.people.models import Consent, Guardian, RecordAccess


def record_access_log(*, actor: Actor, pupil_id: int, kind: str) -> RecordAccess:
    """Note that a member of staff opened a pupil's record (no transaction of its own: it is
    written with the page that shows the record)."""
    labels = [str(Role(role).label) for role in Role if role in actor.roles]
    return RecordAccess.objects.create(
        pupil_id=pupil_id, user=actor.user, roles=", ".join(labels), kind=kind
    )


@transaction.atomic(durable=True)
def consent_set(*, user: User, pupil_id: int, purpose: str, granted: bool) -> Consent:
    """Record a guardian's answer for one child and purpose, with the current text version.

    Raises ApplicationError when the user is not a guardian of the pupil or the purpose is
    unknown.
    """
    from core_school.people.consent_texts import CONSENT_TEXTS

    guardian = Guardian.objects.filter(user=user, guardianships__pupil_id=pupil_id).first()
    if guardian is None:
        raise ApplicationError(_("Only the child's guardians answer for them."))
    if purpose not in CONSENT_TEXTS:
        raise ApplicationError(_("Unknown purpose “%(p)s”.") % {"p": purpose}, {"field": "purpose"})
    version, _text = CONSENT_TEXTS[purpose]
    return Consent.objects.create(
        guardian=guardian,
        pupil_id=pupil_id,
        purpose=purpose,
        granted=granted,
        text_version=version,
    )
