"""Create the demo installation (authorities, operators, two schools) if it is not there."""

from typing import Any

from django.core.management.base import BaseCommand

from onboarding import demo, services


class Command(BaseCommand):
    help = "Migrate, then seed the demo authorities, operators and schools on first run."

    def handle(self, *args: Any, **options: Any) -> None:
        services.platform_migrate(verbosity=options["verbosity"] - 1 if options["verbosity"] else 0)
        if demo.demo_is_seeded():
            self.stdout.write("Demo data already present.")
            return
        schools = demo.demo_seed()
        self.stdout.write(self.style.SUCCESS(f"Seeded {len(schools)} demo schools."))
