"""Bring an archived school back."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tenants import lifecycle
from tenants.management.commands._lifecycle import describe, refusals, school_by_slug


class Command(BaseCommand):
    help = "Unarchive a school: it returns to the status it had before it was archived."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The school's host name, e.g. caugiay.")

    def handle(self, *args: Any, **options: Any) -> None:
        school = school_by_slug(options["slug"])
        with refusals():
            school = lifecycle.school_unarchive(school=school, actor=None)
        self.stdout.write(self.style.SUCCESS(f"Unarchived: {describe(school)}"))
