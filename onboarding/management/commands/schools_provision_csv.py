"""Provision many schools from one CSV file (platform staff), all or none."""

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from onboarding import provisioning
from onboarding.models import Provisioning


class Command(BaseCommand):
    help = "Ask for every school of a CSV file (all or none), then make them one by one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--queue", action="store_true", help="Leave the making to the Celery workers."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            batch = provisioning.batch_create(
                file_bytes=path.read_bytes(),
                file_name=path.name,
                actor=None,
                enqueue=options["queue"],
            )
        except ValidationError as error:
            raise CommandError("Nothing was created:\n" + "\n".join(error.messages)) from error
        self.stdout.write(f"Batch {batch.pk}: {batch.total} schools requested.")
        if options["queue"]:
            return
        started = time.perf_counter()
        ids = list(
            Provisioning.objects.filter(batch=batch)
            .order_by("pk")
            .values_list("school_id", flat=True)
        )
        for number, school_id in enumerate(ids, start=1):
            result = provisioning.school_provision(school_id=school_id)
            if result == "made":
                provisioning.admin_invite(school_id=school_id)
            self.stdout.write(f"[{number}/{len(ids)}] school {school_id}: {result}")
        progress = provisioning.batch_progress(batch=batch)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{progress['done']} made, {progress['failed']} failed, in {elapsed:.1f} s."
            )
        )
        if progress["failed"]:
            for school in progress["schools"]:  # type: ignore[union-attr]
                if school["status"] == "failed":
                    self.stderr.write(f"{school['code']} {school['name']}: {school['reason']}")
            raise CommandError(f"{progress['failed']} schools failed; retry them.")
