"""`{{ cell|figure }}` and `{{ cell|figure_percent }}`: a reports cell as HTML (a filter, not
an include: the comparison table has hundreds of rows of eight cells)."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reporting.selectors import Cell

register = template.Library()


def _show(cell: Cell, suffix: str) -> SafeString:
    if cell.suppressed:
        return format_html('<abbr title="{}">&lt;5</abbr>', _("Suppressed: fewer than 5 pupils"))
    if cell.value is None:
        return mark_safe('<span class="muted">—</span>')
    return format_html("{}{}", number_format(cell.value), suffix)


@register.filter
def figure(cell: Cell) -> SafeString:
    return _show(cell, "")


@register.filter
def figure_percent(cell: Cell) -> SafeString:
    return _show(cell, "\u00a0%")
