"""Benchmark: provisioning one school by cloning the template schema, side by side with
creating the same schema by running every migration.

Run: uv run python tests/benchmarks/bench_provision.py [--clones 7] [--migrations 2]

Four ways, taken in turns: the whole provisioning task (`school_provision`: the schema cloned,
the host, the standards, the subscription, the first administrator — one transaction; the
invitation e-mail goes out after it), `school_create` (row, schema, host), the same with
django-tenants' own `clone_schema` (what tenants/clone.py replaced), and the baseline.

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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django_tenants.clone import CloneSchema  # noqa: E402

from onboarding import provisioning  # noqa: E402
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


def _provision(number: int) -> float:
    school = provisioning.school_request(
        name=f"Trường đo {number}",
        code=f"BQ{number:05d}",
        slug=f"{PREFIX}p{number}",
        authority=None,
        admin_name="Quản trị",
        admin_email="admin@example.com",
        actor=None,
        enqueue=False,
    )
    started = time.perf_counter()
    assert provisioning.school_provision(school_id=school.pk) == "made"
    return time.perf_counter() - started


def _django_tenants_clone(number: int) -> float:
    slug = f"{PREFIX}d{number}"
    started = time.perf_counter()
    school = School.objects.create(
        name=f"Trường đo {number}",
        code=f"BD{number:05d}",
        slug=slug,
        schema_name=services.school_schema_name(slug),
        status=School.Status.ONBOARDING,
    )
    CloneSchema().clone_schema(settings.TENANT_BASE_SCHEMA, school.schema_name, "DATA")
    connection.set_schema_to_public()
    Domain.objects.create(domain=services.school_host(slug), tenant=school, is_primary=True)
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


def _line(label: str, runs: list[float], baseline: float) -> str:
    p50 = statistics.median(runs)
    return (
        f"{label} ({len(runs)} runs): p50 {p50:6.3f} s  (min {min(runs):.3f} s, max "
        f"{max(runs):.3f} s)  = {baseline / p50:5.1f} x faster than migrating"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clones", type=int, default=7)
    parser.add_argument("--migrations", type=int, default=2)
    options = parser.parse_args()
    onboarding_services.platform_migrate(verbosity=0)
    _cleanup()
    tasks, clones, dt_clones, migrations = [], [], [], []
    try:
        number = 0
        per_round = max(1, options.clones // max(1, options.migrations))
        while len(clones) < options.clones or len(migrations) < options.migrations:
            if len(migrations) < options.migrations:
                migrations.append(_migrate(number))
            for _ in range(per_round):
                if len(clones) < options.clones:
                    serial = number * 100 + len(clones)
                    clones.append(_clone(serial))
                    tasks.append(_provision(serial))
                    dt_clones.append(_django_tenants_clone(serial))
            number += 1
        cloned_tables = _tables(services.school_schema_name(f"{PREFIX}0"))
        migrated_tables = _tables(services.school_schema_name(f"{PREFIX}m0"))
    finally:
        _cleanup()
    migrate_p50 = statistics.median(migrations)
    task_p50 = statistics.median(tasks)
    print(f"schema tables: cloned {cloned_tables}, migrated {migrated_tables}")
    print(
        f"baseline, migrate a new schema ({len(migrations)} runs): p50 {migrate_p50:6.2f} s"
        f"  (min {min(migrations):.2f} s, max {max(migrations):.2f} s)"
    )
    print(_line("provisioning task (schema, host, standards, plan, admin)", tasks, migrate_p50))
    print(_line("school_create (row, schema, host)", clones, migrate_p50))
    print(_line("same with django-tenants' clone_schema", dt_clones, migrate_p50))
    met = task_p50 <= TARGET_P50_S and migrate_p50 / task_p50 >= TARGET_RATIO
    print(
        f"target (the provisioning task) p50 ≤ {TARGET_P50_S:.0f} s and ≥ {TARGET_RATIO} x "
        f"faster: {'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
