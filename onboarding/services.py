"""Bringing the platform and its schools up to date. Runs in the public schema."""

import logging

from django.core.management import call_command
from django.db import connection

from onboarding.migration_executor import migrations_on_disk, schemas_behind
from tenants import selectors as tenant_selectors
from tenants import services as tenant_services

logger = logging.getLogger(__name__)


def platform_migrate(*, verbosity: int = 0) -> None:
    """Migrate the public schema, the template and every school; skip what is at head.

    Which schemas are behind is read first, in one query whatever their number, so a warm
    start applies nothing and runs no migrate command. Schools asked for but not made yet have
    no schema: provisioning makes them from the template, which is migrated here first.
    """
    connection.set_schema_to_public()
    migrations = migrations_on_disk()
    if schemas_behind(["public"], migrations):
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
    tenant_services.platform_tenant_ensure()
    schemas = [tenant_services.template_schema_ensure().schema_name] + [
        school.schema_name for school in tenant_selectors.school_list()
    ]
    for schema_name in schemas_behind(schemas, migrations):
        logger.info("Migrating schema %s", schema_name)
        call_command(
            "migrate_schemas",
            tenant=True,
            schema_name=schema_name,
            interactive=False,
            verbosity=verbosity,
        )
