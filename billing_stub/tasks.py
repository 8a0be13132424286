"""Billing tasks. They run in the public schema; measuring enters each school's schema for its
own counts (billing_stub.metering)."""

import datetime
import random

from celery import shared_task

from billing_stub import services
from billing_stub.months import month_previous
from tenants import selectors as tenant_selectors
from tenants.models import School


@shared_task
def invoice_generate(school_id: int, month: str) -> int:
    """Measure a school's month (if not measured since it ended) and draft its invoice."""
    school = School.objects.get(pk=school_id)
    return services.invoice_generate(school=school, month=datetime.date.fromisoformat(month)).pk


@shared_task
def billing_month_close_fanout(spread_seconds: int = 600) -> int:
    """On the 1st: one invoice_generate per ready school for the month that just ended,
    spread over ten minutes (no herd on the database).

    NOTE: sent from the public schema with the school's id, not in the school's context as
    tenants.tasks._fan_out does: the work writes public rows and enters the school's schema
    only for its counts.
    """
    month = month_previous().isoformat()
    count = 0
    for school in tenant_selectors.school_list_ready():
        invoice_generate.apply_async(
            kwargs={"school_id": school.pk, "month": month},
            countdown=random.uniform(0, spread_seconds),  # noqa: S311 - jitter
        )
        count += 1
    return count
