"""Import a list (pupils, staff, classes, guardians) into a school from the command line:
the preview with every problem, and the commit with --commit."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import tenant_context

from config.errors import ApplicationError
from core_school.dataimport import layouts, services
from core_school.dataimport.management.commands._school import school_by_slug


class Command(BaseCommand):
    help = (
        "Check a list (.xlsx or .csv) against a school and print every problem (row, column, "
        "value, reason); with --commit, write it into the school, all or nothing. Exits with "
        "status 1 when the file has a problem (nothing is written then)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The list: an .xlsx workbook or a .csv file.")
        parser.add_argument("--school", required=True, help="The school's slug, e.g. caugiay.")
        parser.add_argument(
            "--kind", required=True, choices=[k.value for k in layouts.Kind], help="Which list."
        )
        parser.add_argument(
            "--layout",
            default=layouts.AUTO,
            choices=[layouts.AUTO, *(v.value for v in layouts.Layout)],
            help="The file's layout (default: detected from the headers).",
        )
        parser.add_argument(
            "--commit", action="store_true", help="Write the list when it has no problem."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        school = school_by_slug(options["school"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        # TENANCY: the command works inside the school named by --school, and only there.
        with tenant_context(school):
            try:
                services.file_size_check(file_name=path.name, size=path.stat().st_size)
                result = services.import_preview(
                    actor=None,
                    kind=options["kind"],
                    layout=options["layout"],
                    file_name=path.name,
                    data=path.read_bytes(),
                    store=options["commit"],
                )
            except ApplicationError as error:
                raise CommandError(error.message) from None
            preview = result.preview
            self.stdout.write(
                f"{school.name}: {preview.file_name}, {preview.kind}, layout {preview.layout}, "
                f"{preview.rows} rows"
            )
            self.stdout.write(
                "  " + ", ".join(f"{key} {value}" for key, value in preview.counts.items())
            )
            if preview.problems:
                for problem in preview.problems:
                    self.stdout.write(f"  {problem.as_text()}")
                raise CommandError(
                    f"{len(preview.problems)} problem(s): nothing was written. "
                    "Correct the file and run again."
                )
            if result.run is None:
                self.stdout.write("No problem. Run again with --commit to write it.")
                return
            try:
                run = services.import_commit(run_id=result.run.pk, actor=None)
            except ApplicationError as error:
                for problem in error.extra.get("problems", []):
                    self.stdout.write(f"  {problem}")
                raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Committed (import {run.pk}): "
                + ", ".join(f"{key} {value}" for key, value in run.counts.items())
            )
        )
