"""Measuring what a school uses: its own counts (pupils, staff), its storage and its API calls.

Pupils and staff are counted by the meters school-side apps register in config.metering, run
inside the school's schema: this module is the one place billing enters a school's schema.
Storage and API calls are read from the public side.
"""

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from django_tenants.utils import (
    get_public_schema_name,
    tenant_context,  # noqa: TID251 - see school_counts
)

from billing_stub.models import ApiUsageDay
from billing_stub.months import month_last_day
from config.metering import meters
from tenants.models import School

# The meters billing needs from the school side (UsageRecord's fields).
REQUIRED_METERS = ("active_pupils", "staff")


def school_counts(*, school: School, month: datetime.date) -> dict[str, int]:
    """The school's registered meters for the month, counted in its schema."""
    registered = meters()
    missing = [name for name in REQUIRED_METERS if name not in registered]
    if missing:
        raise ImproperlyConfigured(
            f"No usage meter registered for {', '.join(missing)} (config.metering): "
            "is core_school.people installed?"
        )
    # TENANCY: the meters count the school's own rows, so they run in its schema;
    # tenant_context puts the connection back on the caller's schema afterwards.
    with tenant_context(school):
        return {name: int(registered[name](month=month)) for name in REQUIRED_METERS}


def database_bytes(*, schema_name: str) -> int:
    """Bytes the school's tables take in PostgreSQL: rows, indexes and TOAST of every table
    (and materialised view) in its schema. Read from the catalogue, without entering it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'm')",
            [schema_name],
        )
        return int(cursor.fetchone()[0])


def media_bytes(*, schema_name: str) -> int:
    """Bytes of the school's files under MEDIA_ROOT/<schema>/ (symbolic links not followed)."""
    root = Path(settings.MEDIA_ROOT) / schema_name
    total = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            total += (Path(folder) / name).lstat().st_size
    return total


def storage_bytes(*, school: School) -> int:
    """What the school stores: its schema's tables and its media folder, now."""
    return database_bytes(schema_name=school.schema_name) + media_bytes(
        schema_name=school.schema_name
    )


def api_calls_in_month(*, school: School, month: datetime.date) -> int:
    """Signed-in calls to the school's API in the month (days in Hanoi time)."""
    total = ApiUsageDay.objects.filter(
        school=school, day__gte=month, day__lte=month_last_day(month)
    ).aggregate(calls=Sum("calls"))["calls"]
    return int(total or 0)


def api_call_record(*, school_id: int, day: datetime.date | None = None) -> None:
    """Count one call to a school's API: one statement, exact under concurrency.

    Runs on the school's connection (its search_path), so the public table is named with its
    schema. The upsert adds to the day's row, or creates it.
    """
    quote = connection.ops.quote_name
    table = f"{quote(get_public_schema_name())}.{quote(ApiUsageDay._meta.db_table)}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS usage (school_id, day, calls) VALUES (%s, %s, 1) "  # noqa: S608 - quoted identifiers from code
            "ON CONFLICT (school_id, day) DO UPDATE SET calls = usage.calls + 1",
            [school_id, day or timezone.localdate()],
        )
