"""The monthly close: on the 1st, every open school's month that just ended is measured and
gets its draft invoice (Celery runs eagerly in tests)."""

import datetime

from celery import current_app
from django.conf import settings
from django.db import connection

from billing_stub import tasks
from billing_stub.models import Invoice, UsageRecord
from tenants.models import School


def test_billing_month_close_fanout_drafts_one_invoice_per_open_school(
    school_a: School, school_b: School, last_month: datetime.date
) -> None:
    # when
    sent = tasks.billing_month_close_fanout.delay(spread_seconds=0).get()
    # then
    assert sent == 2
    invoices = Invoice.objects.filter(month=last_month)
    assert {i.school_id for i in invoices} == {school_a.pk, school_b.pk}
    assert {i.status for i in invoices} == {Invoice.Status.DRAFT}
    assert UsageRecord.objects.filter(month=last_month).count() == 2
    assert connection.schema_name == "public"


def test_billing_month_close_fanout_skips_a_suspended_school(
    school_a: School, school_b: School, last_month: datetime.date
) -> None:
    # given
    School.objects.filter(pk=school_b.pk).update(status=School.Status.SUSPENDED)
    # when
    sent = tasks.billing_month_close_fanout.delay(spread_seconds=0).get()
    # then
    assert sent == 1
    assert list(Invoice.objects.values_list("school__slug", flat=True)) == ["caugiay"]


def test_the_scheduler_closes_each_month_on_the_first() -> None:
    # given
    entry = settings.CELERY_BEAT_SCHEDULE["billing-month-close"]
    # then
    assert entry["task"] in current_app.tasks
    assert entry["schedule"].day_of_month == {1}
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {0})
