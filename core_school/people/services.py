"""Write-side people operations. Runs inside the current school's schema."""

from accounts.roles import Role
from core_school.people.access import Actor
from core_school.people.models import RecordAccess


def record_access_log(*, actor: Actor, pupil_id: int, kind: str) -> RecordAccess:
    """Note that a member of staff opened a pupil's record (no transaction of its own: it is
    written with the page that shows the record)."""
    labels = [str(Role(role).label) for role in Role if role in actor.roles]
    return RecordAccess.objects.create(
        pupil_id=pupil_id, user=actor.user, roles=", ".join(labels), kind=kind
    )
