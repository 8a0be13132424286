"""Recompute and publish the aggregate figures of every ready school, or of one."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reporting import services, tasks
from tenants import selectors as tenant_selectors


class Command(BaseCommand):
    help = (
        "Refresh the aggregate figures and pilot KPIs of every ready school (or --school SLUG): "
        "enqueue one task per school, spread over --spread seconds, or with --sync compute "
        "them here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", help="Only this school (its host name, e.g. caugiay).")
        parser.add_argument(
            "--sync", action="store_true", help="Compute here, one school after another."
        )
        parser.add_argument(
            "--spread",
            type=float,
            default=tasks.ON_DEMAND_SPREAD_SECONDS,
            help="Spread the queued tasks over this many seconds (not with --sync).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schools = tenant_selectors.school_list_ready().order_by("slug")
        if options["school"]:
            schools = schools.filter(slug=options["school"])
            if not schools.exists():
                raise CommandError(
                    f"No ready school has the host name {options['school']!r} "
                    "(it must exist and be onboarding or live)."
                )
        if not options["sync"]:
            count = tasks.figures_refresh_enqueue(schools=schools, spread_seconds=options["spread"])
            self.stdout.write(f"{count} schools queued for a refresh.")
            return
        started = time.monotonic()
        count = 0
        for school in schools:
            cells = services.school_figures_refresh(school=school)
            kpis = services.school_kpis_refresh(school=school)
            count += 1
            self.stdout.write(f"{school.slug}: {cells} figures published, {kpis} KPI rows")
        self.stdout.write(f"{count} schools refreshed in {time.monotonic() - started:.1f} s.")
