"""Billing pages of the operators' site (root domain): schools' plans, usage and invoices.

Operators see and act on the schools under their node of the authority tree; the university
pilot monitor reads the pilot schools' billing and may change nothing (403). A school or an
invoice outside the user's part of the tree answers 404, as if it did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing_stub import selectors, services
from billing_stub.models import Invoice, Payment
from billing_stub.months import month_current, month_parse, month_previous
from billing_stub.pdf import invoice_pdf_response
from billing_stub.permissions import BillingAccess, billing_access
from config.errors import ApplicationError
from tenants import selectors as tenant_selectors
from tenants.models import School

SCHOOLS_PER_PAGE = 50
INVOICE_ACTIONS = ("issue", "pay", "void")


def _access(request: HttpRequest) -> BillingAccess:
    """What the user may do; 403 for anyone but operators, the monitor and superusers."""
    access = billing_access(user=request.user)  # type: ignore[arg-type]
    if not access.may_view:
        raise PermissionDenied
    return access


def _may_manage_or_403(access: BillingAccess, school: School | None) -> None:
    if school is None or not access.may_manage(school):
        raise PermissionDenied


def _school_or_404(request: HttpRequest, slug: str) -> School:
    school = selectors.billing_school_get(user=request.user, slug=slug)  # type: ignore[arg-type]
    if school is None:
        raise Http404
    return school


def _invoice_or_404(request: HttpRequest, pk: int) -> Invoice:
    invoice = selectors.invoice_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    if invoice is None:
        raise Http404
    return invoice


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The user's schools with their plan, this month's usage and invoices waiting for payment;
    the latest invoices."""
    _access(request)
    schools = tenant_selectors.school_list_for_user(user=request.user)
    page = Paginator(selectors.billing_school_list(schools=schools), SCHOOLS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "billing_stub/index.html",
        {
            "schools": page,
            "invoices": selectors.invoice_list_recent(schools=schools),
            "month": month_current(),
        },
    )


@login_required
def school_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A school's plan, its measured months and its invoices; for operators, the actions."""
    access = _access(request)
    school = _school_or_404(request, slug)
    return render(
        request,
        "billing_stub/school_detail.html",
        {
            "may_manage": access.may_manage(school),
            "billed_school": school,
            "subscription": getattr(school, "subscription", None),
            "plans": list(selectors.plan_list_offered()),
            "usage_records": selectors.usage_list(school=school),
            "invoices": list(selectors.invoice_list_for_school(school=school)),
            "previous_month": month_previous(),
        },
    )


@login_required
@require_POST
def school_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """Put the school on another plan."""
    access = _access(request)
    school = _school_or_404(request, slug)
    _may_manage_or_403(access, school)
    try:
        subscription = services.subscription_plan_change(
            school=school,
            plan_code=request.POST.get("plan", ""),
            actor=request.user,  # type: ignore[arg-type]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(school)s is now on the %(plan)s plan.")
            % {"school": school.name, "plan": subscription.plan.name},
        )
    return redirect("billing:school_detail", slug=school.slug)


@login_required
@require_POST
def school_measure(request: HttpRequest, slug: str) -> HttpResponse:
    """Measure this month's usage now."""
    access = _access(request)
    school = _school_or_404(request, slug)
    _may_manage_or_403(access, school)
    try:
        record = services.usage_measure(school=school, month=month_current())
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Usage of %(month)s measured: %(pupils)s active pupils, %(calls)s API calls.")
            % {
                "month": f"{record.month:%m/%Y}",
                "pupils": record.active_pupils,
                "calls": record.api_calls,
            },
        )
    return redirect("billing:school_detail", slug=school.slug)


@login_required
@require_POST
def school_invoice_generate(request: HttpRequest, slug: str) -> HttpResponse:
    """Generate (or compute again, while a draft) the invoice of a month that is over."""
    access = _access(request)
    school = _school_or_404(request, slug)
    _may_manage_or_403(access, school)
    try:
        invoice = services.invoice_generate(
            school=school, month=month_parse(request.POST.get("month", ""))
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("billing:school_detail", slug=school.slug)
    return redirect("billing:invoice_detail", pk=invoice.pk)


@login_required
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An invoice: its lines, totals, status and payment attempts."""
    access = _access(request)
    invoice = _invoice_or_404(request, pk)
    return render(
        request,
        "billing_stub/invoice_detail.html",
        {
            "may_manage": invoice.school is not None and access.may_manage(invoice.school),
            "invoice": invoice,
            "payments": list(invoice.payments.all()),
        },
    )


@login_required
@require_POST
def invoice_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Issue, pay (through the payment provider: a stub) or void an invoice."""
    if action not in INVOICE_ACTIONS:
        raise Http404
    access = _access(request)
    invoice = _invoice_or_404(request, pk)
    _may_manage_or_403(access, invoice.school)
    try:
        if action == "issue":
            services.invoice_issue(invoice=invoice, actor=request.user)  # type: ignore[arg-type]
            messages.success(request, _("Invoice %(number)s issued.") % {"number": invoice.number})
        elif action == "pay":
            payment = services.invoice_pay(invoice=invoice, actor=request.user)  # type: ignore[arg-type]
            if payment.status == Payment.Status.SUCCEEDED:
                messages.success(
                    request,
                    _("Invoice %(number)s paid (reference %(reference)s).")
                    % {"number": invoice.number, "reference": payment.reference},
                )
            else:
                messages.error(
                    request,
                    _("The payment of %(number)s failed: %(why)s")
                    % {"number": invoice.number, "why": payment.message},
                )
        elif action == "void":
            services.invoice_void(
                invoice=invoice,
                actor=request.user,  # type: ignore[arg-type]
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Invoice %(number)s voided.") % {"number": invoice.number})
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("billing:invoice_detail", pk=invoice.pk)


@login_required
def invoice_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The invoice as a PDF, shown in the browser."""
    _access(request)
    return invoice_pdf_response(_invoice_or_404(request, pk))
