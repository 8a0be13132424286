"""Write-side operations on the tenant registry. Runs in the public schema."""

import logging

from django.conf import settings
from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_exists

from tenants.clone import schema_clone
from tenants.models import Authority, Domain, School

logger = logging.getLogger(__name__)


def school_schema_name(slug: str) -> str:
    """The PostgreSQL schema of the school with this host name (already validated)."""
    return "school_" + slug.replace("-", "_")


def school_host(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


@transaction.atomic
def platform_tenant_ensure() -> School:
    """Create the public schema's School row and the root domain if they are missing."""
    platform, _ = School.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={
            "name": "Trường Số",
            "code": "PLATFORM",
            "slug": "platform",
            "status": School.Status.PLATFORM,
        },
    )
    Domain.objects.get_or_create(
        domain=settings.PLATFORM_DOMAIN, defaults={"tenant": platform, "is_primary": True}
    )
    return platform


def template_schema_ensure() -> School:
    """Create and migrate the template schema new schools are cloned from.

    It is a School row (so migrate_schemas keeps it at head) with no domain, no users and no
    secrets: cloning copies its rows.
    """
    template, _ = School.objects.get_or_create(
        schema_name=settings.TENANT_BASE_SCHEMA,
        defaults={
            "name": "Template",
            "code": "TEMPLATE",
            "slug": "template",
            "status": School.Status.TEMPLATE,
        },
    )
    if not schema_exists(template.schema_name):
        logger.info("Migrating the template schema %s", template.schema_name)
        template.create_schema(check_if_exists=True, verbosity=0)
    return template


@transaction.atomic(durable=True)
def school_create(
    *,
    name: str,
    code: str,
    slug: str,
    authority: Authority | None,
    is_pilot: bool = False,
    status: str = School.Status.ONBOARDING,
) -> School:
    """Register a school and give it its own schema, cloned from the template, and its host.

    One transaction: the row, the schema (PostgreSQL DDL is transactional) and the domain
    appear together or not at all. Raises ValidationError for a bad or duplicate code/slug.
    """
    school = School(
        name=name,
        code=code,
        slug=slug,
        authority=authority,
        is_pilot=is_pilot,
        status=status,
        schema_name=school_schema_name(slug),
    )
    school.full_clean()
    school.save()
    # TENANCY: the clone is written with schema-qualified names; the connection stays on public.
    schema_clone(source=settings.TENANT_BASE_SCHEMA, target=school.schema_name)
    domain = Domain(domain=school_host(slug), tenant=school, is_primary=True)
    domain.full_clean()
    domain.save()
    return school


@transaction.atomic
def school_set_status(*, school: School, status: str, reason: str = "") -> School:
    """Move a school to another status (suspend, resume, archive) with the reason shown."""
    school.status = status
    school.status_reason = reason
    school.save(update_fields=["status", "status_reason", "updated_at"])
    return school
