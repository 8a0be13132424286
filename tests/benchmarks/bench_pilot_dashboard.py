"""Benchmark: the pilot dashboard (/pilot/) and its evaluation report with many schools.

Run: uv run python tests/benchmarks/bench_pilot_dashboard.py [--schools 500] [--weeks 17]

Against DATABASE_URL (the embedded database without it), seeded with the demo if needed. As in
bench_reporting_dashboard.py the schools are registry rows only (no schema: the pages read only
what schools published and what the platform measured): half in the pilot, half in the
comparison cohort, under one ward of Hà Nội, each with a PilotKpi row per KPI and week and a
RequestHealth row per day of the period (bulk_create), in a transaction rolled back at the end.
Server time through the test client (middleware, sign-in, every query, the template), signed
in as the province operator (so.hanoi, who sees every school one by one) and as the
university monitor (dh.giamsat): the median of REPEAT runs after WARM_UP runs, in turns with
the baseline so all see the same load. Baseline, same run: the console's school list
(/schools/, 50 a page) for the same operator.
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

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from config.pilot import KPI_METRICS  # noqa: E402
from onboarding import demo  # noqa: E402
from onboarding import services as onboarding_services  # noqa: E402
from reporting.models import HEALTH_BUCKETS_MS, PilotKpi, RequestHealth  # noqa: E402
from tenants.models import Authority, School  # noqa: E402

WARM_UP = 2
REPEAT = 9
BASELINE = "/schools/"


class RollbackError(Exception):
    """Raised to roll everything the benchmark wrote back."""


def _rows_of_many(count: int, weeks: int) -> str:
    """`count` schools with `weeks` weeks of KPIs and daily health up to today; the period."""
    rng = random.Random(42)
    ward = Authority.objects.get(code="00167")
    schools = School.objects.bulk_create(
        School(
            name=f"THCS Thí điểm {i:03d}",
            code=f"BP{i:06d}",
            slug=f"bench-pilot-{i:03d}",
            schema_name=f"bench_pilot_{i:03d}",
            authority=ward,
            status=School.Status.LIVE,
            is_pilot=i % 2 == 0,
            is_comparison=i % 2 == 1,
        )
        for i in range(count)
    )
    today = timezone.localdate()
    first = today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)
    now = timezone.now()
    kpis = []
    for school in schools:
        for w in range(weeks):
            for metric in KPI_METRICS:
                denominator = rng.randint(20, 80)
                kpis.append(
                    PilotKpi(
                        school=school,
                        week=first + datetime.timedelta(weeks=w),
                        metric=metric,
                        value=rng.randint(0, denominator),
                        denominator=denominator,
                        computed_at=now,
                    )
                )
    PilotKpi.objects.bulk_create(kpis, batch_size=10000)
    days = (today - first).days + 1
    health = []
    for school in schools:
        for d in range(days):
            buckets = [rng.randint(0, 40) for _ in range(len(HEALTH_BUCKETS_MS) + 1)]
            health.append(
                RequestHealth(
                    school=school,
                    day=first + datetime.timedelta(days=d),
                    requests=sum(buckets),
                    errors=rng.randint(0, 2),
                    duration_ms=sum(buckets) * 80,
                    buckets=buckets,
                )
            )
    RequestHealth.objects.bulk_create(health, batch_size=10000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reporting_pilotkpi; ANALYZE reporting_requesthealth")
    print(f"{count} schools, {weeks} weeks: {len(kpis)} KPI rows, {len(health)} health rows")
    return f"start={first.isoformat()}&end={today.isoformat()}"


def _client(username: str) -> Client:
    user = User.objects.get(username=username)
    if not Authenticator.objects.filter(user=user, type="totp").exists():
        TOTP.activate(user, generate_totp_secret())
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=17, help="About a school term and a half.")
    args = parser.parse_args()
    onboarding_services.platform_migrate(verbosity=0)
    if not demo.demo_is_seeded():
        demo.demo_seed()
    connection.set_schema_to_public()
    # The pages' stylesheet must be in the static manifest (production storage).
    call_command("collectstatic", interactive=False, verbosity=0)
    try:
        with transaction.atomic():
            period = _rows_of_many(args.schools, args.weeks)
            operator, monitor = _client("so.hanoi"), _client("dh.giamsat")
            runs = {
                "dashboard, province operator": (operator, f"/pilot/?{period}"),
                "dashboard, university monitor": (monitor, f"/pilot/?{period}"),
                "one school's page": (operator, f"/pilot/bench-pilot-000/?{period}"),
                "CSV of every series": (operator, f"/pilot/export.csv?{period}"),
                "evaluation report (PDF), monitor": (monitor, f"/pilot/report.pdf?{period}"),
                "baseline": (operator, BASELINE),
            }
            times: dict[str, list[float]] = {name: [] for name in runs}
            for round_number in range(WARM_UP + REPEAT):
                for name, (client, url) in runs.items():
                    elapsed = _timed(client, url)
                    if round_number >= WARM_UP:
                        times[name].append(elapsed)
            base = statistics.median(times["baseline"])
            for name, (client, url) in runs.items():
                with CaptureQueriesContext(connection) as queries:
                    client.get(url)
                median = statistics.median(times[name])
                print(
                    f"{name}: median {median:.0f} ms (min {min(times[name]):.0f}, max "
                    f"{max(times[name]):.0f}), {len(queries)} queries, "
                    f"{median / base:.1f} × baseline ({BASELINE} {base:.0f} ms)"
                )
            raise RollbackError
    except RollbackError:
        pass


if __name__ == "__main__":
    main()
