"""Invitation delivery. Runs in the schema of the school that sent it (tenant-schemas-celery)."""

from celery import shared_task
from celery.app.task import Task

from core_school.invitations import services

# A failed send is tried again after 1, 2, 4, 8 and 16 minutes, with the same code and key.
MAX_RETRIES = 5


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def invitations_deliver(self: Task, invitation_ids: list[int]) -> int:
    """Send these guardians' invitations (those not sent yet). Returns how many were sent."""
    results = {
        invitation_id: services.invitation_deliver(invitation_id=invitation_id)
        for invitation_id in invitation_ids
    }
    failed = [invitation_id for invitation_id, result in results.items() if result == "failed"]
    if failed:
        raise self.retry(args=[failed], countdown=60 * 2**self.request.retries)
    return sum(result == "sent" for result in results.values())
