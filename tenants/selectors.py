"""Reads on the tenant registry. Runs in the public schema."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django_tenants.utils import get_public_schema_name

from accounts.roles import Role
from tenants.models import Authority, School


def school_list() -> QuerySet[School]:
    """Every real school (not the platform row, not the template)."""
    return School.objects.exclude(
        schema_name__in=[get_public_schema_name(), settings.TENANT_BASE_SCHEMA]
    ).select_related("authority")


def school_list_ready() -> QuerySet[School]:
    """Schools whose schema exists and is open: periodic work runs only for these."""
    return school_list().filter(status__in=[School.Status.ONBOARDING, School.Status.LIVE])


def authority_list_for_user(*, user: object) -> QuerySet[Authority]:
    """The authority nodes an operator belongs to."""
    return Authority.objects.filter(memberships__user=user)


def school_list_for_user(*, user: object) -> QuerySet[School]:
    """The schools an operator may see: those under their nodes of the authority tree.

    The university pilot team sees the pilot schools, read-only.
    """
    schools = school_list()
    if getattr(user, "is_superuser", False):
        return schools
    paths = list(authority_list_for_user(user=user).values_list("path", flat=True))
    visible = Q(pk__in=[])
    for path in paths:
        visible |= Q(authority__path__startswith=path)
    if user.groups.filter(name=Role.UNIVERSITY_MONITOR).exists():  # type: ignore[attr-defined]
        visible |= Q(is_pilot=True)
    return schools.filter(visible)
