"""Bringing the platform and its schools up to date. Runs in the public schema."""

import logging

from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from tenants import selectors as tenant_selectors
from tenants import services as tenant_services

logger = logging.getLogger(__name__)


def _all_migrations() -> set[tuple[str, str]]:
    """Every migration on disk (read once: building the graph is the slow part)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return set(loader.graph.nodes)


def _has_pending_migrations(
    schema_name: str, migrations: set[tuple[str, str]] | None = None
) -> bool:
    """True when `schema_name` has not recorded every migration on disk.

    Django records every migration of the plan in each schema (the router only skips the
    operations of apps that do not live there), so a schema at head has recorded them all.
    """
    # TENANCY: read the migration table of one schema; the caller returns to public.
    connection.set_schema(schema_name, include_public=False)
    try:
        applied = set(MigrationRecorder(connection).applied_migrations())
    finally:
        connection.set_schema_to_public()
    return bool((migrations if migrations is not None else _all_migrations()) - applied)


def platform_migrate(*, verbosity: int = 0) -> None:
    """Migrate the public schema, the template and every school; skip what is at head.

    The migration plan of each schema is read first, so a warm start applies nothing and runs
    no migrate command.
    """
    connection.set_schema_to_public()
    migrations = _all_migrations()
    if _has_pending_migrations("public", migrations):
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
    tenant_services.platform_tenant_ensure()
    tenant_services.template_schema_ensure()
    schemas = [tenant_services.template_schema_ensure().schema_name] + [
        school.schema_name for school in tenant_selectors.school_list()
    ]
    for schema_name in schemas:
        if _has_pending_migrations(schema_name, migrations):
            logger.info("Migrating schema %s", schema_name)
            call_command(
                "migrate_schemas",
                tenant=True,
                schema_name=schema_name,
                interactive=False,
                verbosity=verbosity,
            )
