"""System health measured by the platform itself (reporting.health): the percentile of a
histogram, flushes that add up, a school's requests counted for it alone, static files
skipped, server errors counted."""

import datetime
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from reporting import health
from reporting.models import HEALTH_BUCKETS_MS, RequestHealth
from tenants.models import Authority, School
from tests.console.factories import SchoolFactory

DAY = datetime.date(2024, 5, 6)
BUCKETS = len(HEALTH_BUCKETS_MS) + 1


@pytest.fixture(autouse=True)
def _nothing_pending() -> Iterator[None]:
    health.health_discard()
    yield
    health.health_discard()


def _histogram(**counts: int) -> list[int]:
    """Counts by bucket index: _histogram(b2=100)."""
    buckets = [0] * BUCKETS
    for name, count in counts.items():
        buckets[int(name[1:])] = count
    return buckets


@pytest.mark.parametrize(
    ("buckets", "fraction", "expected"),
    [
        # all 100 requests between 10 and 20 ms: the 95th is 95 % of the way through
        (_histogram(b2=100), 0.95, 19.5),
        # 90 under 5 ms, 10 between 300 and 500 ms: the 95th is half-way into the slow bucket
        (_histogram(b0=90, b10=10), 0.95, 400.0),
        (_histogram(b0=90, b10=10), 0.5, 5 * 50 / 90),
        # the open last bucket counts up to twice the last bound
        (_histogram(b18=10), 0.5, 15000.0),
        (_histogram(), 0.95, None),
    ],
)
def test_percentile_of_a_known_histogram(
    buckets: list[int], fraction: float, expected: float | None
) -> None:
    assert health.percentile_ms(buckets, fraction) == pytest.approx(expected)


def test_flush_adds_up_across_two_flushes(school_a: School) -> None:
    # given
    health.health_record(school_id=school_a.pk, day=DAY, elapsed_ms=12, error=False)
    health.health_record(school_id=school_a.pk, day=DAY, elapsed_ms=400, error=True)
    assert health.health_flush() == 1
    health.health_record(school_id=school_a.pk, day=DAY, elapsed_ms=13, error=False)
    # when
    assert health.health_flush() == 1
    # then
    row = RequestHealth.objects.get(school=school_a, day=DAY)
    assert (row.requests, row.errors, row.duration_ms) == (3, 1, 425)
    assert row.buckets == _histogram(b2=2, b10=1)
    assert health.health_pending() == {}
    summary = health.health_by_school(school_ids=[school_a.pk], start=DAY, end=DAY)[school_a.pk]
    assert summary.error_rate == pytest.approx(100 / 3)


def test_flush_drops_a_deleted_school(school_a: School, ward_caugiay: Authority) -> None:
    # given: counts of a school deleted before the flush, beside school A's
    gone = SchoolFactory(authority=ward_caugiay)
    health.health_record(school_id=gone.pk, day=DAY, elapsed_ms=10, error=False)
    health.health_record(school_id=school_a.pk, day=DAY, elapsed_ms=10, error=False)
    gone_id = gone.pk
    gone.delete()
    # when
    written = health.health_flush()
    # then
    assert written == 1
    assert not RequestHealth.objects.filter(school_id=gone_id).exists()
    assert RequestHealth.objects.get(school=school_a, day=DAY).requests == 1


def test_a_school_request_is_counted_for_that_school_only(
    client_a: Client, client_b: Client, school_a: School, school_b: School
) -> None:
    today = timezone.localdate()
    # when
    client_a.get("/accounts/login/")
    client_a.get("/accounts/login/")
    client_b.get("/accounts/login/")
    # then
    pending = health.health_pending()
    assert set(pending) == {(school_a.pk, today), (school_b.pk, today)}
    assert pending[(school_a.pk, today)][0] == 2
    assert pending[(school_b.pk, today)][0] == 1


def test_the_root_domain_is_not_measured(public_client: Client) -> None:
    public_client.get("/accounts/login/")
    assert health.health_pending() == {}


def test_static_files_are_skipped(client_a: Client) -> None:
    response = client_a.get(f"{settings.STATIC_URL}reporting/reporting.css")
    response.close()  # a file response: close its file
    assert health.health_pending() == {}


@pytest.mark.parametrize(("status", "errors"), [(500, 1), (503, 1), (404, 0), (200, 0)])
def test_a_server_error_is_counted_as_an_error(school_a: School, status: int, errors: int) -> None:
    # given: the middleware in front of a view answering `status`
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(status=status)

    middleware = health.HealthMiddleware(view)
    request = RequestFactory().get("/some/page/")
    request.tenant = school_a  # type: ignore[attr-defined]
    # when
    middleware(request)
    # then
    counts = health.health_pending()[(school_a.pk, timezone.localdate())]
    assert counts[:2] == [1, errors]


def test_the_demo_has_weeks_of_health_for_both_named_schools(
    school_a: School, school_b: School
) -> None:
    # then: ten weeks of made-up days each (demo history; real measurements may add days)
    assert RequestHealth.objects.filter(school=school_a).count() >= 70
    assert RequestHealth.objects.filter(school=school_b).count() >= 70
    # the pilot school the busier
    a = health.health_by_school(
        school_ids=[school_a.pk, school_b.pk],
        start=datetime.date(2000, 1, 1),
        end=datetime.date(2100, 1, 1),
    )
    assert a[school_a.pk].requests > a[school_b.pk].requests > 0
    assert a[school_a.pk].p95_ms is not None
    assert (school_a.cohort, school_b.cohort) == ("pilot", "comparison")
