"""Generate (draft) the invoices of a month that is over; --issue issues the drafts."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from billing_stub import services
from billing_stub.management.commands._options import (
    add_month_and_school,
    month_option,
    schools_option,
)
from billing_stub.models import Invoice
from billing_stub.months import month_previous
from billing_stub.pdf import vnd
from config.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Generate the invoices of a month that is over (last month by default) for every open "
        "school: drafts, computed again while they are drafts; issued invoices are left as they "
        "are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_month_and_school(parser, month_help="The month to invoice (last month by default).")
        parser.add_argument("--issue", action="store_true", help="Issue the drafts too.")

    def handle(self, *args: Any, **options: Any) -> None:
        month = month_option(options["month"], month_previous())
        for school in schools_option(options["school"]):
            try:
                invoice = services.invoice_generate(school=school, month=month)
                if options["issue"] and invoice.status == Invoice.Status.DRAFT:
                    invoice = services.invoice_issue(invoice=invoice, actor=None)
            except ApplicationError as error:
                raise CommandError(error.message) from error
            self.stdout.write(
                f"{invoice.number} {school.slug} {month:%Y-%m}: {vnd(invoice.total_vnd)} VND "
                f"({invoice.get_status_display()})"
            )
