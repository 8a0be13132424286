"""The payment side of billing, behind one interface. THIS IS THE STUB of billing_stub.

A provider charges an invoice and says how it went. The installation picks its provider with
the BILLING_PAYMENT_PROVIDER setting (a dotted path). The only provider shipped,
StubPaymentProvider, moves no money: it answers "paid" with a reference marked STUB. A real
provider (a bank transfer reconciliation, VNPay, MoMo...) implements the same `charge`.
"""

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from billing_stub.models import Invoice


@dataclass(frozen=True)
class PaymentResult:
    """What a provider answered: success with its reference, or failure with why."""

    succeeded: bool
    reference: str = ""
    message: str = ""


class PaymentProvider(Protocol):
    """Charges invoices. `charge` must not raise for a refused payment: it returns a failed
    PaymentResult; an exception means the provider could not be reached."""

    def charge(self, invoice: "Invoice") -> PaymentResult: ...


class StubPaymentProvider:
    """The stub: every charge succeeds at once and no money moves. The reference starts with
    STUB- so nobody mistakes it for a real transaction."""

    def charge(self, invoice: "Invoice") -> PaymentResult:
        return PaymentResult(
            succeeded=True,
            reference=f"STUB-{invoice.number}-{secrets.token_hex(4).upper()}",
            message="Stub payment provider: no money was moved.",
        )


def payment_provider() -> PaymentProvider:
    """The provider named by BILLING_PAYMENT_PROVIDER."""
    provider: PaymentProvider = import_string(settings.BILLING_PAYMENT_PROVIDER)()
    return provider


def payment_provider_name() -> str:
    return settings.BILLING_PAYMENT_PROVIDER
