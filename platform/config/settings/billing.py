"""Billing (billing_stub): the payment provider and the VAT rate of invoices."""

from config.settings.env import env

# Dotted path of the class that charges an invoice (billing_stub.payments.PaymentProvider).
# The only one shipped is the stub: it charges nobody and records a reference marked STUB.
BILLING_PAYMENT_PROVIDER: str = env.str(
    "BILLING_PAYMENT_PROVIDER", default="billing_stub.payments.StubPaymentProvider"
)
# VAT in whole percent, added to new invoices (issued ones keep theirs). 0 by default: software
# products and software services are not subject to VAT in Vietnam; set it if your
# accountant decides otherwise.
BILLING_VAT_PERCENT: int = env.int("BILLING_VAT_PERCENT", default=0)
