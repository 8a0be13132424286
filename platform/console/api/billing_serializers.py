"""What the operator API's billing endpoints read and return: plans, subscriptions, measured
usage, invoices and payment attempts. Amounts are whole VND; months are "YYYY-MM"."""

import datetime

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from billing_stub.models import Invoice, Payment, Subscription, UsageRecord
from tenants.models import School

MONTH_EXAMPLE = "2026-11"


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": MONTH_EXAMPLE})
class MonthField(serializers.Field):
    """A billing month (stored as its first day) written "YYYY-MM"."""

    def to_representation(self, value: datetime.date) -> str:
        return f"{value:%Y-%m}"


class PlanOutputSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The plan's code, used to put a school on it.")
    name = serializers.CharField(help_text="The plan's name.")
    price_per_pupil_vnd = serializers.IntegerField(
        help_text="Price per active pupil per month, in VND."
    )
    included_api_calls = serializers.IntegerField(help_text="API calls included per month.")
    api_overage_per_1000_vnd = serializers.IntegerField(
        help_text="Price per started 1,000 API calls beyond the allowance, in VND."
    )
    storage_quota_bytes = serializers.IntegerField(help_text="Storage included, in bytes.")
    storage_overage_per_gb_vnd = serializers.IntegerField(
        help_text="Price per started GB beyond the storage included, per month, in VND."
    )
    is_active = serializers.BooleanField(help_text="Whether schools may be put on the plan.")


class UsageOutputSerializer(serializers.Serializer):
    school = serializers.CharField(source="school.code", help_text="The school's code.")
    month = MonthField(help_text="The month measured (YYYY-MM).")
    active_pupils = serializers.IntegerField(
        help_text="Pupils enrolled in a class at some point of the month."
    )
    staff = serializers.IntegerField(help_text="Staff with an open account, when measured.")
    storage_bytes = serializers.IntegerField(
        help_text="The school's tables and files, in bytes, when measured."
    )
    api_calls = serializers.IntegerField(
        help_text="Signed-in calls to the school's API in the month, so far."
    )
    measured_at = serializers.DateTimeField(help_text="When the month was measured.")


class SubscriptionOutputSerializer(serializers.Serializer):
    """A school's billing: its plan, this month's usage, the invoices it has to pay."""

    school = serializers.CharField(source="code", help_text="The school's code.")
    school_name = serializers.CharField(source="name", help_text="The school's name.")
    authority_code = serializers.CharField(
        source="authority.code", default=None, help_text="The code of the school's authority node."
    )
    school_status = serializers.ChoiceField(
        source="status", choices=School.Status.choices, help_text="Where the school is in its life."
    )
    plan = PlanOutputSerializer(
        source="subscription.plan",
        allow_null=True,
        help_text="The school's plan (null: not billed yet; the first invoice puts it on the "
        "pilot plan).",
    )
    status = serializers.ChoiceField(
        source="subscription.status",
        choices=Subscription.Status.choices,
        allow_null=True,
        help_text="Whether the subscription is active (null: no subscription yet).",
    )
    started_on = serializers.DateField(
        source="subscription.started_on",
        allow_null=True,
        help_text="When the school's subscription started.",
    )
    changed_at = serializers.DateTimeField(
        source="subscription.changed_at",
        allow_null=True,
        help_text="When the plan was last set.",
    )
    usage_this_month = serializers.SerializerMethodField(
        help_text="This month's usage as last measured (null: not measured yet this month)."
    )
    invoices_due = serializers.IntegerField(
        help_text="How many issued invoices with an amount due wait for payment."
    )

    @extend_schema_field(UsageOutputSerializer(allow_null=True))
    def get_usage_this_month(self, school: School) -> dict[str, object] | None:
        records: list[UsageRecord] = getattr(school, "usage_now", [])
        return UsageOutputSerializer(records[0]).data if records else None


class PlanChangeInputSerializer(serializers.Serializer):
    plan = serializers.CharField(
        max_length=32, help_text="The code of a plan on offer (see /api/v1/billing/plans/)."
    )


class MeasureInputSerializer(serializers.Serializer):
    school = serializers.CharField(max_length=16, help_text="The code of one of your schools.")
    month = serializers.CharField(
        max_length=7,
        required=False,
        default="",
        allow_blank=True,
        help_text="The month to measure, YYYY-MM (this month by default; not a future one).",
    )


