"""`migrate_schemas` that skips the schemas with nothing to apply.

django-tenants runs Django's migrate command in every schema, even when nothing is pending:
about a quarter of a second per school here, minutes at a few hundred schools (and 12 minutes
at 900 in django-tenants #719). We read every schema's applied migrations in ONE query first
and hand the executor only the schemas that are behind (and the ones with no migration table
yet). Schools asked for but not made yet have no schema and are left to provisioning.

Selected by the GET_EXECUTOR_FUNCTION setting; wraps whichever executor `--executor` names
(standard, multiprocessing).
"""

from typing import Any

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.migration_executors import get_executor
from django_tenants.migration_executors.base import MigrationExecutor


def migrations_on_disk() -> set[tuple[str, str]]:
    """Every migration on disk (read once: building the graph is the slow part)."""
    return set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schemas_behind(
    schema_names: list[str], migrations: set[tuple[str, str]] | None = None
) -> list[str]:
    """The schemas among `schema_names` that have not recorded every migration on disk, in
    their order; schemas that do not exist are left out. Two queries whatever the number.

    Django records every migration of the plan in each schema (the router only skips the
    operations of apps that do not live there), so a schema at head has recorded them all.
    """
    if not schema_names:
        return []
    migrations = migrations if migrations is not None else migrations_on_disk()
    migrations = sorted(migrations)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, c.oid IS NOT NULL FROM pg_namespace n "
            "LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'django_migrations' "
            "WHERE n.nspname = ANY(%s)",
            [list(schema_names)],
        )
        found = dict(cursor.fetchall())
        with_table = [name for name in schema_names if found.get(name)]
        recorded: dict[str, int] = {}
        if with_table:
            # The migrations on disk are sent once; each schema adds one small count.
            parts = [
                f"SELECT {index}, count(*) FROM {_quote(name)}.django_migrations m "  # noqa: S608
                "JOIN disk ON disk.app = m.app AND disk.name = m.name"
                for index, name in enumerate(with_table)
            ]
            disk = "WITH disk AS (SELECT * FROM unnest(%s::text[], %s::text[]) AS d(app, name)) "
            cursor.execute(
                disk + " UNION ALL ".join(parts),
                [[app for app, _ in migrations], [name for _, name in migrations]],
            )
            recorded = {with_table[index]: int(count) for index, count in cursor.fetchall()}
    return [
        name
        for name in schema_names
        if name in found and (not found[name] or recorded.get(name, 0) < len(migrations))
    ]


class SkippingExecutor(MigrationExecutor):
    """Runs the chosen executor on the schemas that are behind only."""

    codename = "skipping"
    inner_codename = "standard"

    def _inner(self) -> MigrationExecutor:
        return get_executor(self.inner_codename)(self.args, self.options)

    def _filters(self) -> bool:
        # A targeted run (an app, a migration name, --fake, --plan, --prune, --check) goes to
        # every schema, as django-tenants does.
        options = self.options
        return not (
            options.get("app_label")
            or options.get("migration_name")
            or options.get("fake")
            or options.get("plan")
            or options.get("prune")
            or options.get("check_unapplied")
        )

    def run_migrations(self, tenants: Any = None) -> None:
        tenants = list(tenants or [])
        if self._filters():
            tenants = schemas_behind(tenants)
        if tenants:
            self._inner().run_migrations(tenants=tenants)

    def run_multi_type_migrations(self, tenants: Any) -> None:  # pragma: no cover - unused
        self._inner().run_multi_type_migrations(tenants)


def executor_get(codename: str | None = None) -> type[MigrationExecutor]:
    """GET_EXECUTOR_FUNCTION: the executor `codename` names, wrapped to skip schemas at head."""
    inner = get_executor(codename if codename not in (None, "skipping") else None)

    class Executor(SkippingExecutor):
        inner_codename = inner.codename

    return Executor
