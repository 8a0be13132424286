"""Measure schools' usage of a month: active pupils, staff, storage, API calls."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from billing_stub import services
from billing_stub.management.commands._options import (
    add_month_and_school,
    month_option,
    schools_option,
)
from billing_stub.months import month_current
from billing_stub.pdf import size_text
from config.errors import ApplicationError


class Command(BaseCommand):
    help = "Measure the usage of a month (this month by default) for every open school."

    def add_arguments(self, parser: CommandParser) -> None:
        add_month_and_school(parser, month_help="The month to measure (this month by default).")

    def handle(self, *args: Any, **options: Any) -> None:
        month = month_option(options["month"], month_current())
        for school in schools_option(options["school"]):
            try:
                record = services.usage_measure(school=school, month=month)
            except ApplicationError as error:
                raise CommandError(error.message) from error
            self.stdout.write(
                f"{school.slug} {month:%Y-%m}: {record.active_pupils} active pupils, "
                f"{record.staff} staff, {size_text(record.storage_bytes)}, "
                f"{record.api_calls} API calls"
            )
