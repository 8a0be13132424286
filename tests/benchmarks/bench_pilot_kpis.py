"""Benchmark: one school's pilot KPIs (core_school.figures.pilot), THCS Cầu Giấy of the demo
(1,703 pupils, a year and a term of marks, registers and weekly activity).

Run: uv run python tests/benchmarks/bench_pilot_kpis.py [--school caugiay] [--repeat 5]

Against DATABASE_URL, which must hold the demo (`uv run manage.py up` seeds it). Timed, each
`--repeat` times (the median is shown): computing the KPIs of the nightly window (the school
year or 26 weeks; reporting.services.kpi_window) in the school's schema, and computing and
publishing them. Baselines, same run, same school: entering the schema and counting its pupils
and registers (the least a per-school pass costs), and computing the school's aggregate figures
(services.school_figures_compute, the other half of the nightly refresh). The number of
queries of one computation is printed too (it must not grow with weeks or pupils).
"""

import argparse
import os
import statistics
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import tenant_context  # noqa: E402

from reporting import services  # noqa: E402
from tenants.models import School  # noqa: E402


def timed(func: Callable[[], object], repeat: int) -> float:
    """The median seconds of `repeat` calls (after one warm-up call)."""
    func()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--school", default="caugiay")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    school = School.objects.get(slug=args.school)
    since, until = services.kpi_window(today=timezone.localdate())

    def minimal() -> None:
        with tenant_context(school), connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM people_pupil), "
                "(SELECT count(*) FROM attendance_attendanceregister)"
            )
            cursor.fetchone()

    def figures() -> None:
        services.school_figures_compute(school=school)

    def compute() -> None:
        services.school_kpis_compute(school=school, since=since, until=until)

    def publish() -> None:
        services.school_kpis_publish(school=school, since=since, until=until)

    with CaptureQueriesContext(connection) as captured:
        rows = services.school_kpis_compute(school=school, since=since, until=until)
    with tenant_context(school), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_pupil")
        (pupils,) = cursor.fetchone()
    base = timed(minimal, args.repeat)
    figures_s = timed(figures, args.repeat)
    compute_s = timed(compute, args.repeat)
    publish_s = timed(publish, args.repeat)
    weeks = len({row.week for row in rows})
    print(f"school: {school.name} ({pupils} pupils); window {since} .. {until}, {weeks} weeks")
    print(f"KPI rows: {len(rows)}; queries of one computation: {len(captured)}")
    print(f"compute KPIs: {compute_s * 1000:.0f} ms (median of {args.repeat})")
    print(f"compute + publish KPIs: {publish_s * 1000:.0f} ms")
    print(
        f"baseline, enter the schema and count: {base * 1000:.1f} ms → ratio "
        f"{compute_s / base:.0f} ×"
    )
    print(
        f"baseline, the school's aggregate figures: {figures_s * 1000:.0f} ms → ratio "
        f"{compute_s / figures_s:.2f} ×"
    )


if __name__ == "__main__":
    main()
