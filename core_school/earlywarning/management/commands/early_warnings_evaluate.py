"""Evaluate the early-warning rules of every ready school, or of one, here and now."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import tenant_context

from core_school.earlywarning import services
from tenants import selectors as tenant_selectors


class Command(BaseCommand):
    help = (
        "Evaluate the early-warning rules of the adopted standard in every ready school (or "
        "--school SLUG): raise new flags, resolve those whose condition no longer holds, and "
        "tell the homeroom teachers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", help="Only this school (its host name, e.g. caugiay).")

    def handle(self, *args: Any, **options: Any) -> None:
        schools = tenant_selectors.school_list_ready().order_by("slug")
        if options["school"]:
            schools = schools.filter(slug=options["school"])
            if not schools.exists():
                raise CommandError(
                    f"No ready school has the host name {options['school']!r} "
                    "(it must exist and be onboarding or live)."
                )
        for school in schools:
            # TENANCY: the rules are evaluated over the school's own rows, in its schema.
            with tenant_context(school):
                result = services.early_warnings_evaluate()
            self.stdout.write(
                f"{school.slug}: {result.raised} raised, {result.resolved} resolved "
                f"automatically, {result.open} open"
            )
