"""System health measured by the platform itself: latency and server errors per school.

`HealthMiddleware` (outermost) times every request a school's host answers (static files
aside) and adds it to a histogram kept in the process, keyed by school and day. Every
HEALTH_FLUSH_SECONDS the process adds what it gathered to `RequestHealth` rows of the public
schema in one statement (an upsert that adds the counts and the histograms), so a busy web
worker writes once in a while, not per request; a process stopping in between loses at most
that much (it also writes at exit). The p95 comes from the merged histogram, interpolated
inside its bucket, for any period and any set of schools.

Only counts are kept: no path, user or address, so nothing of one school's people reaches the
public schema.
"""

import atexit
import bisect
import contextlib
import datetime
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from reporting.models import HEALTH_BUCKETS_MS, RequestHealth
from tenants.models import School

_BUCKETS = len(HEALTH_BUCKETS_MS) + 1

# (school id, day) -> [requests, errors, total ms, bucket counts…]
_pending: dict[tuple[int, datetime.date], list[int]] = {}
_lock = threading.Lock()
_last_flush = time.monotonic()


def health_record(*, school_id: int, day: datetime.date, elapsed_ms: float, error: bool) -> None:
    """Add one answered request to this process's pending counts."""
    bucket = bisect.bisect_left(HEALTH_BUCKETS_MS, elapsed_ms)
    with _lock:
        counts = _pending.get((school_id, day))
        if counts is None:
            counts = _pending[(school_id, day)] = [0] * (3 + _BUCKETS)
        counts[0] += 1
        counts[1] += int(error)
        counts[2] += round(elapsed_ms)
        counts[3 + bucket] += 1


def health_pending() -> dict[tuple[int, datetime.date], list[int]]:
    """A copy of what this process gathered and has not written yet."""
    with _lock:
        return {key: list(counts) for key, counts in _pending.items()}


def health_discard() -> None:
    """Forget what this process gathered (tests)."""
    with _lock:
        _pending.clear()


def health_flush() -> int:
    """Add what this process gathered to the public schema's rows; returns the rows written.

    One statement, schema-qualified (the connection may be on any school's schema). Counts of
    a school deleted meanwhile are dropped rather than failing the statement.
    """
    global _last_flush
    with _lock:
        taken = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not taken:
        return 0
    quote = connection.ops.quote_name
    public = quote(get_public_schema_name())
    table = f"{public}.{quote(RequestHealth._meta.db_table)}"
    school_table = f"{public}.{quote(School._meta.db_table)}"
    columns = "school_id, day, requests, errors, duration_ms, buckets"
    values = ", ".join(["(%s, %s::date, %s, %s, %s, %s::bigint[])"] * len(taken))
    params: list[object] = []
    for (school_id, day), counts in taken.items():
        params += [school_id, day, counts[0], counts[1], counts[2], counts[3:]]
    sql = (
        f"INSERT INTO {table} AS h ({columns}) "  # noqa: S608 - quoted names
        f"SELECT v.* FROM (VALUES {values}) AS v({columns}) "
        f"WHERE EXISTS (SELECT 1 FROM {school_table} s WHERE s.id = v.school_id) "
        "ON CONFLICT (school_id, day) DO UPDATE SET "
        "requests = h.requests + EXCLUDED.requests, errors = h.errors + EXCLUDED.errors, "
        "duration_ms = h.duration_ms + EXCLUDED.duration_ms, "
        "buckets = ARRAY(SELECT a + b FROM unnest(h.buckets, EXCLUDED.buckets) "
        "WITH ORDINALITY AS u(a, b, i) ORDER BY i)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _flush_due() -> bool:
    every = settings.HEALTH_FLUSH_SECONDS
    return every is not None and time.monotonic() - _last_flush >= every


@atexit.register
def _flush_at_exit() -> None:  # pragma: no cover - runs when the process stops
    # Tests (HEALTH_FLUSH_SECONDS None) write only when they ask: never into a kept database.
    if _pending and settings.HEALTH_FLUSH_SECONDS is not None:
        # The process is stopping (its database may be gone already): nothing to tell.
        with contextlib.suppress(Exception):
            health_flush()


class HealthMiddleware:
    """Time each request of a school's host (outermost, so the whole stack is measured)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.skip = tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix)
        # The root domain (the platform's own row) is not a school: its requests are not kept.
        self.public = get_public_schema_name()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        tenant = getattr(request, "tenant", None)
        if (
            tenant is not None
            and tenant.schema_name != self.public
            and not request.path.startswith(self.skip)
        ):
            health_record(
                school_id=tenant.pk,
                day=timezone.localdate(),
                elapsed_ms=(time.perf_counter() - started) * 1000,
                error=response.status_code >= 500,
            )
            if _flush_due():
                health_flush()
        return response


@dataclass(frozen=True)
class Health:
    """Requests, server errors and latency of one school (or cohort) over a period."""

    requests: int
    errors: int
    p95_ms: float | None
    mean_ms: float | None

    @property
    def error_rate(self) -> float | None:
        """Server errors per request, in percent."""
        return 100 * self.errors / self.requests if self.requests else None


def percentile_ms(buckets: Sequence[int], fraction: float) -> float | None:
    """The `fraction` percentile of a histogram, interpolated linearly inside its bucket
    (the open last bucket counts as twice the last bound)."""
    total = sum(buckets)
    if not total:
        return None
    rank = fraction * total
    seen = 0
    bounds = (0, *HEALTH_BUCKETS_MS, 2 * HEALTH_BUCKETS_MS[-1])
    for index, count in enumerate(buckets):
        if count and seen + count >= rank:
            low, high = bounds[index], bounds[index + 1]
            return low + (high - low) * (rank - seen) / count
        seen += count
    return float(bounds[-1])  # pragma: no cover - rank never exceeds the total


def health_summary(rows: Iterable[RequestHealth]) -> Health:
    """Merge rows (days, schools) into one figure: counts add, histograms add."""
    requests = errors = duration = 0
    merged = [0] * _BUCKETS
    for row in rows:
        requests += row.requests
        errors += row.errors
        duration += row.duration_ms
        for index, count in enumerate(row.buckets):
            merged[index] += count
    return Health(
        requests=requests,
        errors=errors,
        p95_ms=percentile_ms(merged, 0.95),
        mean_ms=duration / requests if requests else None,
    )


def health_by_school(
    *, school_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> dict[int, Health]:
    """Each school's health over the days start..end (inclusive), in one query."""
    by_school: dict[int, list[RequestHealth]] = {}
    for row in RequestHealth.objects.filter(
        school_id__in=list(school_ids), day__gte=start, day__lte=end
    ):
        by_school.setdefault(row.school_id, []).append(row)
    return {school_id: health_summary(rows) for school_id, rows in by_school.items()}
