"""Benchmark: `migrate_schemas` with nothing to apply, at 1, 100 and 500 schools.

Run: uv run python tests/benchmarks/bench_migrate_noop.py [--sizes 1,100,500] [--baseline-max 500]

Against DATABASE_URL (use a database of its own: it makes up to 500 schools, cloned from the
template, and drops them at the end). For each size it times, with every schema at head:
  - `manage.py migrate_schemas --tenant` as this platform runs it (GET_EXECUTOR_FUNCTION: one
    query tells which schemas are behind; none is, so no migrate command runs);
  - `platform_migrate` (what `up` and the release job run: public, template and schools);
  - the baseline: django-tenants' standard executor, which runs Django's migrate command in
    every schema even when nothing is pending (up to --baseline-max schools).
"""

import argparse
import io
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_tenants.management.commands import migrate_schemas  # noqa: E402
from django_tenants.migration_executors import get_executor  # noqa: E402

from onboarding import services as onboarding_services  # noqa: E402
from tenants import selectors, services  # noqa: E402
from tenants.models import Domain, School  # noqa: E402

PREFIX = "benchmig"


def _cleanup() -> None:
    connection.set_schema_to_public()
    for school in School.objects.filter(slug__startswith=PREFIX):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{school.schema_name}" CASCADE')
        Domain.objects.filter(tenant=school).delete()
        School.objects.filter(pk=school.pk).delete()


def _grow_to(size: int) -> None:
    """Make bench schools until the installation has `size` schools."""
    have = selectors.school_list().count()
    number = School.objects.filter(slug__startswith=PREFIX).count()
    while have < size:
        services.school_create(
            name=f"Trường đo {number}",
            code=f"BMG{number:05d}",
            slug=f"{PREFIX}{number}",
            authority=None,
        )
        number += 1
        have += 1


def _timed(function: object) -> float:
    started = time.perf_counter()
    function()  # type: ignore[operator]
    return time.perf_counter() - started


def _migrate_schemas() -> None:
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)


def _baseline() -> None:
    # django-tenants as it comes: the standard executor, every schema.
    saved = migrate_schemas.GET_EXECUTOR_FUNCTION
    migrate_schemas.GET_EXECUTOR_FUNCTION = get_executor
    out = io.StringIO()
    try:
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0, stdout=out)
    finally:
        migrate_schemas.GET_EXECUTOR_FUNCTION = saved


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,100,500")
    parser.add_argument("--baseline-max", type=int, default=500)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    onboarding_services.platform_migrate(verbosity=0)
    _cleanup()
    rows = []
    try:
        for size in sizes:
            if selectors.school_list().count() > size:
                print(f"{size} schools: the installation already has more; skipped")
                continue
            started = time.perf_counter()
            _grow_to(size)
            grown = time.perf_counter() - started
            ours = min(_timed(_migrate_schemas) for _ in range(3))
            platform = min(_timed(lambda: onboarding_services.platform_migrate()) for _ in range(3))
            baseline = _timed(_baseline) if size <= options.baseline_max else None
            rows.append((size, ours, platform, baseline))
            print(
                f"{size:4d} schools (made in {grown:5.1f} s): "
                f"migrate_schemas {ours * 1000:7.1f} ms, "
                f"platform_migrate {platform * 1000:7.1f} ms, django-tenants standard executor "
                + (f"{baseline:6.1f} s = {baseline / ours:6.0f} x" if baseline else "not run")
            )
    finally:
        _cleanup()
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(
            f"from {first[0]} to {last[0]} schools: migrate_schemas × {last[1] / first[1]:.1f}, "
            f"platform_migrate × {last[2] / first[2]:.1f}"
            + (f", standard executor × {last[3] / first[3]:.0f}" if last[3] and first[3] else "")
        )


if __name__ == "__main__":
    main()
