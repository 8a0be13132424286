"""What a month costs: invoice lines from a plan and a month's usage. Pure integer arithmetic in
VND (no floats, no rounding surprises)."""

from typing import TypedDict

from billing_stub.models import API_CALL_BLOCK, GIGABYTE, Invoice, Plan, UsageRecord


class InvoiceLine(TypedDict):
    kind: str
    quantity: int
    unit_price: int
    amount: int


def _blocks(amount: int, size: int) -> int:
    """How many blocks of `size` hold `amount` (every block started counts)."""
    return -(-amount // size)


def _line(kind: str, quantity: int, unit_price: int) -> InvoiceLine:
    return {
        "kind": kind,
        "quantity": quantity,
        "unit_price": unit_price,
        "amount": quantity * unit_price,
    }


def invoice_lines(*, plan: Plan, usage: UsageRecord) -> list[InvoiceLine]:
    """The lines of a month's invoice.

    Always the active pupils at the plan's price (zero on the pilot plan, so the pilot's
    invoice still states the usage); then, only when they cost something, API calls beyond
    the plan's allowance per started thousand, and storage beyond its quota per started GB.
    """
    lines = [_line(Invoice.LINE_PUPILS, usage.active_pupils, plan.price_per_pupil_vnd)]
    extra_calls = max(0, usage.api_calls - plan.included_api_calls)
    if extra_calls and plan.api_overage_per_1000_vnd:
        lines.append(
            _line(
                Invoice.LINE_API_CALLS,
                _blocks(extra_calls, API_CALL_BLOCK),
                plan.api_overage_per_1000_vnd,
            )
        )
    extra_bytes = max(0, usage.storage_bytes - plan.storage_quota_bytes)
    if extra_bytes and plan.storage_overage_per_gb_vnd:
        lines.append(
            _line(
                Invoice.LINE_STORAGE,
                _blocks(extra_bytes, GIGABYTE),
                plan.storage_overage_per_gb_vnd,
            )
        )
    return lines


def vat_amount(*, subtotal: int, percent: int) -> int:
    """VAT on `subtotal` at a whole `percent`, rounded half up to the đồng."""
    return (subtotal * percent + 50) // 100
