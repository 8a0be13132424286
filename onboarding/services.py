"""Bringing the platform and its schools up to date. Runs in the public schema."""

import logging

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tenants import selectors as tenant_selectors
from tenants import services as tenant_services

logger = logging.getLogger(__name__)


def _has_pending_migrations(schema_name: str) -> bool:
    # TENANCY: read the migration table of one schema; the caller returns to public.
    connection.set_schema(schema_name, include_public=False)
    try:
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes()
        return bool(executor.migration_plan(targets))
    finally:
        connection.set_schema_to_public()


def platform_migrate(*, verbosity: int = 0) -> None:
    """Migrate the public schema, the template and every school; skip what is at head.

    The migration plan of each schema is read first, so a warm start applies nothing and runs
    no migrate command.
    """
    connection.set_schema_to_public()
    if _has_pending_migrations("public"):
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
    tenant_services.platform_tenant_ensure()
    tenant_services.template_schema_ensure()
    schemas = [tenant_services.template_schema_ensure().schema_name] + [
        school.schema_name for school in tenant_selectors.school_list()
    ]
    for schema_name in schemas:
        if _has_pending_migrations(schema_name):
            logger.info("Migrating schema %s", schema_name)
            call_command(
                "migrate_schemas",
                tenant=True,
                schema_name=schema_name,
                interactive=False,
                verbosity=verbosity,
            )
