"""Cross-school fan-out tasks. They run in the public schema and enqueue one task per school."""

import random

from celery import current_app, shared_task
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from accounts.models import User
from tenants import lifecycle, selectors
from tenants.models import School


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


@shared_task
def early_warnings_evaluate_fanout(spread_seconds: int = 20 * 60) -> int:
    """Every school evaluates its early-warning rules, spread over twenty minutes (they end
    before the figures, at 01:00, count the flags)."""
    return _fan_out("core_school.earlywarning.tasks.early_warnings_evaluate", spread_seconds)


# A large school's export or a purge may take longer than the default ten minutes.
LIFECYCLE_TIME_LIMIT = 2 * 60 * 60


@shared_task(time_limit=LIFECYCLE_TIME_LIMIT, soft_time_limit=LIFECYCLE_TIME_LIMIT - 60)
def school_export_task(school_id: int, actor_id: int | None = None) -> str:
    """Export one school to SCHOOL_EXPORT_DIR/<schema>/ (tenants.lifecycle.school_export);
    returns the archive's path. The console lists it with selectors.school_exports."""
    # TENANCY: the registry and the operators live in the public schema, wherever it was sent.
    with schema_context(get_public_schema_name()):
        school = School.objects.get(pk=school_id)
        actor = User.objects.get(pk=actor_id) if actor_id is not None else None
        return str(lifecycle.school_export(school=school, actor=actor))


@shared_task(time_limit=LIFECYCLE_TIME_LIMIT, soft_time_limit=LIFECYCLE_TIME_LIMIT - 60)
def schools_purge_due_task() -> list[str]:
    """Daily: delete for good the schools whose deletion delay is over (public schema)."""
    # TENANCY: the registry lives in the public schema, wherever the task was sent from.
    with schema_context(get_public_schema_name()):
        return lifecycle.schools_purge_due()
