"""Bring the public schema, the template schema and every school to the current migrations."""

from typing import Any

from django.core.management.base import BaseCommand

from onboarding import services


class Command(BaseCommand):
    help = (
        "Migrate the public schema, create the platform row and the template schema if missing, "
        "then migrate the template and every school that has something to apply. No demo data."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        services.platform_migrate(verbosity=max(options["verbosity"] - 1, 0))
        self.stdout.write(self.style.SUCCESS("Platform, template and schools are at head."))
