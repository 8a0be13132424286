"""Benchmark: provisioning one school by cloning the template schema, side by side with
creating the same schema by running every migration.

Run: uv run python tests/benchmarks/bench_provision.py [--clones 7] [--migrations 2]

Against DATABASE_URL or the embedded development database. Both paths make a complete school
schema (59 tables today, with the national subject catalogue): the product's path,
`school_create` (the School row, the schema cloned from the migrated template and the host, in
one transaction);
the baseline, the same row with its schema built by `migrate_schemas` from the first migration
(what django-tenants does without TENANT_CREATION_FAKES_MIGRATIONS). Taken in turns so that
both see the same machine load. Every school the benchmark makes is dropped at the end.
Target (issue 5): p50 ≤ 1 s and ≥ 15 × faster than migrating.
"""

import argparse
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402

from onboarding import services as onboarding_services  # noqa: E402
from tenants import services  # noqa: E402
from tenants.models import Domain, School  # noqa: E402

PREFIX = "benchprov"
TARGET_P50_S = 1.0
TARGET_RATIO = 15


def _cleanup() -> None:
    connection.set_schema_to_public()
    for school in School.objects.filter(slug__startswith=PREFIX):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{school.schema_name}" CASCADE')
        Domain.objects.filter(tenant=school).delete()
        School.objects.filter(pk=school.pk).delete()


def _clone(number: int) -> float:
    started = time.perf_counter()
    services.school_create(
        name=f"Trường đo {number}", code=f"BP{number:05d}", slug=f"{PREFIX}{number}", authority=None
    )
    return time.perf_counter() - started


def _migrate(number: int) -> float:
    slug = f"{PREFIX}m{number}"
    started = time.perf_counter()
    school = School.objects.create(
        name=f"Trường đo {number}",
        code=f"BM{number:05d}",
        slug=slug,
        schema_name=services.school_schema_name(slug),
        status=School.Status.ONBOARDING,
    )
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
        school.create_schema(check_if_exists=True, sync_schema=True, verbosity=0)
    Domain.objects.create(domain=services.school_host(slug), tenant=school, is_primary=True)
    connection.set_schema_to_public()
    return time.perf_counter() - started


def _tables(schema: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", [schema]
        )
        return int(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clones", type=int, default=7)
    parser.add_argument("--migrations", type=int, default=2)
    options = parser.parse_args()
    onboarding_services.platform_migrate(verbosity=0)
    _cleanup()
    clones, migrations = [], []
    try:
        number = 0
        while len(clones) < options.clones or len(migrations) < options.migrations:
            if len(migrations) < options.migrations:
                migrations.append(_migrate(number))
            for _ in range(max(1, options.clones // max(1, options.migrations))):
                if len(clones) < options.clones:
                    clones.append(_clone(number * 100 + len(clones)))
            number += 1
        cloned_tables = _tables(services.school_schema_name(f"{PREFIX}0"))
        migrated_tables = _tables(services.school_schema_name(f"{PREFIX}m0"))
    finally:
        _cleanup()
    clone_p50, migrate_p50 = statistics.median(clones), statistics.median(migrations)
    print(f"schema tables: cloned {cloned_tables}, migrated {migrated_tables}")
    print(
        f"baseline, migrate a new schema ({len(migrations)} runs): p50 {migrate_p50:6.2f} s"
        f"  (min {min(migrations):.2f} s, max {max(migrations):.2f} s)"
    )
    print(
        f"provision by cloning the template ({len(clones)} runs): p50 {clone_p50:6.2f} s"
        f"  (min {min(clones):.2f} s, max {max(clones):.2f} s)"
        f"  = {migrate_p50 / clone_p50:5.1f} x faster than migrating"
    )
    met = clone_p50 <= TARGET_P50_S and migrate_p50 / clone_p50 >= TARGET_RATIO
    print(
        f"target p50 ≤ {TARGET_P50_S:.0f} s and ≥ {TARGET_RATIO} x faster: "
        f"{'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
