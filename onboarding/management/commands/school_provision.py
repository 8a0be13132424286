"""Provision one school from the command line (platform staff): ask for it, then make it."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from onboarding import provisioning
from tenants.models import Authority, School


class Command(BaseCommand):
    help = (
        "Provision a school: its schema cloned from the template, its host, the current "
        "standards, its first administrator (invited by e-mail)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--name", required=True, help="The school's name, e.g. 'THCS Dịch Vọng'."
        )
        parser.add_argument("--code", required=True, help="School code: 4–16 digits or capitals.")
        parser.add_argument("--slug", default="", help="Host name (default: from the name).")
        parser.add_argument("--authority", required=True, help="Code of its education authority.")
        parser.add_argument("--admin-name", required=True)
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-phone", default="")
        parser.add_argument("--pilot", action="store_true", help="A pilot school.")
        parser.add_argument(
            "--queue", action="store_true", help="Leave the making to the Celery workers."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        authority = Authority.objects.filter(code=options["authority"]).first()
        if authority is None:
            raise CommandError(f"No education authority has the code {options['authority']!r}.")
        try:
            school = provisioning.school_request(
                name=options["name"],
                code=options["code"],
                slug=options["slug"] or provisioning.slug_suggest(options["name"]),
                authority=authority,
                is_pilot=options["pilot"],
                admin_name=options["admin_name"],
                admin_email=options["admin_email"],
                admin_phone=options["admin_phone"],
                actor=None,
                enqueue=options["queue"],
            )
        except ValidationError as error:
            raise CommandError(
                "\n".join(
                    f"{field}: {'; '.join(msgs)}" for field, msgs in error.message_dict.items()
                )
            ) from error
        if options["queue"]:
            self.stdout.write(f"{school.code} {school.name}: requested; a worker will make it.")
            return
        result = provisioning.school_provision(school_id=school.pk)
        school.refresh_from_db()
        if result != "made":
            raise CommandError(f"{school.code} {school.name}: failed: {school.status_reason}")
        provisioning.admin_invite(school_id=school.pk)
        host = school.domains.get(is_primary=True).domain
        self.stdout.write(
            self.style.SUCCESS(
                f"{school.code} {school.name}: ready at {host} ({school.get_status_display()})"
            )
        )
        if school.status != School.Status.ONBOARDING:  # pragma: no cover - defensive
            raise CommandError(school.status_reason)
