"""Demo history of system health: a few weeks of RequestHealth rows for the demo schools, so
the pilot pages' health charts have a shape on a fresh installation. Runs in the public schema.

These days are made up (seeded, repeatable): school days busier than weekends, the large
school busier than the small one, now and then a slow day or a few server errors. Real
measurements (reporting.health.HealthMiddleware) add to the same rows from then on.
"""

import datetime
import math
import random

from reporting.models import HEALTH_BUCKETS_MS, RequestHealth
from tenants.models import School

DEMO_HEALTH_WEEKS = 10
# Bucket midpoints (ms) used to total the time of the made-up requests.
_MIDPOINTS = [
    (low + high) / 2
    for low, high in zip(
        (0, *HEALTH_BUCKETS_MS), (*HEALTH_BUCKETS_MS, 2 * HEALTH_BUCKETS_MS[-1]), strict=True
    )
]


def _day(rng: random.Random, *, requests: int, median_ms: float) -> tuple[int, list[int]]:
    """Spread `requests` over the buckets from a log-normal latency around `median_ms`."""
    buckets = [0] * (len(HEALTH_BUCKETS_MS) + 1)
    for _request in range(requests):
        elapsed = math.exp(rng.gauss(math.log(median_ms), 0.6))
        index = next((i for i, bound in enumerate(HEALTH_BUCKETS_MS) if elapsed <= bound), -1)
        buckets[index] += 1
    total = round(sum(count * mid for count, mid in zip(buckets, _MIDPOINTS, strict=True)))
    return total, buckets


def demo_health_history(
    *, school: School, today: datetime.date, weeks: int = DEMO_HEALTH_WEEKS, size: int = 1
) -> int:
    """Write `weeks` weeks of made-up health before `today` for `school` (its days must not
    have rows yet); `size` scales the traffic. Returns the rows written."""
    rng = random.Random(f"{school.code}-{today.isoformat()}")  # noqa: S311 - demo data
    rows = []
    for offset in range(weeks * 7, 0, -1):
        day = today - datetime.timedelta(days=offset)
        school_day = day.weekday() < 5
        requests = rng.randint(300, 500) * size if school_day else rng.randint(20, 60) * size
        # A slower day now and then (a busy marks deadline), faster as the weeks go by.
        median = 60 + 40 * offset / (weeks * 7) + (120 if rng.random() < 0.06 else 0)
        duration, buckets = _day(rng, requests=requests, median_ms=median)
        errors = sum(1 for _ in range(requests) if rng.random() < 0.002)
        rows.append(
            RequestHealth(
                school=school,
                day=day,
                requests=requests,
                errors=errors,
                duration_ms=duration,
                buckets=buckets,
            )
        )
    RequestHealth.objects.bulk_create(rows)
    return len(rows)
