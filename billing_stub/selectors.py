"""Reads for the billing pages. Runs in the public schema; every read is limited to the
schools the user may see (tenants.selectors.school_list_for_user)."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import User
from billing_stub.models import Invoice, Plan, UsageRecord
from billing_stub.months import month_current
from tenants import selectors as tenant_selectors
from tenants.models import School


def billing_school_list(*, schools: QuerySet[School]) -> QuerySet[School]:
    """`schools` (the user's: tenants.selectors.school_list_for_user) with their plan, this
    month's measured usage (`usage_now`, a list of at most one) and how many invoices wait
    for payment (`invoices_due`)."""
    return (
        schools.select_related("subscription__plan")
        .prefetch_related(
            Prefetch(
                "usage_records",
                queryset=UsageRecord.objects.filter(month=month_current()),
                to_attr="usage_now",
            )
        )
        .annotate(
            invoices_due=Count(
                "invoices",
                filter=Q(invoices__status=Invoice.Status.ISSUED, invoices__total_vnd__gt=0),
            )
        )
        .order_by("name", "pk")
    )


def billing_school_get(*, user: User, slug: str) -> School | None:
    """One of the user's schools, with its plan; None if it is not theirs (or no school)."""
    return (
        tenant_selectors.school_list_for_user(user=user)
        .select_related("subscription__plan")
        .filter(slug=slug)
        .first()
    )


def plan_list_offered() -> QuerySet[Plan]:
    return Plan.objects.filter(is_active=True)


def plan_list() -> QuerySet[Plan]:
    """Every plan, on offer or not (a school may still be on a plan no longer offered)."""
    return Plan.objects.all()


def usage_list(*, school: School, limit: int = 12) -> list[UsageRecord]:
    """The school's latest measured months, newest first."""
    return list(UsageRecord.objects.filter(school=school).order_by("-month")[:limit])


def invoice_list_for_school(*, school: School) -> QuerySet[Invoice]:
    return Invoice.objects.filter(school=school).order_by("-month", "-number")


def invoice_list_recent(*, schools: QuerySet[School], limit: int = 20) -> list[Invoice]:
    """The latest invoices of `schools` (the user's)."""
    return list(
        Invoice.objects.filter(school__in=schools.values("pk")).order_by("-month", "-number")[
            :limit
        ]
    )


def invoice_get(*, user: User, pk: int) -> Invoice | None:
    """An invoice of one of the user's schools (with school, authority and plan); None
    otherwise."""
    schools = tenant_selectors.school_list_for_user(user=user).values("pk")
    return (
        Invoice.objects.select_related("school__authority", "plan")
        .filter(pk=pk, school__in=schools)
        .first()
    )


def usage_list_for_schools(*, schools: QuerySet[School]) -> QuerySet[UsageRecord]:
    """The measured months of `schools` (the caller's), newest first, with their school."""
    return (
        UsageRecord.objects.filter(school__in=schools.values("pk"))
        .select_related("school")
        .order_by("-month", "school__name", "pk")
    )


def invoice_list_for_schools(*, schools: QuerySet[School]) -> QuerySet[Invoice]:
    """The invoices of `schools` (the caller's), newest month first, with their plan."""
    return (
        Invoice.objects.filter(school__in=schools.values("pk"))
        .select_related("plan")
        .order_by("-month", "-number")
    )


def invoice_live_for_month(*, school: School, month: datetime.date) -> Invoice | None:
    """The school's invoice of `month` that is not void, if there is one."""
    return (
        Invoice.objects.filter(school=school, month=month)
        .exclude(status=Invoice.Status.VOID)
        .first()
    )


def invoice_get_by_number(*, schools: QuerySet[School], number: str) -> Invoice | None:
    """The invoice with this number if it belongs to one of `schools` (with its school,
    authority and plan); None otherwise."""
    return (
        invoice_list_for_schools(schools=schools)
        .select_related("school__authority")
        .filter(number=number)
        .first()
    )
