"""Try again to make a school whose provisioning failed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from onboarding import provisioning
from tenants.models import School


class Command(BaseCommand):
    help = "Retry the provisioning of a failed school (by host name or code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("school", help="Host name (slug) or school code.")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["school"]
        school = School.objects.filter(slug=key).first() or School.objects.filter(code=key).first()
        if school is None:
            raise CommandError(f"No school {key!r}.")
        try:
            provisioning.provision_retry(school=school, actor=None)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        result = provisioning.school_provision(school_id=school.pk)
        school.refresh_from_db()
        if result != "made":
            raise CommandError(f"{school.name}: failed again: {school.status_reason}")
        provisioning.admin_invite(school_id=school.pk)
        self.stdout.write(
            self.style.SUCCESS(f"{school.name}: ready ({school.get_status_display()}).")
        )
