"""The billing commands: measure, invoice, ensure the plans."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from billing_stub.models import Invoice, Plan, UsageRecord
from billing_stub.months import month_current
from tenants.models import School


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_billing_measure_measures_every_open_school_for_this_month(
    school_a: School, school_b: School
) -> None:
    # when
    out = _run("billing_measure")
    # then
    assert f"caugiay {month_current():%Y-%m}: 1703 active pupils, 90 staff" in out
    assert f"nghiatan {month_current():%Y-%m}: 123 active pupils, 16 staff" in out
    assert UsageRecord.objects.filter(month=month_current()).count() == 2


def test_billing_measure_of_one_school_and_month(
    school_b: School, last_month: datetime.date
) -> None:
    # when
    out = _run("billing_measure", "--month", f"{last_month:%Y-%m}", "--school", "nghiatan")
    # then
    assert out.startswith(f"nghiatan {last_month:%Y-%m}: 123 active pupils")
    assert list(UsageRecord.objects.values_list("school__slug", "month")) == [
        ("nghiatan", last_month)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--month", "2026-13"), "is not a month"),
        (("--school", "khongco"), "No school with the host name 'khongco'"),
    ],
)
def test_billing_measure_refuses_bad_options(db: None, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _run("billing_measure", *args)
    assert not UsageRecord.objects.exists()


def test_billing_invoices_drafts_then_issues_last_month(
    school_a: School, school_b: School, last_month: datetime.date
) -> None:
    # when
    drafted = _run("billing_invoices", "--month", f"{last_month:%Y-%m}")
    issued = _run("billing_invoices", "--issue")
    # then
    assert f"TS-{last_month:%Y-%m}-0001 caugiay {last_month:%Y-%m}: 0 VND (Draft)" in drafted
    assert f"TS-{last_month:%Y-%m}-0002 nghiatan" in drafted
    assert "(Issued)" in issued
    assert set(Invoice.objects.values_list("status", flat=True)) == {Invoice.Status.ISSUED}
    assert Invoice.objects.count() == 2


def test_billing_invoices_refuses_this_month(db: None) -> None:
    with pytest.raises(CommandError, match="not"):
        _run("billing_invoices", "--month", f"{month_current():%Y-%m}")
    assert not Invoice.objects.exists()


def test_billing_plans_ensure_creates_what_is_missing(db: None) -> None:
    # given
    Plan.objects.filter(code=Plan.STANDARD).delete()
    # when
    first = _run("billing_plans_ensure")
    second = _run("billing_plans_ensure")
    # then
    assert "Created plan standard (Tiêu chuẩn)." in first
    assert second.strip() == "2 plans; 0 created now."
