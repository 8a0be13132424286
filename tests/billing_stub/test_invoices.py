"""Invoices: one per school and month, computed from the measured usage and the plan, drafted,
issued, voided; numbers in sequence; whole VND."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from billing_stub import metering, services
from billing_stub.models import Invoice, Plan, Subscription, UsageRecord
from billing_stub.months import month_current
from config.errors import ApplicationError
from tenants.models import School
from tests.billing_stub.conftest import school_on_plan


def test_invoice_generate_on_the_standard_plan_charges_each_active_pupil(
    school_a: School, standard_invoice: Invoice, last_month: datetime.date
) -> None:
    # given
    pupils = metering.school_counts(school=school_a, month=last_month)["active_pupils"]
    # then
    assert standard_invoice.status == Invoice.Status.DRAFT
    assert standard_invoice.number == f"TS-{last_month:%Y-%m}-0001"
    assert standard_invoice.lines == [
        {"kind": "pupils", "quantity": pupils, "unit_price": 3000, "amount": pupils * 3000}
    ]
    assert standard_invoice.subtotal_vnd == pupils * 3000 == 5_109_000
    assert (standard_invoice.vat_percent, standard_invoice.vat_vnd) == (0, 0)
    assert standard_invoice.total_vnd == 5_109_000
    assert standard_invoice.usage["active_pupils"] == pupils
    assert (standard_invoice.school_name, standard_invoice.school_code) == (
        "THCS Cầu Giấy",
        "01013501",
    )
    assert standard_invoice.authority_name == "UBND phường Cầu Giấy"


def test_invoice_generate_is_idempotent(
    school_a: School, standard_invoice: Invoice, last_month: datetime.date
) -> None:
    # when
    again = services.invoice_generate(school=school_a, month=last_month)
    # then
    assert again.pk == standard_invoice.pk
    assert again.number == standard_invoice.number
    assert again.total_vnd == standard_invoice.total_vnd
    assert Invoice.objects.filter(school=school_a, month=last_month).count() == 1
    assert UsageRecord.objects.filter(school=school_a, month=last_month).count() == 1


def test_invoice_generate_measures_the_month_once_it_is_over(
    school_a: School, standard_invoice: Invoice, last_month: datetime.date
) -> None:
    # given: the measurement made after the month ended is kept as it is
    record = UsageRecord.objects.get(school=school_a, month=last_month)
    # when
    services.invoice_generate(school=school_a, month=last_month)
    # then
    assert UsageRecord.objects.get(pk=record.pk).measured_at == record.measured_at


def test_invoice_generate_measures_again_a_month_measured_before_it_ended(
    school_b: School, last_month: datetime.date
) -> None:
    # given: a "measure now" made during the month, with a wrong figure
    UsageRecord.objects.create(
        school=school_b,
        month=last_month,
        active_pupils=1,
        staff=1,
        storage_bytes=1,
        api_calls=0,
        measured_at=timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(9))),
    )
    # when
    invoice = services.invoice_generate(school=school_b, month=last_month)
    # then
    assert invoice.usage["active_pupils"] == 123
    assert UsageRecord.objects.get(school=school_b, month=last_month).active_pupils == 123


def test_invoice_generate_on_the_pilot_plan_is_a_zero_statement(
    school_b: School, last_month: datetime.date
) -> None:
    # when: the school has no subscription yet: it gets the pilot plan
    invoice = services.invoice_generate(school=school_b, month=last_month)
    # then
    assert Subscription.objects.get(school=school_b).plan.code == Plan.PILOT
    assert invoice.plan.code == Plan.PILOT
    assert invoice.lines == [{"kind": "pupils", "quantity": 123, "unit_price": 0, "amount": 0}]
    assert invoice.total_vnd == 0
    assert not services.invoice_issue(invoice=invoice, actor=None).is_payable


def test_invoice_generate_adds_vat_at_the_configured_rate(
    school_a: School, operator_user: User, last_month: datetime.date, settings: object
) -> None:
    # given
    settings.BILLING_VAT_PERCENT = 8  # type: ignore[attr-defined]
    school_on_plan(school_a, Plan.STANDARD, operator_user)
    # when
    invoice = services.invoice_generate(school=school_a, month=last_month)
    # then
    assert (invoice.subtotal_vnd, invoice.vat_percent) == (5_109_000, 8)
    assert invoice.vat_vnd == 408_720
    assert invoice.total_vnd == 5_517_720


def test_a_draft_follows_a_plan_change_and_keeps_its_number(
    school_a: School, standard_invoice: Invoice, operator_user: User, last_month: datetime.date
) -> None:
    # given
    school_on_plan(school_a, Plan.PILOT, operator_user)
    # when
    again = services.invoice_generate(school=school_a, month=last_month)
    # then
    assert (again.pk, again.number) == (standard_invoice.pk, standard_invoice.number)
    assert (again.plan.code, again.total_vnd) == (Plan.PILOT, 0)


def test_an_issued_invoice_never_changes(
    school_a: School, issued_invoice: Invoice, operator_user: User, last_month: datetime.date
) -> None:
    # given
    school_on_plan(school_a, Plan.PILOT, operator_user)
    # when
    again = services.invoice_generate(school=school_a, month=last_month)
    # then
    assert again.pk == issued_invoice.pk
    assert again.status == Invoice.Status.ISSUED
    assert (again.plan.code, again.total_vnd) == (Plan.STANDARD, 5_109_000)
    assert again.issued_at is not None


def test_after_a_void_the_month_gets_a_new_number(
    school_a: School, school_b: School, issued_invoice: Invoice, last_month: datetime.date
) -> None:
    # given
    services.invoice_generate(school=school_b, month=last_month)  # -0002
    services.invoice_void(invoice=issued_invoice, actor=None, reason="Sai số học sinh")
    # when
    new = services.invoice_generate(school=school_a, month=last_month)
    # then
    assert new.pk != issued_invoice.pk
    assert new.number == f"TS-{last_month:%Y-%m}-0003"
    assert Invoice.objects.get(pk=issued_invoice.pk).status == Invoice.Status.VOID


def test_invoice_void_needs_a_reason(issued_invoice: Invoice) -> None:
    with pytest.raises(ApplicationError, match="Say why"):
        services.invoice_void(invoice=issued_invoice, actor=None, reason="  ")
    assert Invoice.objects.get(pk=issued_invoice.pk).status == Invoice.Status.ISSUED


def test_invoice_issue_refuses_an_issued_invoice(issued_invoice: Invoice) -> None:
    with pytest.raises(ApplicationError, match="Only a draft"):
        services.invoice_issue(invoice=issued_invoice, actor=None)


def test_invoice_generate_refuses_a_month_that_is_not_over(school_a: School) -> None:
    with pytest.raises(ApplicationError, match="not"):
        services.invoice_generate(school=school_a, month=month_current())
    assert not Invoice.objects.filter(school=school_a).exists()


def test_usage_measure_refuses_a_month_that_has_not_started(school_a: School) -> None:
    next_month = (month_current() + datetime.timedelta(days=32)).replace(day=1)
    with pytest.raises(ApplicationError, match="not started"):
        services.usage_measure(school=school_a, month=next_month)


def test_usage_measure_again_replaces_the_month(school_b: School) -> None:
    # given
    first = services.usage_measure(school=school_b, month=month_current())
    # when
    second = services.usage_measure(school=school_b, month=month_current())
    # then
    assert second.pk == first.pk
    assert second.measured_at > first.measured_at
    assert UsageRecord.objects.filter(school=school_b, month=month_current()).count() == 1


def test_usage_measure_all_measures_every_open_school(school_a: School, school_b: School) -> None:
    records = services.usage_measure_all(month=month_current())
    assert {record.school_id for record in records} == {school_a.pk, school_b.pk}


def test_subscription_plan_change_refuses_a_plan_not_on_offer(
    school_a: School, operator_user: User
) -> None:
    # given
    Plan.objects.filter(code=Plan.STANDARD).update(is_active=False)
    # when / then
    with pytest.raises(ApplicationError, match="plans on offer"):
        services.subscription_plan_change(
            school=school_a, plan_code=Plan.STANDARD, actor=operator_user
        )
    assert not Subscription.objects.filter(school=school_a).exists()


def test_plans_ensure_recreates_a_missing_plan_and_keeps_the_others(db: None) -> None:
    # given: the data migration made both plans; an operator changed the pilot's allowance
    Plan.objects.filter(code=Plan.PILOT).update(included_api_calls=5)
    Plan.objects.filter(code=Plan.STANDARD).delete()
    # when
    created = services.plans_ensure()
    # then
    assert [plan.code for plan in created] == [Plan.STANDARD]
    assert Plan.objects.get(code=Plan.PILOT).included_api_calls == 5
