"""The school a command works in, by its slug (its host name)."""

from django.core.management.base import CommandError

from tenants.models import School


def school_by_slug(slug: str) -> School:
    """The school whose host starts with `slug`. Raises CommandError when there is none."""
    school = School.objects.filter(slug=slug).first()
    if school is None:
        raise CommandError(f"No school has the slug “{slug}”.")
    return school
