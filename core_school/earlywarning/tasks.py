"""Early-warning tasks. Each runs in the schema of the school that sent it
(tenants.tasks.early_warnings_evaluate_fanout sends one per ready school each night)."""

from celery import shared_task

from core_school.earlywarning import services


@shared_task
def early_warnings_evaluate() -> int:
    """Evaluate this school's early-warning rules; the number of flags raised."""
    return services.early_warnings_evaluate().raised
