"""Benchmark: what measuring system health costs a request (reporting.health).

Run: uv run python tests/benchmarks/bench_health.py [--requests 200000] [--schools 500]

Against DATABASE_URL (the embedded database without it). Two figures:

1. Per request: `health_record` (bisect into the histogram, under a lock) against a baseline
   measured in the same run: reading the clock twice and calling an empty function, which any
   timing costs. Both over `--requests` calls, spread over `--schools` schools.
2. Per flush: writing what a web process gathered for `--schools` schools over one day to the
   public schema in one statement (the upsert that adds counts and histograms), twice (insert,
   then update), inside a transaction rolled back at the end. Baseline: `SELECT 1`.
"""

import argparse
import datetime
import os
import random
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from reporting import health  # noqa: E402
from tenants.models import School  # noqa: E402


def _noop(**_: object) -> None:
    return None


def per_request(requests: int, school_ids: list[int]) -> tuple[float, float]:
    """Nanoseconds per call of health_record and of the baseline."""
    day = timezone.localdate()
    rng = random.Random(7)
    calls = [(rng.choice(school_ids), rng.lognormvariate(3.5, 0.8)) for _ in range(requests)]
    health.health_discard()
    started = time.perf_counter_ns()
    for school_id, elapsed in calls:
        began = time.perf_counter()
        _noop(school_id=school_id, day=day, elapsed_ms=elapsed, error=False)
        _ = (time.perf_counter() - began) * 1000
    baseline = (time.perf_counter_ns() - started) / requests
    started = time.perf_counter_ns()
    for school_id, elapsed in calls:
        began = time.perf_counter()
        health.health_record(school_id=school_id, day=day, elapsed_ms=elapsed, error=False)
        _ = (time.perf_counter() - began) * 1000
    measured = (time.perf_counter_ns() - started) / requests
    return measured, baseline


def per_flush(school_ids: list[int], size: int, rounds: int = 5) -> tuple[float, float, int]:
    """Median ms of a flush of `size` school-days, of `SELECT 1`, and the rows written."""
    today = timezone.localdate()
    days = -(-size // len(school_ids))
    keys = [
        (school_id, today - datetime.timedelta(days=n))
        for n in range(days)
        for school_id in school_ids
    ][:size]
    flushes, baselines, rows = [], [], 0
    with transaction.atomic():
        for _ in range(rounds):
            for school_id, day in keys:
                health.health_record(school_id=school_id, day=day, elapsed_ms=42, error=False)
            started = time.perf_counter()
            rows = health.health_flush()
            flushes.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            baselines.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    return statistics.median(flushes), statistics.median(baselines), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--schools", type=int, default=500)
    args = parser.parse_args()
    real = list(School.objects.values_list("pk", flat=True))
    # Per request, any ids do; the flush writes only schools that exist, so it uses the real
    # ones on as many days as it takes to make --schools rows.
    ids = list(range(1, args.schools + 1))
    measured, baseline = per_request(args.requests, ids)
    print(
        f"per request: health_record {measured:.0f} ns vs baseline {baseline:.0f} ns "
        f"(+{measured - baseline:.0f} ns, {measured / baseline:.1f} x) over {args.requests} calls"
    )
    health.health_discard()
    flush_ms, select_ms, rows = per_flush(real, args.schools)
    print(
        f"per flush: {rows} school-days in {flush_ms:.1f} ms vs SELECT 1 {select_ms:.2f} ms "
        f"({flush_ms / select_ms:.0f} x); a web process flushes once every "
        "HEALTH_FLUSH_SECONDS (10 s)"
    )


if __name__ == "__main__":
    main()
