"""Cross-school fan-out tasks. They run in the public schema and enqueue one task per school."""

import random

from celery import current_app, shared_task
from django_tenants.utils import tenant_context

from tenants import selectors


@shared_task
def schools_heartbeat_fanout(spread_seconds: int = 60) -> int:
    """Enqueue one heartbeat per ready school, spread over `spread_seconds` (no herd)."""
    return _fan_out("core_school.health.tasks.health_heartbeat", spread_seconds)


def _fan_out(task_name: str, spread_seconds: float) -> int:
    """Enqueue `task_name` once per ready school, in its schema, spread over the period."""
    count = 0
    for school in selectors.school_list_ready():
        # TENANCY: the task is sent inside the school's context so it carries its schema.
        with tenant_context(school):
            current_app.send_task(
                task_name,
                countdown=random.uniform(0, spread_seconds),  # noqa: S311 - jitter
            )
        count += 1
    return count


@shared_task
def notifications_sweep_fanout(spread_seconds: int = 30) -> int:
    """Every school delivers its pending notifications that are due (retries, quiet hours,
    rows whose task was lost)."""
    return _fan_out("core_school.notifications.tasks.notifications_sweep", spread_seconds)


@shared_task
def notifications_digest_fanout(spread_seconds: int = 600) -> int:
    """Every school writes its evening digests, spread over ten minutes."""
    return _fan_out("core_school.notifications.tasks.notifications_digest", spread_seconds)
