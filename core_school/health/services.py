"""Write-side health records. Runs inside the current school's schema."""

from django.db import transaction

from core_school.health.models import Heartbeat


@transaction.atomic
def health_heartbeat(*, worker: str, task_id: str) -> Heartbeat:
    """Record a heartbeat from `worker` for the current school."""
    return Heartbeat.objects.create(worker=worker, task_id=task_id)
