"""Export a school (its schema's tables, its files and a manifest) as one archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tenants import lifecycle
from tenants.management.commands._lifecycle import refusals, school_by_slug


class Command(BaseCommand):
    help = (
        "Export a school as one .tar.gz archive (every table, its files, a manifest with row "
        "counts and checksums), by default into SCHOOL_EXPORT_DIR/<schema>/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The school's host name, e.g. caugiay.")
        parser.add_argument("--out", type=Path, help="A file to write, or a folder to write in.")

    def handle(self, *args: Any, **options: Any) -> None:
        school = school_by_slug(options["slug"])
        with refusals():
            path = lifecycle.school_export(school=school, actor=None, destination=options["out"])
        size_mb = path.stat().st_size / 1e6
        self.stdout.write(
            self.style.SUCCESS(f"Exported {school.name} to {path} ({size_mb:.1f} MB)")
        )
