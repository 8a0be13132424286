"""The pilot board's numbers: cohorts as sums over their schools, baseline vs now, health per
week, the CSV, the default period and a fixed number of queries."""

import csv
import datetime
import io

import pytest
from django.db.models import Q, Sum
from django.utils import timezone

from config.pilot import ACTIVE_STAFF, DATA_QUALITY, KPI_METRICS
from reporting import pilot_views
from reporting.health import percentile_ms
from reporting.models import PilotKpi, RequestHealth
from reporting.pilot_board import Period, period_default
from tenants.models import Authority, School
from tests.console.conftest import ConsoleAs
from tests.console.factories import SchoolFactory
from tests.reporting.pilot_data import (
    COMPUTED_AT,
    END,
    PERIOD,
    START,
    WEEKS,
    Planted,
    kpi_value,
    week,
)


def _board(console_as: ConsoleAs, username: str = "so.hanoi"):  # type: ignore[no-untyped-def]
    response = console_as(username).get(f"/pilot/?{PERIOD}")
    assert response.status_code == 200
    return response.context["board"]


@pytest.mark.parametrize("metric", KPI_METRICS)
@pytest.mark.parametrize(("index", "flag"), [(0, "is_pilot"), (1, "is_comparison")])
def test_cohort_rate_is_the_sum_of_values_over_the_sum_of_denominators(
    planted: Planted, console_as: ConsoleAs, metric: str, index: int, flag: str
) -> None:
    # given: the monitor's cohorts hold every pilot / comparison school
    cohort = _board(console_as, "dh.giamsat").cohorts[index]
    # when: the same sums straight from the table
    rows = PilotKpi.objects.filter(
        **{f"school__{flag}": True}, metric=metric, week__gte=START, week__lte=END
    )
    direct = rows.aggregate(v=Sum("value"), d=Sum("denominator"))
    weekly = {
        row["week"]: (row["v"], row["d"])
        for row in rows.values("week").annotate(v=Sum("value"), d=Sum("denominator"))
    }
    # then
    total = cohort.total(metric)
    assert (total.value, total.denominator) == (direct["v"], direct["d"])
    assert total.percent == round(100 * direct["v"] / direct["d"], 1)
    assert {w: (r.value, r.denominator) for w, r in cohort.kpis[metric].items()} == weekly


def test_baseline_is_the_first_four_weeks_with_data_and_now_the_last_four(
    planted: Planted, console_as: ConsoleAs
) -> None:
    # given: the second pilot school (index 1) has data from its third week only
    board = _board(console_as)
    unit = next(u for u in board.pilot if u.key == planted.pilot_there.slug)
    metric_index = KPI_METRICS.index(DATA_QUALITY)
    # when
    change = unit.change(DATA_QUALITY)
    # then
    baseline = [kpi_value(1, w, metric_index) for w in (2, 3, 4, 5)]
    now = [kpi_value(1, w, metric_index) for w in (6, 7, 8, 9)]
    assert (change.baseline.value, change.baseline.denominator) == (
        sum(v for v, _ in baseline),
        sum(d for _, d in baseline),
    )
    assert (change.now.value, change.now.denominator) == (
        sum(v for v, _ in now),
        sum(d for _, d in now),
    )
    expected = round(
        round(100 * sum(v for v, _ in now) / sum(d for _, d in now), 1)
        - round(100 * sum(v for v, _ in baseline) / sum(d for _, d in baseline), 1),
        1,
    )
    assert change.change == expected
    assert change.weeks == WEEKS - 2
    assert unit.computed_at == COMPUTED_AT


def test_health_per_week_merges_the_days_and_the_cohort_merges_the_schools(
    planted: Planted, console_as: ConsoleAs
) -> None:
    board = _board(console_as)
    unit = next(u for u in board.pilot if u.key == planted.pilot_here.slug)
    # then: two days a week, 100 requests each; school index 0 has 5 % slow requests
    first = unit.health_by_week()[week(0)]
    assert (first.requests, first.errors) == (200, 2)  # one error a day in the first week
    rows = RequestHealth.objects.filter(
        school=planted.pilot_here, day__lte=week(0) + datetime.timedelta(days=6)
    )
    merged = [sum(column) for column in zip(*(r.buckets for r in rows), strict=True)]
    assert first.p95_ms == percentile_ms(merged, 0.95)
    assert unit.measured_until == week(WEEKS - 1) + datetime.timedelta(days=2)
    # the pilot cohort: every pilot school's requests of the period
    pilot = board.cohorts[0]
    direct = RequestHealth.objects.filter(
        school__is_pilot=True, day__gte=START, day__lte=END
    ).aggregate(r=Sum("requests"), e=Sum("errors"))
    assert (pilot.health.requests, pilot.health.errors) == (direct["r"], direct["e"])


def test_the_page_shows_each_figure_with_when_it_was_computed(
    planted: Planted, console_as: ConsoleAs
) -> None:
    html = console_as("so.hanoi").get(f"/pilot/?{PERIOD}").content.decode()
    assert f'data-key="{planted.pilot_here.slug}"' in html
    assert f'datetime="{timezone.localtime(COMPUTED_AT).isoformat()}"' in html
    assert f'data-testid="school-{planted.pilot_here.slug}-{ACTIVE_STAFF}"' in html
    assert 'data-testid="cohort-pilot-p95"' in html
    assert 'data-testid="report-pdf"' in html


