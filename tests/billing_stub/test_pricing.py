"""Invoice lines from a plan and a month's usage: whole VND, every started block counts."""

import datetime

import pytest
from django.utils import timezone

from billing_stub import pricing
from billing_stub.models import GIGABYTE, Invoice, Plan, UsageRecord

STANDARD = Plan(
    code="standard",
    name="Tiêu chuẩn",
    price_per_pupil_vnd=3_000,
    included_api_calls=200_000,
    api_overage_per_1000_vnd=2_000,
    storage_quota_bytes=20 * GIGABYTE,
    storage_overage_per_gb_vnd=5_000,
)
PILOT = Plan(
    code="pilot",
    name="Thí điểm",
    price_per_pupil_vnd=0,
    included_api_calls=1_000_000,
    storage_quota_bytes=20 * GIGABYTE,
)


def _usage(*, pupils: int, calls: int = 0, storage: int = 0) -> UsageRecord:
    return UsageRecord(
        month=datetime.date(2026, 10, 1),
        active_pupils=pupils,
        staff=90,
        storage_bytes=storage,
        api_calls=calls,
        measured_at=timezone.now(),
    )


def test_invoice_lines_within_the_allowances_are_the_pupils_only() -> None:
    lines = pricing.invoice_lines(plan=STANDARD, usage=_usage(pupils=1703, calls=200_000))
    assert lines == [
        {"kind": Invoice.LINE_PUPILS, "quantity": 1703, "unit_price": 3000, "amount": 5_109_000}
    ]


def test_invoice_lines_charge_every_started_thousand_calls_and_gigabyte() -> None:
    # given: 1 call and 1 byte beyond the allowances
    usage = _usage(pupils=10, calls=200_001, storage=20 * GIGABYTE + 1)
    # when
    lines = pricing.invoice_lines(plan=STANDARD, usage=usage)
    # then
    assert lines[1:] == [
        {"kind": Invoice.LINE_API_CALLS, "quantity": 1, "unit_price": 2000, "amount": 2000},
        {"kind": Invoice.LINE_STORAGE, "quantity": 1, "unit_price": 5000, "amount": 5000},
    ]


def test_invoice_lines_of_2_5_million_extra_calls_are_2_500_blocks() -> None:
    lines = pricing.invoice_lines(plan=STANDARD, usage=_usage(pupils=0, calls=2_700_000))
    assert lines[1]["quantity"] == 2_500
    assert lines[1]["amount"] == 5_000_000


def test_invoice_lines_of_the_pilot_plan_cost_nothing_beyond_its_allowances() -> None:
    usage = _usage(pupils=1703, calls=5_000_000, storage=50 * GIGABYTE)
    lines = pricing.invoice_lines(plan=PILOT, usage=usage)
    assert lines == [{"kind": Invoice.LINE_PUPILS, "quantity": 1703, "unit_price": 0, "amount": 0}]


@pytest.mark.parametrize(
    ("subtotal", "percent", "vat"),
    [(5_109_000, 0, 0), (5_109_000, 10, 510_900), (1_005, 10, 101), (1_004, 10, 100)],
)
def test_vat_amount_rounds_half_up_to_the_dong(subtotal: int, percent: int, vat: int) -> None:
    assert pricing.vat_amount(subtotal=subtotal, percent=percent) == vat
