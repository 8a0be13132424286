"""Delete for good the schools whose deletion delay is over (what the daily task runs)."""

from typing import Any

from django.core.management.base import BaseCommand

from tenants import lifecycle


class Command(BaseCommand):
    help = (
        "Drop the schema, hosts, files and row of every school whose deletion is due "
        "(the scheduler runs this daily)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        purged = lifecycle.schools_purge_due()
        self.stdout.write(
            self.style.SUCCESS(f"Purged {len(purged)} school(s): {', '.join(purged) or '-'}")
        )
