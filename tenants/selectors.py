"""Reads on the tenant registry. Runs in the public schema."""

import dataclasses
import datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Q, QuerySet
from django_tenants.utils import get_public_schema_name

from accounts.roles import Role
from tenants.models import Authority, School, SchoolEvent


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


def school_events(*, school: School) -> QuerySet[SchoolEvent]:
    """The school's lifecycle log, newest first, with who did each step."""
    return SchoolEvent.objects.filter(school=school).select_related("actor").order_by("-id")


@dataclasses.dataclass(frozen=True)
class SchoolExport:
    """An export archive of one school, as written by tenants.lifecycle.school_export."""

    name: str
    path: Path
    size: int
    created_at: datetime.datetime


def school_exports(*, school: School) -> list[SchoolExport]:
    """The school's export archives (SCHOOL_EXPORT_DIR/<its schema>/), newest first.

    Only finished archives: one being written ends in .part and is not listed.
    """
    folder = Path(settings.SCHOOL_EXPORT_DIR) / school.schema_name
    if not folder.is_dir():
        return []
    exports = []
    for path in folder.glob("*.tar.gz"):
        stat = path.stat()
        exports.append(
            SchoolExport(
                name=path.name,
                path=path,
                size=stat.st_size,
                created_at=datetime.datetime.fromtimestamp(stat.st_mtime, tz=datetime.UTC),
            )
        )
    return sorted(exports, key=lambda export: (export.created_at, export.name), reverse=True)


def school_export_get(*, school: School, name: str) -> SchoolExport | None:
    """One of the school's archives by file name (for a download), or None: a name that is not
    one of this school's archives (another school's, a path) finds nothing."""
    return next((export for export in school_exports(school=school) if export.name == name), None)
