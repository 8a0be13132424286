"""Payment goes through the PaymentProvider interface; the provider shipped is the stub."""

import pytest

from accounts.models import User
from billing_stub import services
from billing_stub.models import Invoice, Payment
from billing_stub.payments import PaymentResult, StubPaymentProvider, payment_provider
from config.errors import ApplicationError

PROVIDERS = "tests.billing_stub.test_payments"


class RefusingProvider:
    """A provider whose bank says no."""

    def charge(self, invoice: Invoice) -> PaymentResult:
        return PaymentResult(succeeded=False, message="Tài khoản không đủ số dư")


class BrokenProvider:
    """A provider that cannot be reached."""

    def charge(self, invoice: Invoice) -> PaymentResult:
        raise ConnectionError("gateway timeout")


def test_the_default_provider_is_the_stub() -> None:
    assert isinstance(payment_provider(), StubPaymentProvider)


def test_invoice_pay_through_the_stub_marks_the_invoice_paid(
    issued_invoice: Invoice, operator_user: User
) -> None:
    # when
    payment = services.invoice_pay(invoice=issued_invoice, actor=operator_user)
    # then
    invoice = Invoice.objects.get(pk=issued_invoice.pk)
    assert payment.status == Payment.Status.SUCCEEDED
    assert payment.provider == "billing_stub.payments.StubPaymentProvider"
    assert payment.amount_vnd == invoice.total_vnd == 5_109_000
    assert payment.reference.startswith(f"STUB-{invoice.number}-")
    assert payment.created_by == operator_user
    assert invoice.status == Invoice.Status.PAID
    assert invoice.payment_reference == payment.reference
    assert invoice.paid_at == payment.finished_at


def test_invoice_pay_refuses_a_paid_invoice(issued_invoice: Invoice, operator_user: User) -> None:
    services.invoice_pay(invoice=issued_invoice, actor=operator_user)
    with pytest.raises(ApplicationError, match="already paid"):
        services.invoice_pay(invoice=issued_invoice, actor=operator_user)
    assert Payment.objects.filter(invoice=issued_invoice).count() == 1


def test_invoice_pay_refuses_a_draft(standard_invoice: Invoice, operator_user: User) -> None:
    with pytest.raises(ApplicationError, match="Only an issued invoice"):
        services.invoice_pay(invoice=standard_invoice, actor=operator_user)
    assert not Payment.objects.filter(invoice=standard_invoice).exists()


def test_a_refused_payment_is_recorded_and_the_invoice_stays_due(
    issued_invoice: Invoice, operator_user: User, settings: object
) -> None:
    # given
    settings.BILLING_PAYMENT_PROVIDER = f"{PROVIDERS}.RefusingProvider"  # type: ignore[attr-defined]
    # when
    payment = services.invoice_pay(invoice=issued_invoice, actor=operator_user)
    # then
    assert (payment.status, payment.message) == (Payment.Status.FAILED, "Tài khoản không đủ số dư")
    assert payment.provider == f"{PROVIDERS}.RefusingProvider"
    invoice = Invoice.objects.get(pk=issued_invoice.pk)
    assert invoice.status == Invoice.Status.ISSUED
    assert invoice.is_payable


def test_an_unreachable_provider_is_a_failed_attempt_and_paying_again_works(
    issued_invoice: Invoice, operator_user: User, settings: object
) -> None:
    # given
    settings.BILLING_PAYMENT_PROVIDER = f"{PROVIDERS}.BrokenProvider"  # type: ignore[attr-defined]
    failed = services.invoice_pay(invoice=issued_invoice, actor=operator_user)
    settings.BILLING_PAYMENT_PROVIDER = "billing_stub.payments.StubPaymentProvider"  # type: ignore[attr-defined]
    # when
    paid = services.invoice_pay(invoice=issued_invoice, actor=operator_user)
    # then
    assert failed.status == Payment.Status.FAILED
    assert "gateway timeout" in failed.message
    assert paid.status == Payment.Status.SUCCEEDED
    assert Invoice.objects.get(pk=issued_invoice.pk).status == Invoice.Status.PAID


def test_a_paid_invoice_cannot_be_voided(issued_invoice: Invoice, operator_user: User) -> None:
    services.invoice_pay(invoice=issued_invoice, actor=operator_user)
    with pytest.raises(ApplicationError, match="cannot be voided"):
        services.invoice_void(invoice=issued_invoice, actor=operator_user, reason="Nhầm")
