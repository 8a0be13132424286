"""Billing months: a month is its first day (a date); text is "YYYY-MM"."""

import calendar
import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ApplicationError

MONTH_TEXT = re.compile(r"^(\d{4})-(\d{2})$")


def month_first(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_last_day(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_next(month: datetime.date) -> datetime.date:
    return month_last_day(month) + datetime.timedelta(days=1)


def month_current() -> datetime.date:
    """This month in Hanoi."""
    return month_first(timezone.localdate())


def month_previous(month: datetime.date | None = None) -> datetime.date:
    """The month before `month` (before this month by default): the one billed on the 1st."""
    return month_first((month or month_current()) - datetime.timedelta(days=1))


def month_parse(text: str) -> datetime.date:
    """ "2026-11" → 1 November 2026; ApplicationError naming the value otherwise."""
    match = MONTH_TEXT.match(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ApplicationError(
            _("“%(value)s” is not a month: write it as YYYY-MM, e.g. 2026-11.") % {"value": text},
            extra={"field": "month", "value": text},
        )
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)
