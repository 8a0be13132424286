"""Refreshing the published figures: nightly for every ready school, or on demand.

Tasks are sent from the public schema with the school's id (as billing's are): the work writes
public rows and enters the school's schema only to count (reporting.services).
"""

import random

from celery import shared_task
from django.db.models import QuerySet
from django_tenants.utils import get_public_schema_name, schema_context

from reporting import services
from tenants import selectors as tenant_selectors
from tenants.models import School

# The nightly refresh is spread over half an hour: no herd on the database.
NIGHTLY_SPREAD_SECONDS = 30 * 60
# A button asks for fresh figures now; a few seconds of spread is enough.
ON_DEMAND_SPREAD_SECONDS = 10


@shared_task
def school_figures_refresh_task(school_id: int) -> int:
    """Compute and publish one school's figures and its pilot KPIs (from the start of the
    school year or 26 weeks back); the number of cells written (0 when the school is no
    longer ready)."""
    # TENANCY: the registry and the figures live in the public schema, wherever it was sent.
    with schema_context(get_public_schema_name()):
        school = tenant_selectors.school_list_ready().filter(pk=school_id).first()
        if school is None:
            return 0
        cells = services.school_figures_refresh(school=school)
        services.school_kpis_refresh(school=school)
        return cells


def figures_refresh_enqueue(*, schools: QuerySet[School], spread_seconds: float) -> int:
    """One refresh task per ready school among `schools`, each with a random countdown
    within `spread_seconds`; the number enqueued."""
    ready = tenant_selectors.school_list_ready().filter(pk__in=schools.values("pk"))
    count = 0
    for school_id in ready.values_list("pk", flat=True):
        school_figures_refresh_task.apply_async(
            kwargs={"school_id": school_id},
            countdown=random.uniform(0, spread_seconds),  # noqa: S311 - jitter
        )
        count += 1
    return count


@shared_task
def figures_refresh_fanout(spread_seconds: int = NIGHTLY_SPREAD_SECONDS) -> int:
    """Nightly: every ready school recomputes and publishes its figures, spread out."""
    # TENANCY: the registry lives in the public schema, wherever the task was sent from.
    with schema_context(get_public_schema_name()):
        return figures_refresh_enqueue(
            schools=tenant_selectors.school_list_ready(), spread_seconds=spread_seconds
        )
