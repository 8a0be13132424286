"""What the lifecycle commands share: find a school by host name, turn refusals into errors."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from tenants.models import School


def school_by_slug(slug: str) -> School:
    """The school with this host name, or a CommandError naming it."""
    try:
        return School.objects.get(slug=slug)
    except School.DoesNotExist:
        raise CommandError(f"No school has the host name {slug!r}.") from None


@contextmanager
def refusals() -> Iterator[None]:
    """A service's ValidationError becomes the command's error message (exit status 1)."""
    try:
        yield
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None


def describe(school: School) -> str:
    return f"{school.name} ({school.code}, {school.slug}): {school.get_status_display()}"
