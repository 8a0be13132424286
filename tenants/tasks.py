"""Cross-school fan-out tasks. They run in the public schema and enqueue one task per school."""

import random

from celery import current_app, shared_task
from django_tenants.utils import tenant_context

from tenants import selectors


@shared_task
def schools_heartbeat_fanout(spread_seconds: int = 60) -> int:
    """Enqueue one heartbeat per ready school, spread over `spread_seconds` (no herd)."""
    count = 0
    for school in selectors.school_list_ready():
        # TENANCY: the task is sent inside the school's context so it carries its schema.
        with tenant_context(school):
            current_app.send_task(
                "core_school.health.tasks.health_heartbeat",
                countdown=random.uniform(0, spread_seconds),  # noqa: S311 - jitter, not security
            )
        count += 1
    return count
