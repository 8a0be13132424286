"""Template filters of the billing pages: amounts, sizes and invoice line labels."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from billing_stub.models import GIGABYTE, Invoice

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """1703000 → "1.703.000 VND" (the separator of the page's language)."""
    return f"{intcomma(amount or 0)} VND"


@register.filter
def size(size_bytes: int | None) -> str:
    """Bytes in MB or GB (10⁶, 10⁹ bytes, as plans count them)."""
    value = size_bytes or 0
    if value >= GIGABYTE:
        return _("%(size)s GB") % {"size": intcomma(round(value / GIGABYTE, 2))}
    return _("%(size)s MB") % {"size": intcomma(round(value / 1_000_000, 1))}


@register.filter
def line_label(kind: str) -> str:
    """What an invoice line charges for."""
    labels = {
        Invoice.LINE_PUPILS: _("Active pupils in the month"),
        Invoice.LINE_API_CALLS: _("API calls beyond the plan's allowance (per 1,000)"),
        Invoice.LINE_STORAGE: _("Storage beyond the plan's quota (per GB)"),
    }
    return labels.get(kind, kind)
