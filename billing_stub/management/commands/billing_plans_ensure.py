"""Create the default plans (pilot, standard) that are missing."""

from typing import Any

from django.core.management.base import BaseCommand

from billing_stub import services
from billing_stub.models import Plan


class Command(BaseCommand):
    help = "Create the pilot and standard plans if they are missing (existing plans are kept)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = services.plans_ensure()
        for plan in created:
            self.stdout.write(f"Created plan {plan.code} ({plan.name}).")
        self.stdout.write(f"{Plan.objects.count()} plans; {len(created)} created now.")
