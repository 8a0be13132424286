"""Billing rows for list tests that need many of them: usage records and invoices written as
the services would leave them, for schools without a schema (tests.console.factories)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from billing_stub.models import Invoice, Plan, UsageRecord


class UsageRecordFactory(DjangoModelFactory[UsageRecord]):
    """A measured month. Pass `school` and `month` (a first day)."""

    class Meta:
        model = UsageRecord

    active_pupils = 500
    staff = 40
    storage_bytes = 3_000_000_000
    api_calls = 12_000
    measured_at = factory.LazyFunction(timezone.now)


class InvoiceFactory(DjangoModelFactory[Invoice]):
    """A draft on the standard plan for 500 pupils. Pass `school` and `month` (a first day)."""

    class Meta:
        model = Invoice

    number = factory.Sequence(lambda n: f"TS-2000-01-{n + 1:04d}")
    school_name = factory.LazyAttribute(lambda o: o.school.name)
    school_code = factory.LazyAttribute(lambda o: o.school.code)
    plan = factory.LazyFunction(lambda: Plan.objects.get(code=Plan.STANDARD))
    usage = factory.LazyFunction(
        lambda: {
            "active_pupils": 500,
            "staff": 40,
            "storage_bytes": 3_000_000_000,
            "api_calls": 12_000,
            "measured_at": datetime.datetime(2000, 2, 1, tzinfo=datetime.UTC).isoformat(),
        }
    )
    lines = factory.LazyFunction(
        lambda: [{"kind": "pupils", "quantity": 500, "unit_price": 3_000, "amount": 1_500_000}]
    )
    subtotal_vnd = 1_500_000
    vat_percent = 0
    vat_vnd = 0
    total_vnd = 1_500_000