def test_school_page_has_every_week_as_a_table(planted: Planted, console_as: ConsoleAs) -> None:
    response = console_as("so.hanoi").get(f"/pilot/{planted.pilot_here.slug}/?{PERIOD}")
    assert response.status_code == 200
    weeks = response.context["weeks"]
    assert [row["week"] for row in weeks] == [week(i) for i in range(WEEKS)]
    value, denominator = kpi_value(0, 3, 0)
    assert (weeks[3]["kpis"][0].value, weeks[3]["kpis"][0].denominator) == (value, denominator)
    assert weeks[3]["health"].requests == 200
    assert f'data-week="{week(3).isoformat()}"' in response.content.decode()


def test_csv_has_every_week_of_every_series(planted: Planted, console_as: ConsoleAs) -> None:
    # when
    response = console_as("phuong.caugiay").get(
        f"/pilot/{planted.pilot_here.slug}/export.csv?{PERIOD}"
    )
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == [
        "Mã trường",
        "Tên trường (hoặc nhóm)",
        "Nhóm",
        "Tuần (thứ Hai)",
        "Chỉ số",
    ]
    kpis = [r for r in rows[1:] if r[4] in KPI_METRICS]
    assert len(kpis) == WEEKS * len(KPI_METRICS)
    value, denominator = kpi_value(0, 4, 0)
    line = next(r for r in kpis if r[3] == week(4).isoformat() and r[4] == KPI_METRICS[0])
    assert line[:3] == [planted.pilot_here.code, planted.pilot_here.name, "Thí điểm"]
    assert line[5:8] == [str(value), str(denominator), str(round(100 * value / denominator, 1))]
    errors = [r for r in rows if r[4] == "error_rate"]
    assert len(errors) == WEEKS
    assert errors[0][5:7] == ["2", "200"]


def test_board_csv_has_the_cohorts(planted: Planted, console_as: ConsoleAs) -> None:
    content = (
        console_as("dh.giamsat").get(f"/pilot/export.csv?{PERIOD}").content.decode("utf-8-sig")
    )
    assert "Đối chứng" in content
    assert planted.comparison_here.name not in content
    assert planted.pilot_there.name in content


def test_default_period_is_the_school_year_so_far() -> None:
    assert period_default(today=datetime.date(2026, 11, 29)) == Period(
        start=datetime.date(2026, 8, 1), end=datetime.date(2026, 11, 29)
    )
    assert period_default(today=datetime.date(2027, 3, 2)).start == datetime.date(2026, 8, 1)


def test_a_wrong_period_falls_back_to_the_default_and_says_so(
    db: None, console_as: ConsoleAs
) -> None:
    response = console_as("so.hanoi").get("/pilot/?start=2024-05-01&end=2024-01-01")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["board"].period == period_default()


def test_queries_do_not_grow_with_schools_or_weeks(
    planted: Planted,
    console_as: ConsoleAs,
    django_assert_num_queries: object,
    ward_caugiay: Authority,
) -> None:
    client = console_as("so.hanoi")
    client.get(f"/pilot/?{PERIOD}")
    # 11 queries: the search path, the session's user, TOTP, roles and nodes; then the schools,
    # the cohorts' KPIs and health (summed in PostgreSQL), the page's schools' KPI rows,
    # weekly health and milestones.
    with django_assert_num_queries(11):  # type: ignore[operator]
        client.get(f"/pilot/?{PERIOD}")
    # given: ten more pilot schools with a year of rows
    for index in range(10):
        school = SchoolFactory(authority=ward_caugiay, status="live", is_pilot=True)
        PilotKpi.objects.bulk_create(
            PilotKpi(
                school=school,
                week=START + datetime.timedelta(weeks=w),
                metric=metric,
                value=index,
                denominator=20,
                computed_at=COMPUTED_AT,
            )
            for w in range(52)
            for metric in KPI_METRICS
        )
    client.get(f"/pilot/?{PERIOD}")  # the host is known again
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client.get("/pilot/?start=2024-01-01&end=2024-12-31")
    assert len(response.context["board"].weeks) == 53
    with django_assert_num_queries(11):  # type: ignore[operator]
        client.get(f"/pilot/{planted.pilot_here.slug}/?{PERIOD}")
    # the exports read every school shown, with the same queries
    with django_assert_num_queries(11):  # type: ignore[operator]
        client.get(f"/pilot/export.csv?{PERIOD}")
    with django_assert_num_queries(11):  # type: ignore[operator]
        client.get(f"/pilot/report.pdf?{PERIOD}")


def test_the_dashboard_pages_schools_but_cohorts_count_them_all(
    planted: Planted, console_as: ConsoleAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: two schools a page
    monkeypatch.setattr(pilot_views, "PAGE_SIZE", 2)
    client = console_as("so.hanoi")
    # when
    first = client.get(f"/pilot/?{PERIOD}").context
    second = client.get(f"/pilot/?{PERIOD}&page=2").context
    # then
    shown = [card["unit"].key for card in [*first["pilot"], *first["comparison"]]]
    then = [card["unit"].key for card in [*second["pilot"], *second["comparison"]]]
    assert len(shown) == len(then) == 2
    assert not set(shown) & set(then)
    assert first["page"].paginator.count == len(_evaluated_slugs())
    cohort = first["board"].cohorts[0]
    assert cohort.total(ACTIVE_STAFF) == second["board"].cohorts[0].total(ACTIVE_STAFF)
    assert len(cohort.members) == School.objects.filter(is_pilot=True).count()


def _evaluated_slugs() -> list[str]:
    return list(
        School.objects.filter(Q(is_pilot=True) | Q(is_comparison=True)).values_list(
            "slug", flat=True
        )
    )
