"""Plans, subscriptions, metered usage, invoices and payment attempts (public schema).

Amounts are whole Vietnamese đồng (VND has no minor unit in use): integers everywhere, never
floats. Months are stored as their first day.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Storage beyond a plan's quota is charged per started gigabyte (10⁹ bytes, as disks are sold).
GIGABYTE = 1_000_000_000
# API calls beyond a plan's allowance are charged per started thousand.
API_CALL_BLOCK = 1_000


class Plan(models.Model):
    """What a school pays: a price per active pupil per month, with an allowance of API calls
    and storage; what goes beyond is charged per thousand calls and per gigabyte."""

    PILOT = "pilot"
    STANDARD = "standard"

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    price_per_pupil_vnd = models.PositiveIntegerField(_("price per active pupil per month (VND)"))
    included_api_calls = models.PositiveBigIntegerField(_("API calls included per month"))
    api_overage_per_1000_vnd = models.PositiveIntegerField(
        _("price per 1,000 API calls beyond the allowance (VND)"), default=0
    )
    storage_quota_bytes = models.PositiveBigIntegerField(_("storage included (bytes)"))
    storage_overage_per_gb_vnd = models.PositiveIntegerField(
        _("price per GB beyond the storage included, per month (VND)"), default=0
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["price_per_pupil_vnd", "code"]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """A school's plan. One per school; changing plan changes this row (the next invoice uses
    the plan in force when it is generated)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    school = models.OneToOneField(
        "tenants.School", on_delete=models.CASCADE, related_name="subscription"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return f"{self.school} · {self.plan}"


class ApiUsageDay(models.Model):
    """Signed-in calls to a school's API on one day (Hanoi time), counted one by one by
    billing_stub.middleware.ApiUsageMiddleware with a single upsert per call."""

    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="api_usage_days"
    )
    day = models.DateField(_("day"))
    calls = models.PositiveBigIntegerField(_("API calls"), default=0)

    class Meta:
        verbose_name = _("API calls of a day")
        verbose_name_plural = _("API calls by day")
        constraints = [
            models.UniqueConstraint(fields=["school", "day"], name="unique_api_usage_day")
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.day}: {self.calls}"


class UsageRecord(models.Model):
    """What a school used in a month, as measured. Measuring the month again replaces the
    figures (one row per school and month)."""

    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="usage_records"
    )
    month = models.DateField(_("month"))
    active_pupils = models.PositiveIntegerField(_("active pupils"))
    staff = models.PositiveIntegerField(_("staff"))
    storage_bytes = models.PositiveBigIntegerField(_("storage (bytes)"))
    api_calls = models.PositiveBigIntegerField(_("API calls"))
    measured_at = models.DateTimeField(_("measured"))

    class Meta:
        verbose_name = _("usage record")
        verbose_name_plural = _("usage records")
        ordering = ["school", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["school", "month"], name="unique_usage_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="usage_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.month:%Y-%m}"


class Invoice(models.Model):
    """A school's bill for one month, a document: a number, lines, totals, a status.

    `lines` is a frozen list of {"kind", "quantity", "unit_price", "amount"} (kinds in
    LINE_KINDS); `usage` the figures it was computed from; the school's name, code and
    authority are copied when the invoice is written. A draft follows the usage when it
    is generated again; an issued invoice never changes (void it and generate a new one).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        PAID = "paid", _("Paid")
        VOID = "void", _("Void")

    LINE_PUPILS = "pupils"
    LINE_API_CALLS = "api_calls"
    LINE_STORAGE = "storage"
    LINE_KINDS = (LINE_PUPILS, LINE_API_CALLS, LINE_STORAGE)

    number = models.CharField(_("number"), max_length=24, unique=True)
    # An invoice outlives its school (a purged school's invoices stay, with their copied
    # names): the school becomes NULL, the document keeps who it was for.
    school = models.ForeignKey(
        "tenants.School",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invoices",
    )
    school_name = models.CharField(_("school"), max_length=200)
    school_code = models.CharField(_("school code"), max_length=16)
    authority_name = models.CharField(_("authority"), max_length=200, blank=True)
    month = models.DateField(_("month"))
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="invoices")
    usage = models.JSONField(_("usage"), default=dict)
    lines = models.JSONField(_("lines"), default=list)
    subtotal_vnd = models.PositiveBigIntegerField(_("subtotal (VND)"))
    vat_percent = models.PositiveSmallIntegerField(_("VAT (%)"))
    vat_vnd = models.PositiveBigIntegerField(_("VAT (VND)"))
    total_vnd = models.PositiveBigIntegerField(_("total (VND)"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=255, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-month", "number"]
        constraints = [
            # Voided invoices keep their number; at most one other per school and month.
            models.UniqueConstraint(
                fields=["school", "month"],
                condition=~models.Q(status="void"),
                name="one_live_invoice_per_school_month",
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="invoice_month_first_day"
            ),
            models.CheckConstraint(
                condition=models.Q(total_vnd=models.F("subtotal_vnd") + models.F("vat_vnd")),
                name="invoice_total_is_subtotal_plus_vat",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_payable(self) -> bool:
        """Issued with something to pay (a pilot's zero invoice is a statement, not a bill)."""
        return self.status == self.Status.ISSUED and self.total_vnd > 0


class Payment(models.Model):
    """One attempt to charge an invoice through the payment provider (a stub today)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(_("provider"), max_length=200)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    message = models.CharField(_("message"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")
        ordering = ["invoice", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice"],
                condition=models.Q(status="pending"),
                name="one_pending_payment_per_invoice",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invoice} · {self.get_status_display()}"
