"""Planted data for the pilot pages' tests: registry rows of schools (no schema) with KPI and
health rows in 2024, far from the demo's own (recent) history."""

import datetime
from dataclasses import dataclass

from config.pilot import KPI_METRICS
from reporting.models import HEALTH_BUCKETS_MS, PilotKpi, RequestHealth
from tenants.models import Authority, School
from tests.console.factories import SchoolFactory

START = datetime.date(2024, 1, 1)  # a Monday
WEEKS = 10
END = START + datetime.timedelta(weeks=WEEKS) - datetime.timedelta(days=1)
PERIOD = f"start={START.isoformat()}&end={END.isoformat()}"
COMPUTED_AT = datetime.datetime(2024, 3, 11, 2, 0, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Planted:
    pilot_here: School  # pilot, Phường Cầu Giấy
    pilot_there: School  # pilot, Phường Nghĩa Đô
    comparison_here: School
    comparison_there: School
    outside: School  # in neither cohort, Phường Cầu Giấy


def week(index: int) -> datetime.date:
    return START + datetime.timedelta(weeks=index)


def kpi_value(school_index: int, week_index: int, metric_index: int) -> tuple[int, int]:
    """A deterministic (value, denominator): rising week by week, different per school."""
    denominator = 40 + 10 * school_index + metric_index
    value = min(denominator, 10 + 3 * week_index + 2 * school_index + metric_index)
    return value, denominator


def health_buckets(fast: int, slow: int) -> list[int]:
    buckets = [0] * (len(HEALTH_BUCKETS_MS) + 1)
    buckets[2] = fast  # 10–20 ms
    buckets[10] = slow  # 300–500 ms
    return buckets


def plant(*, here: Authority, there: Authority) -> Planted:
    def school(name: str, authority: Authority, **flags: bool) -> School:
        return SchoolFactory(name=name, authority=authority, status=School.Status.LIVE, **flags)

    planted = Planted(
        pilot_here=school("THCS Thí Điểm Một", here, is_pilot=True),
        pilot_there=school("THCS Thí Điểm Hai", there, is_pilot=True),
        comparison_here=school("THCS Đối Chứng Một", here, is_comparison=True),
        comparison_there=school("THCS Đối Chứng Hai", there, is_comparison=True),
        outside=school("THCS Ngoài Cuộc", here),
    )
    schools = [
        planted.pilot_here,
        planted.pilot_there,
        planted.comparison_here,
        planted.comparison_there,
        planted.outside,
    ]
    kpis = []
    for s_index, school_row in enumerate(schools):
        for w_index in range(WEEKS):
            # The second pilot school has no data in its first two weeks.
            if school_row == planted.pilot_there and w_index < 2:
                continue
            for m_index, metric in enumerate(KPI_METRICS):
                value, denominator = kpi_value(s_index, w_index, m_index)
                kpis.append(
                    PilotKpi(
                        school=school_row,
                        week=week(w_index),
                        metric=metric,
                        value=value,
                        denominator=denominator,
                        computed_at=COMPUTED_AT,
                    )
                )
    PilotKpi.objects.bulk_create(kpis)
    # Monday and Wednesday of every week: 100 requests, a few slow, one more error the first week
    RequestHealth.objects.bulk_create(
        RequestHealth(
            school=school_row,
            day=week(w_index) + datetime.timedelta(days=day),
            requests=100,
            errors=s_index + (1 if w_index == 0 else 0),
            duration_ms=100 * 50,
            buckets=health_buckets(100 - 5 * (s_index + 1), 5 * (s_index + 1)),
        )
        for s_index, school_row in enumerate(schools)
        for w_index in range(WEEKS)
        for day in (0, 2)
    )
    return planted
