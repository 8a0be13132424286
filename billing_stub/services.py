"""Write-side operations of billing. Runs in the public schema; measuring enters each school's
schema for its own counts (billing_stub.metering) and comes back.

Metering and invoices are real; only the charge itself goes to a stub (billing_stub.payments).
"""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from billing_stub import metering, pricing
from billing_stub.models import Invoice, Payment, Plan, Subscription, UsageRecord
from billing_stub.months import month_current, month_first, month_last_day
from billing_stub.payments import PaymentResult, payment_provider, payment_provider_name
from billing_stub.plans import DEFAULT_PLANS
from config.errors import ApplicationError
from tenants import selectors as tenant_selectors
from tenants.models import School

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key held while an invoice is written: numbers are given in sequence
# and one school's month never gets two live invoices, whoever generates at the same time.
INVOICE_LOCK_KEY = 7_453_001


def plans_ensure() -> list[Plan]:
    """Create the default plans that are missing (existing ones are left as operators set
    them). Returns the plans created."""
    created = []
    for values in DEFAULT_PLANS:
        plan, was_created = Plan.objects.get_or_create(code=values["code"], defaults=values)
        if was_created:
            created.append(plan)
    return created


def subscription_ensure(*, school: School, plan_code: str = Plan.PILOT) -> Subscription:
    """The school's subscription; a school without one gets `plan_code` (the pilot plan)
    from today. Call it when a school is provisioned; billing also calls it lazily."""
    existing = Subscription.objects.select_related("plan").filter(school=school).first()
    if existing is not None:
        return existing
    plan = Plan.objects.filter(code=plan_code).first()
    if plan is None:
        raise ApplicationError(
            _("There is no plan “%(code)s”: run manage.py billing_plans_ensure.")
            % {"code": plan_code},
            extra={"field": "plan", "value": plan_code},
        )
    subscription, _created = Subscription.objects.select_related("plan").get_or_create(
        school=school, defaults={"plan": plan, "started_on": timezone.localdate()}
    )
    return subscription


@transaction.atomic
def subscription_plan_change(*, school: School, plan_code: str, actor: User) -> Subscription:
    """Put the school on another plan (one that is offered). Invoices already issued keep
    their plan; the next one generated uses this one."""
    plan = Plan.objects.filter(code=plan_code, is_active=True).first()
    if plan is None:
        raise ApplicationError(
            _("Choose one of the plans on offer."), extra={"field": "plan", "value": plan_code}
        )
    subscription = Subscription.objects.select_for_update().filter(school=school).first()
    if subscription is None:
        subscription = Subscription(school=school, started_on=timezone.localdate())
    subscription.plan = plan
    subscription.status = Subscription.Status.ACTIVE
    subscription.ended_on = None
    subscription.changed_by = actor
    subscription.save()
    logger.info("School %s moved to plan %s by %s", school.slug, plan.code, actor.pk)
    return subscription


def usage_measure(*, school: School, month: datetime.date) -> UsageRecord:
    """Measure what the school used in `month` and store it (replacing an earlier
    measurement of the same month).

    Active pupils are those enrolled at some point of the month; staff and storage are
    counted now (they have no history); API calls are the month's counted calls so far.
    """
    month = month_first(month)
    if month > month_current():
        raise ApplicationError(
            _("%(month)s has not started yet.") % {"month": f"{month:%m/%Y}"},
            extra={"field": "month", "value": f"{month:%Y-%m}"},
        )
    counts = metering.school_counts(school=school, month=month)
    record, _created = UsageRecord.objects.update_or_create(
        school=school,
        month=month,
        defaults={
            "active_pupils": counts["active_pupils"],
            "staff": counts["staff"],
            "storage_bytes": metering.storage_bytes(school=school),
            "api_calls": metering.api_calls_in_month(school=school, month=month),
            "measured_at": timezone.now(),
        },
    )
    return record


def usage_measure_all(*, month: datetime.date) -> list[UsageRecord]:
    """Measure `month` for every school that is open (onboarding or live)."""
    return [
        usage_measure(school=school, month=month) for school in tenant_selectors.school_list_ready()
    ]


def _measured_after_month(usage: UsageRecord) -> bool:
    """Measured after its month ended: its figures will not change any more."""
    return timezone.localtime(usage.measured_at).date() > month_last_day(usage.month)


@transaction.atomic
def invoice_generate(*, school: School, month: datetime.date) -> Invoice:
    """The school's invoice for a month that is over, as a draft. Idempotent.

    The month is measured first unless it was already measured after it ended. An existing
    draft is computed again (same number); an issued or paid invoice is returned unchanged;
    after a void, a new invoice with a new number is made. One transaction: a measurement
    is never left behind by an invoice that could not be written.
    """
    month = month_first(month)
    if month >= month_current():
        raise ApplicationError(
            _("Invoices are made for months that are over; %(month)s is not.")
            % {"month": f"{month:%m/%Y}"},
            extra={"field": "month", "value": f"{month:%Y-%m}"},
        )
    usage = UsageRecord.objects.filter(school=school, month=month).first()
    if usage is None or not _measured_after_month(usage):
        usage = usage_measure(school=school, month=month)
    return _invoice_write(school=school, month=month, usage=usage)


def _invoice_number(month: datetime.date) -> str:
    """The next number of the month: TS-2026-11-0001, TS-2026-11-0002... Voided invoices keep
    theirs, so counting every invoice of the month gives the next one (under the lock)."""
    sequence = Invoice.objects.filter(month=month).count() + 1
    return f"TS-{month:%Y-%m}-{sequence:04d}"


