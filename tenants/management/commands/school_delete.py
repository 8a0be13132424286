"""Ask for a school to be deleted after the retention delay."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tenants import lifecycle
from tenants.management.commands._lifecycle import refusals, school_by_slug


class Command(BaseCommand):
    help = (
        "Archive a school now and delete it for good (schema, hosts, files) after "
        "SCHOOL_DELETION_RETENTION_DAYS days, unless cancelled with school_delete_cancel."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The school's host name, e.g. caugiay.")
        parser.add_argument("--confirm", required=True, help="The school's code, typed exactly.")

    def handle(self, *args: Any, **options: Any) -> None:
        school = school_by_slug(options["slug"])
        with refusals():
            school = lifecycle.school_delete_request(
                school=school, confirm_code=options["confirm"], actor=None
            )
        due = timezone.localtime(school.deletion_due_at)
        self.stdout.write(
            self.style.SUCCESS(
                f"{school.name} is archived and will be deleted on {due:%d/%m/%Y %H:%M} "
                f"({settings.SCHOOL_DELETION_RETENTION_DAYS} days)."
            )
        )
