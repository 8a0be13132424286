"""Restore an export archive as a NEW school (new schema, new host)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants import lifecycle
from tenants.management.commands._lifecycle import describe, refusals
from tenants.models import Authority
from tenants.services import school_host


class Command(BaseCommand):
    help = (
        "Restore a school export as a new school with its own name, code and host name, on "
        "this installation (the original may still exist) or another one at the same "
        "migrations. Everything is checked against the archive's checksums; on any problem "
        "nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The .tar.gz file school_export wrote.")
        parser.add_argument("--name", required=True, help="The new school's name.")
        parser.add_argument("--code", required=True, help="The new school's code (unique).")
        parser.add_argument("--slug", required=True, help="The new school's host name.")
        parser.add_argument("--authority", help="Code of the authority it belongs to.")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = None
        if options["authority"]:
            authority = Authority.objects.filter(code=options["authority"]).first()
            if authority is None:
                raise CommandError(f"No authority has the code {options['authority']!r}.")
        with refusals():
            school = lifecycle.school_restore(
                archive=options["archive"],
                name=options["name"],
                code=options["code"],
                slug=options["slug"],
                authority=authority,
                actor=None,
            )
        event = school.events.get(action="restored")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {describe(school)} at {school_host(school.slug)}: "
                f"{event.detail['rows']} rows, {event.detail['files']} files "
                f"in {event.detail['seconds']:.1f} s"
            )
        )
