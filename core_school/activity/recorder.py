"""Recording who used the platform each week, without a query on ordinary requests.

`ActivityMiddleware` (school hosts) notes the signed-in user of a request, and a sign-in
(user_logged_in) notes its user, in this process's memory: (school schema, user id, week's
Monday). A user already noted this week is skipped at once (`_seen`), so a busy user costs a
set lookup per request. Every HEALTH_FLUSH_SECONDS (as reporting.health does for latency) the
process writes what it noted: one schema-qualified `INSERT … ON CONFLICT DO NOTHING` per school
schema, which also reads each user's kind (staff, guardian, pupil) from their roles in that
same statement. A process stopping in between loses at most that much (it also writes at exit);
the next request of the same user in the week records them again. Tests set
HEALTH_FLUSH_SECONDS to None and call `activity_flush()` themselves.

Only the user's own school's schema is written: the schema comes from the request's school,
and the statement names it.
"""

import atexit
import contextlib
import datetime
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, empty
from django_tenants.utils import get_public_schema_name

from accounts.roles import STAFF_ROLES, Role
from config.pilot import week_of
from core_school.activity.models import UserKind, WeeklyActivity

logger = logging.getLogger(__name__)

Key = tuple[str, int, datetime.date]  # schema, user id, week's Monday

_pending: set[Key] = set()
_seen: set[Key] = set()
_lock = threading.Lock()
_last_flush = time.monotonic()


def activity_record(*, schema: str, user_id: int, day: datetime.date) -> bool:
    """Note that the user used the platform on `day`; False when already noted that week."""
    key = (schema, user_id, week_of(day))
    with _lock:
        if key in _seen:
            return False
        _seen.add(key)
        _pending.add(key)
    return True


def activity_pending() -> set[Key]:
    """A copy of what this process noted and has not written yet."""
    with _lock:
        return set(_pending)


def activity_discard() -> None:
    """Forget everything this process noted, written or not (tests)."""
    with _lock:
        _pending.clear()
        _seen.clear()


def _kind_sql(schema: str) -> tuple[str, list[object]]:
    """A CASE giving the kind of user `v.user_id` from their roles in `schema`."""
    quote = connection.ops.quote_name
    links = f"{quote(schema)}.{quote('accounts_user_groups')}"
    groups = f"{quote(schema)}.{quote('auth_group')}"

    def has_role(count: int) -> str:
        names = ", ".join(["%s"] * count)
        return (
            f"EXISTS (SELECT 1 FROM {links} ug JOIN {groups} g ON g.id = ug.group_id "  # noqa: S608
            f"WHERE ug.user_id = v.user_id AND g.name IN ({names}))"
        )

    staff = [role.value for role in STAFF_ROLES]
    sql = (
        f"CASE WHEN {has_role(len(staff))} THEN %s "
        f"WHEN {has_role(1)} THEN %s WHEN {has_role(1)} THEN %s ELSE %s END"
    )
    params: list[object] = [
        *staff,
        UserKind.STAFF.value,
        Role.PARENT.value,
        UserKind.GUARDIAN.value,
        Role.PUPIL.value,
        UserKind.PUPIL.value,
        UserKind.OTHER.value,
    ]
    return sql, params


def _flush_schema(schema: str, rows: list[tuple[int, datetime.date]]) -> int:
    quote = connection.ops.quote_name
    table = f"{quote(schema)}.{quote(WeeklyActivity._meta.db_table)}"
    users = f"{quote(schema)}.{quote('accounts_user')}"
    kind_sql, kind_params = _kind_sql(schema)
    values = ", ".join(["(%s, %s::date)"] * len(rows))
    params: list[object] = [value for row in rows for value in row]
    sql = (
        f"INSERT INTO {table} (user_id, week, kind) "  # noqa: S608 - quoted names
        f"SELECT v.user_id, v.week, {kind_sql} FROM (VALUES {values}) AS v(user_id, week) "
        # A user deleted meanwhile (or a test's rolled-back user) is dropped, not an error.
        f"WHERE EXISTS (SELECT 1 FROM {users} u WHERE u.id = v.user_id) "
        "ON CONFLICT (user_id, week) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, kind_params + params)
        return cursor.rowcount


def activity_flush(*, quiet: bool = False) -> int:
    """Write what this process noted, one statement per school schema; the rows added.

    A schema dropped meanwhile (a deleted school) loses its rows instead of failing the rest
    (said in the log unless `quiet`).
    """
    global _last_flush
    with _lock:
        taken = set(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
        # Last week's users need not be remembered any more.
        current = week_of(timezone.localdate())
        _seen.difference_update({key for key in _seen if key[2] < current})
    by_schema: dict[str, list[tuple[int, datetime.date]]] = defaultdict(list)
    for schema, user_id, week in sorted(taken):
        by_schema[schema].append((user_id, week))
    written = 0
    for schema, rows in by_schema.items():
        try:
            with transaction.atomic():
                written += _flush_schema(schema, rows)
        except DatabaseError:
            if not quiet:
                logger.warning("Weekly activity of schema %s not written", schema, exc_info=True)
    return written


def _flush_due() -> bool:
    every = settings.HEALTH_FLUSH_SECONDS
    return every is not None and time.monotonic() - _last_flush >= every


@atexit.register
def _flush_at_exit() -> None:  # pragma: no cover - runs when the process stops
    # Without a flush period (tests) only explicit flushes write: nothing is left behind in a
    # reused test database.
    if _pending and settings.HEALTH_FLUSH_SECONDS is not None:
        # The process is stopping (its database or log may be gone already): nothing to tell.
        with contextlib.suppress(Exception):
            activity_flush(quiet=True)


def _school_schema(request: HttpRequest) -> str | None:
    tenant = getattr(request, "tenant", None)
    schema = getattr(tenant, "schema_name", None)
    return schema if schema and schema != get_public_schema_name() else None


def _loaded_user(request: HttpRequest) -> Any:
    """The request's user if something already loaded it, else None: reading `request.user`
    here would cost the session and user queries on a page that did not need them."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        user = user._wrapped  # only to know whether it was loaded
        if user is empty:
            return None
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def on_user_logged_in(sender: object, request: HttpRequest | None, user: Any, **_: object) -> None:
    """A sign-in on a school's host counts as using the platform that week."""
    schema = _school_schema(request) if request is not None else None
    if schema is not None and user is not None and user.pk is not None:
        activity_record(schema=schema, user_id=user.pk, day=timezone.localdate())


class ActivityMiddleware:
    """Note the signed-in user of each school-host request (after the response, from the user
    the request already loaded; never a query), and write the notes when they are due."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        schema = _school_schema(request)
        if schema is not None:
            user = _loaded_user(request)
            if user is not None:
                activity_record(schema=schema, user_id=user.pk, day=timezone.localdate())
            if _flush_due():
                activity_flush()
        return response
