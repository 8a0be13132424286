"""Archive a school: not served, no periodic work; its schema and files are kept."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tenants import lifecycle
from tenants.management.commands._lifecycle import describe, refusals, school_by_slug


class Command(BaseCommand):
    help = "Archive a school (not served; schema and files kept until unarchived or deleted)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The school's host name, e.g. caugiay.")
        parser.add_argument("--reason", required=True, help="Shown on the school's closed page.")

    def handle(self, *args: Any, **options: Any) -> None:
        school = school_by_slug(options["slug"])
        with refusals():
            school = lifecycle.school_archive(school=school, reason=options["reason"], actor=None)
        self.stdout.write(self.style.SUCCESS(f"Archived: {describe(school)}"))