class InvoiceGenerateInputSerializer(serializers.Serializer):
    school = serializers.CharField(max_length=16, help_text="The code of one of your schools.")
    month = serializers.CharField(
        max_length=7,
        required=False,
        default="",
        allow_blank=True,
        help_text="The month to invoice, YYYY-MM: one that is over (last month by default).",
    )


class VoidInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=255, help_text="Why the invoice is voided (kept on the invoice)."
    )


class InvoiceLineOutputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(kind, kind) for kind in Invoice.LINE_KINDS],
        help_text="What the line charges: active pupils, API calls or storage beyond the plan.",
    )
    quantity = serializers.IntegerField(
        help_text="Pupils, started thousands of calls or started GB."
    )
    unit_price = serializers.IntegerField(help_text="Price of one, in VND.")
    amount = serializers.IntegerField(help_text="Quantity times unit price, in VND.")


class InvoiceUsageOutputSerializer(serializers.Serializer):
    active_pupils = serializers.IntegerField(help_text="Active pupils of the month.")
    staff = serializers.IntegerField(help_text="Staff, when measured.")
    storage_bytes = serializers.IntegerField(help_text="Storage in bytes, when measured.")
    api_calls = serializers.IntegerField(help_text="API calls of the month.")
    measured_at = serializers.DateTimeField(help_text="When the figures were measured.")


class PaymentOutputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Payment.Status.choices, help_text="How the attempt went."
    )
    provider = serializers.CharField(help_text="The payment provider that was asked.")
    amount_vnd = serializers.IntegerField(help_text="The amount charged, in VND.")
    reference = serializers.CharField(help_text="The provider's reference (STUB-… for the stub).")
    message = serializers.CharField(help_text="What the provider said.")
    created_at = serializers.DateTimeField(help_text="When the attempt started.")
    finished_at = serializers.DateTimeField(
        allow_null=True, help_text="When the provider answered (null while pending)."
    )


class InvoiceOutputSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="The invoice's number (TS-YYYY-MM-NNNN).")
    school = serializers.CharField(source="school_code", help_text="The school's code.")
    school_name = serializers.CharField(help_text="The school's name, as on the invoice.")
    authority_name = serializers.CharField(
        help_text="The school's authority, as on the invoice (may be empty)."
    )
    month = MonthField(help_text="The month invoiced (YYYY-MM).")
    plan = serializers.CharField(source="plan.code", help_text="The code of the plan billed.")
    subtotal_vnd = serializers.IntegerField(help_text="The lines' total, in VND.")
    vat_percent = serializers.IntegerField(help_text="The VAT rate, in percent.")
    vat_vnd = serializers.IntegerField(help_text="The VAT, in VND.")
    total_vnd = serializers.IntegerField(help_text="Subtotal plus VAT, in VND.")
    status = serializers.ChoiceField(
        choices=Invoice.Status.choices,
        help_text="Draft (computed again when generated again), issued, paid or void.",
    )
    created_at = serializers.DateTimeField(help_text="When the invoice was first generated.")
    issued_at = serializers.DateTimeField(allow_null=True, help_text="When it was issued.")
    paid_at = serializers.DateTimeField(allow_null=True, help_text="When it was paid.")
    voided_at = serializers.DateTimeField(allow_null=True, help_text="When it was voided.")
    void_reason = serializers.CharField(help_text="Why it was voided (empty otherwise).")
    payment_reference = serializers.CharField(
        help_text="The reference of the payment that paid it (empty otherwise)."
    )


class InvoiceDetailOutputSerializer(InvoiceOutputSerializer):
    lines = InvoiceLineOutputSerializer(many=True, help_text="What is charged, line by line.")
    usage = InvoiceUsageOutputSerializer(help_text="The usage the invoice was computed from.")
    payments = serializers.SerializerMethodField(
        help_text="Every payment attempt, oldest first (failed ones too)."
    )

    @extend_schema_field(PaymentOutputSerializer(many=True))
    def get_payments(self, invoice: Invoice) -> list[dict[str, object]]:
        return PaymentOutputSerializer(invoice.payments.all(), many=True).data  # type: ignore[return-value]
