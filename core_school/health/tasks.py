"""Health tasks. Each runs in the schema of the school that sent it."""

import socket

from celery import shared_task
from celery.app.task import Task

from core_school.health import services


@shared_task(bind=True)
def health_heartbeat(self: Task) -> int:
    """Record that a worker processed a task for the current school."""
    heartbeat = services.health_heartbeat(
        worker=self.request.hostname or socket.gethostname(), task_id=self.request.id or ""
    )
    return heartbeat.pk