@transaction.atomic
def _invoice_write(*, school: School, month: datetime.date, usage: UsageRecord) -> Invoice:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INVOICE_LOCK_KEY])
    invoice = (
        Invoice.objects.select_for_update()
        .filter(school=school, month=month)
        .exclude(status=Invoice.Status.VOID)
        .first()
    )
    if invoice is not None and invoice.status != Invoice.Status.DRAFT:
        return invoice
    plan = subscription_ensure(school=school).plan
    lines = pricing.invoice_lines(plan=plan, usage=usage)
    subtotal = sum(line["amount"] for line in lines)
    vat_percent = settings.BILLING_VAT_PERCENT
    vat = pricing.vat_amount(subtotal=subtotal, percent=vat_percent)
    values = {
        "school_name": school.name,
        "school_code": school.code,
        "authority_name": school.authority.name if school.authority else "",
        "plan": plan,
        "usage": {
            "active_pupils": usage.active_pupils,
            "staff": usage.staff,
            "storage_bytes": usage.storage_bytes,
            "api_calls": usage.api_calls,
            "measured_at": usage.measured_at.isoformat(),
        },
        "lines": lines,
        "subtotal_vnd": subtotal,
        "vat_percent": vat_percent,
        "vat_vnd": vat,
        "total_vnd": subtotal + vat,
    }
    if invoice is None:
        return Invoice.objects.create(
            number=_invoice_number(month), school=school, month=month, **values
        )
    for field, value in values.items():
        setattr(invoice, field, value)
    invoice.save()
    return invoice


def _who(actor: User | None) -> str:
    """An actor for the log: a user id, or the command line."""
    return f"user {actor.pk}" if actor is not None else "the command line"


def _invoice_locked(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().get(pk=invoice.pk)


@transaction.atomic
def invoice_issue(*, invoice: Invoice, actor: User | None) -> Invoice:
    """Issue a draft: from now on it never changes (void it to correct it)."""
    invoice = _invoice_locked(invoice)
    if invoice.status != Invoice.Status.DRAFT:
        raise ApplicationError(
            _("Only a draft can be issued; %(number)s is %(status)s.")
            % {"number": invoice.number, "status": invoice.get_status_display()}
        )
    invoice.status = Invoice.Status.ISSUED
    invoice.issued_at = timezone.now()
    invoice.save(update_fields=["status", "issued_at"])
    logger.info("Invoice %s issued by %s", invoice.number, _who(actor))
    return invoice


@transaction.atomic
def invoice_void(*, invoice: Invoice, actor: User | None, reason: str) -> Invoice:
    """Void a draft or an issued invoice, saying why. Its number is never reused; the month
    can then be invoiced again."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            _("Say why the invoice is voided."), extra={"field": "reason", "value": ""}
        )
    invoice = _invoice_locked(invoice)
    if invoice.status not in (Invoice.Status.DRAFT, Invoice.Status.ISSUED):
        raise ApplicationError(
            _("%(number)s is %(status)s: it cannot be voided.")
            % {"number": invoice.number, "status": invoice.get_status_display()}
        )
    if invoice.payments.filter(status=Payment.Status.PENDING).exists():
        raise ApplicationError(_("A payment of this invoice is in progress."))
    invoice.status = Invoice.Status.VOID
    invoice.voided_at = timezone.now()
    invoice.void_reason = reason[:255]
    invoice.save(update_fields=["status", "voided_at", "void_reason"])
    logger.info("Invoice %s voided by %s", invoice.number, _who(actor))
    return invoice


def invoice_pay(*, invoice: Invoice, actor: User | None) -> Payment:
    """Charge an issued invoice through the payment provider (BILLING_PAYMENT_PROVIDER; the
    stub by default) and record the attempt.

    NOTE: two short transactions around the provider's call, not one: the attempt is on
    record before any money could move, and no lock is held while a provider answers. A
    second attempt while one is pending is refused. Returns the attempt (failed or not).
    """
    with transaction.atomic():
        locked = _invoice_locked(invoice)
        if locked.status == Invoice.Status.PAID:
            raise ApplicationError(_("%(number)s is already paid.") % {"number": locked.number})
        if not locked.is_payable:
            raise ApplicationError(
                _("Only an issued invoice with an amount due can be paid; %(number)s is not.")
                % {"number": locked.number}
            )
        if locked.payments.filter(status=Payment.Status.PENDING).exists():
            raise ApplicationError(_("A payment of this invoice is in progress."))
        payment = Payment.objects.create(
            invoice=locked,
            provider=payment_provider_name(),
            amount_vnd=locked.total_vnd,
            created_by=actor,
        )
    try:
        result = payment_provider().charge(locked)
    except Exception as error:
        logger.exception("Payment provider failed on invoice %s", locked.number)
        result = PaymentResult(succeeded=False, message=f"Provider error: {error}"[:255])
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        locked = _invoice_locked(invoice)
        payment.status = Payment.Status.SUCCEEDED if result.succeeded else Payment.Status.FAILED
        payment.reference = result.reference[:100]
        payment.message = result.message[:255]
        payment.finished_at = timezone.now()
        payment.save(update_fields=["status", "reference", "message", "finished_at"])
        if result.succeeded:
            locked.status = Invoice.Status.PAID
            locked.paid_at = payment.finished_at
            locked.payment_reference = payment.reference
            locked.save(update_fields=["status", "paid_at", "payment_reference"])
    logger.info("Payment %s of invoice %s: %s", payment.pk, locked.number, payment.status)
    return payment
