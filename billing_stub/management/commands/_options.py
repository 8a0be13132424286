"""Options shared by the billing commands: --month and --school."""

import datetime

from django.core.management.base import CommandError, CommandParser

from billing_stub.months import month_parse
from config.errors import ApplicationError
from tenants import selectors as tenant_selectors
from tenants.models import School


def add_month_and_school(parser: CommandParser, *, month_help: str) -> None:
    parser.add_argument("--month", help=month_help + " Written YYYY-MM, e.g. 2026-11.")
    parser.add_argument("--school", help="Only this school (its host name, e.g. caugiay).")


def month_option(value: str | None, default: datetime.date) -> datetime.date:
    if not value:
        return default
    try:
        return month_parse(value)
    except ApplicationError as error:
        raise CommandError(error.message) from error


def schools_option(slug: str | None) -> list[School]:
    """The school named by --school, or every open (onboarding or live) school."""
    if not slug:
        return list(tenant_selectors.school_list_ready())
    school = tenant_selectors.school_list().filter(slug=slug).first()
    if school is None:
        raise CommandError(f"No school with the host name {slug!r}.")
    return [school]
