"""Benchmark: the authority's reports page (/reports/) with 500 schools' published figures.

Run: uv run python tests/benchmarks/bench_reporting_dashboard.py [--schools 500]

Against DATABASE_URL (the embedded database without it), seeded with the demo if needed. The
schools are registry rows only (no schema: the page reads only published figures), each given
a copy of THCS Cầu Giấy's published figures (both school years, every term), all under one
ward of Hà Nội; everything is written in a transaction that is rolled back at the end. Server
time through the test client (middleware, sign-in, every query and the template), signed in as
the province operator (so.hanoi, who sees every school): the median of REPEAT runs after
WARM_UP runs, in turns with the baseline so both see the same load. Baseline, same run: the
console's school list (/schools/, 50 a page) for the same operator, the same middleware,
sign-in and base template. Target: ≤ 300 ms.
"""

import argparse
import os
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

from accounts.models import User  # noqa: E402
from onboarding import demo  # noqa: E402
from onboarding import services as onboarding_services  # noqa: E402
from reporting import services  # noqa: E402
from reporting.models import Figure, FigureSet  # noqa: E402
from tenants.models import Authority, School  # noqa: E402

WARM_UP = 3
REPEAT = 15
TARGET_MS = 300
PAGES = {
    "reports (year)": "/reports/?school_year=2025-2026",
    "reports (term 1, grade 7)": "/reports/?school_year=2025-2026&term=1&grade=7",
}
BASELINE = "/schools/"


class RollbackError(Exception):
    """Raised to roll everything the benchmark wrote back."""


def _figures_of_many(count: int) -> None:
    source_school = School.objects.get(slug="caugiay")
    if not FigureSet.objects.filter(school=source_school).exists():
        services.school_figures_refresh(school=source_school)
    ward = Authority.objects.get(code="00167")
    schools = School.objects.bulk_create(
        School(
            name=f"THCS Thử nghiệm {i:03d}",
            code=f"BD{i:06d}",
            slug=f"bench-dash-{i:03d}",
            schema_name=f"bench_dash_{i:03d}",
            authority=ward,
            status=School.Status.LIVE,
        )
        for i in range(count)
    )
    source = list(FigureSet.objects.filter(school=source_school))
    cells = list(Figure.objects.filter(figure_set__school=source_school))
    sets = FigureSet.objects.bulk_create(
        FigureSet(school=school, school_year=s.school_year, term=s.term, computed_at=s.computed_at)
        for school in schools
        for s in source
    )
    cells_of: dict[int, list[Figure]] = {}
    for cell in cells:
        cells_of.setdefault(cell.figure_set_id, []).append(cell)
    figures = [
        Figure(
            figure_set=figure_set,
            metric=cell.metric,
            grade=cell.grade,
            sex=cell.sex,
            subject=cell.subject,
            band=cell.band,
            level=cell.level,
            value=cell.value,
            denominator=cell.denominator,
            suppressed=cell.suppressed,
        )
        for index, figure_set in enumerate(sets)
        for cell in cells_of.get(source[index % len(source)].pk, [])
    ]
    Figure.objects.bulk_create(figures, batch_size=10000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reporting_figure; ANALYZE reporting_figureset")
    print(f"{count} schools, {len(sets)} figure sets, {len(figures)} figures")


def _timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--profile", action="store_true", help="Print the slowest queries.")
    args = parser.parse_args()
    onboarding_services.platform_migrate(verbosity=0)
    if not demo.demo_is_seeded():
        demo.demo_seed()
    connection.set_schema_to_public()
    # The reports' stylesheet must be in the static manifest (production storage).
    call_command("collectstatic", interactive=False, verbosity=0)
    try:
        with transaction.atomic():
            _figures_of_many(args.schools)
            user = User.objects.get(username="so.hanoi")
            if not Authenticator.objects.filter(user=user, type="totp").exists():
                TOTP.activate(user, generate_totp_secret())
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            times: dict[str, list[float]] = {url: [] for url in [*PAGES.values(), BASELINE]}
            for round_number in range(WARM_UP + REPEAT):
                for url in times:
                    elapsed = _timed(client, url)
                    if round_number >= WARM_UP:
                        times[url].append(elapsed)
            base = statistics.median(times[BASELINE])
            for name, url in PAGES.items():
                with CaptureQueriesContext(connection) as queries:
                    client.get(url)
                median = statistics.median(times[url])
                verdict = "met" if median <= TARGET_MS else "NOT met"
                print(
                    f"{name}: median {median:.0f} ms (min {min(times[url]):.0f}, max "
                    f"{max(times[url]):.0f}), {len(queries)} queries, "
                    f"{median / base:.1f} × baseline; target ≤ {TARGET_MS} ms {verdict}"
                )
            print(f"baseline {BASELINE}: median {base:.0f} ms")
            if args.profile:
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    client.get(PAGES["reports (year)"])
                    elapsed = (time.perf_counter() - started) * 1000
                sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
                print(f"one request {elapsed:.0f} ms, of which SQL {sql_ms:.0f} ms; slowest:")
                slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
                for q in slowest[:5]:
                    print(f"  {float(q['time']) * 1000:.0f} ms  {q['sql'][:150]}")
                import cProfile
                import pstats

                profile = cProfile.Profile()
                profile.enable()
                client.get(PAGES["reports (year)"])
                profile.disable()
                pstats.Stats(profile).sort_stats("tottime").print_stats(15)
            raise RollbackError
    except RollbackError:
        pass


if __name__ == "__main__":
    main()
