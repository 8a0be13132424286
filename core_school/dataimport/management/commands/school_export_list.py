"""Write a school's list (pupils, staff, classes, guardians) in a layout, or its empty
template, as .xlsx or .csv: the same files as the import page's downloads."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_tenants.utils import tenant_context

from core_school.dataimport import layouts, selectors
from core_school.dataimport.management.commands._school import school_by_slug
from core_school.dataimport.spreadsheet_write import FORMATS


class Command(BaseCommand):
    help = (
        "Export a school's list in a layout (ministry, vnedu, smas) as .xlsx or .csv (UTF-8 "
        "with BOM); --empty writes the layout's empty template. OUT '-' writes to stdout."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="The file to write, or - for standard output.")
        parser.add_argument("--school", required=True, help="The school's slug, e.g. caugiay.")
        parser.add_argument(
            "--kind", required=True, choices=[k.value for k in layouts.Kind], help="Which list."
        )
        parser.add_argument(
            "--layout", required=True, choices=[v.value for v in layouts.Layout], help="Layout."
        )
        parser.add_argument("--format", default="xlsx", choices=FORMATS, help="xlsx or csv.")
        parser.add_argument("--empty", action="store_true", help="Only the headers (a template).")

    def handle(self, *args: Any, **options: Any) -> None:
        school = school_by_slug(options["school"])
        # TENANCY: the list is read inside the school named by --school, and only there.
        with tenant_context(school):
            exported = selectors.list_export(
                kind=options["kind"],
                layout=options["layout"],
                file_format=options["format"],
                empty=options["empty"],
            )
        if options["out"] == "-":
            sys.stdout.buffer.write(exported.content)
            sys.stdout.buffer.flush()
            return
        Path(options["out"]).write_bytes(exported.content)
        self.stderr.write(f"Wrote {options['out']} ({len(exported.content)} bytes)")
