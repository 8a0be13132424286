"""A school's life after provisioning: suspend, resume, archive, export, restore and delete.

Runs in the public schema. Every status change is checked against the allowed transitions,
keeps its reason in `School.status_reason` and writes a `SchoolEvent`.

An export is ONE `.tar.gz` file:

    manifest.json        format, the school, its migrations, per table: columns, rows, md5
    data/<table>.tsv     every table of the school's schema, PostgreSQL COPY text format,
                         ordered by primary key (the md5 in the manifest is over these bytes)
    files/<path>         the school's files (MEDIA_ROOT/<schema>/...)

COPY's text format needs no pg_dump binary (the embedded server and the machine's PostgreSQL
may differ in version) and loads into a schema of any name, so an archive restores as a NEW
school, on this installation or another one at the same migrations. The md5 of a table is
taken over its rows as COPY prints them under fixed session settings (UTC, ISO dates), so the
same check proves the archive intact and the restored tables equal to the exported ones.
"""

import contextlib
import dataclasses
import datetime
import hashlib
import io
import json
import logging
import shutil
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

import psycopg
from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_exists

from accounts.models import User
from tenants.clone import schema_clone
from tenants.middleware import hosts_forget
from tenants.models import Authority, Cohort, Domain, School, SchoolEvent
from tenants.services import school_host, school_schema_name

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "truongso-school-export"
EXPORT_FORMAT_VERSION = 1
EXPORT_SUFFIX = ".tar.gz"
MANIFEST_NAME = "manifest.json"
# gzip level: 6 writes the demo school's archive about twice as fast as tarfile's default 9,
# for a file a few percent larger.
COMPRESS_LEVEL = 6
CHUNK = 1024 * 1024

# Session settings under which COPY prints every value the same way on any installation, so a
# table's md5 is comparable between the exporting and the restoring server.
COPY_SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}

# Emptied in a restored school: credentials bound to the original school's host. A restored
# school is a new school on a new host; a session cookie, an API token or a phone's push
# subscription of the original must not open it or receive its notifications. People sign in
# again with their (copied) passwords and re-subscribe on the new host.
RESTORE_CLEARED_TABLES = ("django_session", "authtoken_token", "notifications_pushsubscription")

# The status a restored school starts in: served (people can sign in and the operator can
# check it), and on the onboarding checklist until an operator marks it live.
RESTORED_STATUS = School.Status.ONBOARDING

# Statuses from which each change is allowed.
SUSPENDABLE = (School.Status.ONBOARDING, School.Status.LIVE)
ARCHIVABLE = (
    School.Status.ONBOARDING,
    School.Status.LIVE,
    School.Status.SUSPENDED,
    School.Status.FAILED,
)
DELETABLE = (*ARCHIVABLE, School.Status.ARCHIVED)


# ---------------------------------------------------------------------------------------------
# Status changes
# ---------------------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _school_locked(school: School) -> School:
    """The school's row, locked for this transaction; never the platform row or the template."""
    locked = School.objects.select_for_update().get(pk=school.pk)
    if locked.schema_name in (get_public_schema_name(), settings.TENANT_BASE_SCHEMA):
        raise ValidationError(
            _(
                "The platform and the template school have no lifecycle: they cannot be "
                "suspended, archived, exported or deleted."
            )
        )
    return locked


def _status_name(school: School) -> str:
    return str(school.get_status_display()).lower()


def _event_log(
    *,
    school: School,
    action: str,
    actor: User | None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> SchoolEvent:
    return SchoolEvent.objects.create(
        school=school,
        school_code=school.code,
        school_name=school.name,
        action=action,
        actor=actor,
        reason=reason,
        detail=detail or {},
    )


def _status_change(
    *,
    school: School,
    status: str,
    reason: str,
    action: str,
    actor: User | None,
    deletion_due_at: datetime.datetime | None = None,
    detail: dict[str, Any] | None = None,
) -> School:
    """Move the locked `school` to `status`, log the event and forget the host cache."""
    before = {"from": school.status, "from_reason": school.status_reason}
    school.status = status
    school.status_reason = reason
    school.deletion_due_at = deletion_due_at
    # NOTE: saving a School clears this process's host cache at once (tenants.apps); clear it
    # again after commit, so a request that read the old row meanwhile is not remembered.
    school.save(update_fields=["status", "status_reason", "deletion_due_at", "updated_at"])
    transaction.on_commit(hosts_forget)
    _event_log(
        school=school,
        action=action,
        actor=actor,
        reason=reason,
        detail={**before, "to": status, **(detail or {})},
    )
    logger.info("School %s (%s): %s -> %s", school.code, school.schema_name, before["from"], status)
    return school


def _status_before(school: School, action: str, allowed: tuple[str, ...]) -> tuple[str, str]:
    """The status (and its reason) the school had before its latest `action` event, if it is one
    of `allowed`; otherwise live with no reason (a change made without this module)."""
    event = SchoolEvent.objects.filter(school=school, action=action).order_by("-id").first()
    if event is not None and event.detail.get("from") in allowed:
        return event.detail["from"], str(event.detail.get("from_reason", ""))
    return School.Status.LIVE, ""


def _reason_required(reason: str, message: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(message)
    return reason


@transaction.atomic(durable=True)
def school_suspend(*, school: School, reason: str, actor: User | None) -> School:
    """Suspend an open school: its host serves only the closed page (no sign-in, no page, no
    API) from this moment in this process, within 10 s in the others.

    Raises ValidationError if the school is not open or the reason is empty.
    """
    school = _school_locked(school)
    if school.status not in SUSPENDABLE:
        raise ValidationError(
            _(
                "Only an open school (onboarding or live) can be suspended; %(school)s is "
                "%(status)s."
            )
            % {"school": school.name, "status": _status_name(school)}
        )
    reason = _reason_required(
        reason, _("Give the reason for the suspension: the school's closed page shows it.")
    )
    return _status_change(
        school=school,
        status=School.Status.SUSPENDED,
        reason=reason,
        action=SchoolEvent.Action.SUSPENDED,
        actor=actor,
    )


@transaction.atomic(durable=True)
def school_resume(*, school: School, actor: User | None) -> School:
    """Reopen a suspended school in the status it had before (onboarding or live).

    Raises ValidationError if the school is not suspended.
    """
    school = _school_locked(school)
    if school.status != School.Status.SUSPENDED:
        raise ValidationError(
            _("You cannot resume %(school)s: it is not suspended (it is %(status)s).")
            % {"school": school.name, "status": _status_name(school)}
        )
    status, _reason = _status_before(school, SchoolEvent.Action.SUSPENDED, SUSPENDABLE)
    return _status_change(
        school=school,
        status=status,
        reason="",
        action=SchoolEvent.Action.RESUMED,
        actor=actor,
    )


@transaction.atomic(durable=True)
def school_archive(*, school: School, reason: str, actor: User | None) -> School:
    """Archive a school: its host shows the closed page, periodic work skips it, its schema and
    files stay until it is unarchived or deleted.

    Raises ValidationError if the school is already archived, was never provisioned, or the
    reason is empty.
    """
    school = _school_locked(school)
    if school.status == School.Status.ARCHIVED:
        raise ValidationError(_("%(school)s is already archived.") % {"school": school.name})
    if school.status not in ARCHIVABLE:
        raise ValidationError(
            _("Only a provisioned school can be archived; %(school)s is %(status)s.")
            % {"school": school.name, "status": _status_name(school)}
        )
    reason = _reason_required(reason, _("Give the reason for archiving the school."))
    return _status_change(
        school=school,
        status=School.Status.ARCHIVED,
        reason=reason,
        action=SchoolEvent.Action.ARCHIVED,
        actor=actor,
    )


@transaction.atomic(durable=True)
def school_unarchive(*, school: School, actor: User | None) -> School:
    """Bring an archived school back in the status it had before it was archived.

    Raises ValidationError if the school is not archived or is due to be deleted (cancel the
    deletion instead).
    """
    school = _school_locked(school)
    if school.status != School.Status.ARCHIVED:
        raise ValidationError(
            _("You cannot unarchive %(school)s: it is not archived (it is %(status)s).")
            % {"school": school.name, "status": _status_name(school)}
        )
    if school.deletion_due_at is not None:
        raise ValidationError(
            _("%(school)s is due to be deleted on %(date)s: cancel the deletion first.")
            % {"school": school.name, "date": _date_text(school.deletion_due_at)}
        )
    status, reason = _status_before(
        school, SchoolEvent.Action.ARCHIVED, (*SUSPENDABLE, School.Status.SUSPENDED)
    )
    return _status_change(
        school=school,
        status=status,
        reason=reason if status == School.Status.SUSPENDED else "",
        action=SchoolEvent.Action.UNARCHIVED,
        actor=actor,
    )


def _date_text(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


@transaction.atomic(durable=True)
def school_delete_request(*, school: School, confirm_code: str, actor: User | None) -> School:
    """Ask for a school to be deleted: it is archived now, and purged (schema, hosts, files,
    row) SCHOOL_DELETION_RETENTION_DAYS later unless the deletion is cancelled.

    The operator confirms by typing the school's code exactly. Raises ValidationError if the
    code differs or a deletion is already pending.
    """
    school = _school_locked(school)
    if confirm_code.strip() != school.code:
        raise ValidationError(
            _("Type the school code %(code)s to confirm the deletion.") % {"code": school.code}
        )
    if school.deletion_due_at is not None:
        raise ValidationError(
            _("%(school)s is already due to be deleted on %(date)s.")
            % {"school": school.name, "date": _date_text(school.deletion_due_at)}
        )
    if school.status not in DELETABLE:
        raise ValidationError(
            _("Only a provisioned school can be deleted; %(school)s is %(status)s.")
            % {"school": school.name, "status": _status_name(school)}
        )
    due = timezone.now() + datetime.timedelta(days=settings.SCHOOL_DELETION_RETENTION_DAYS)
    return _status_change(
        school=school,
        status=School.Status.ARCHIVED,
        reason=school.status_reason if school.status == School.Status.ARCHIVED else "",
        action=SchoolEvent.Action.DELETION_REQUESTED,
        actor=actor,
        deletion_due_at=due,
        detail={"deletion_due_at": due.isoformat()},
    )


@transaction.atomic(durable=True)
def school_delete_cancel(*, school: School, actor: User | None) -> School:
    """Cancel a pending deletion: the school returns to the status it had before the request
    (an archived school stays archived).

    Raises ValidationError if no deletion is pending.
    """
    school = _school_locked(school)
    if school.deletion_due_at is None:
        raise ValidationError(_("%(school)s is not due to be deleted.") % {"school": school.name})
    status, reason = _status_before(school, SchoolEvent.Action.DELETION_REQUESTED, DELETABLE)
    return _status_change(
        school=school,
        status=status,
        reason=reason,
        action=SchoolEvent.Action.DELETION_CANCELLED,
        actor=actor,
    )


@transaction.atomic(durable=True)
def school_cohort_set(*, school: School, cohort: str, actor: User | None) -> School:
    """Put the school in the pilot, in the comparison cohort or in neither (a Cohort value),
    and log the change. The university team then reads its KPIs on the pilot pages.

    Setting the cohort it already has changes and logs nothing. Raises ValidationError for an
    unknown cohort or for the platform's own rows.
    """
    if cohort not in Cohort.values:
        raise ValidationError(_("Choose the pilot, the comparison cohort or neither."))
    school = _school_locked(school)
    before = school.cohort
    if before == cohort:
        return school
    school.is_pilot = cohort == Cohort.PILOT
    school.is_comparison = cohort == Cohort.COMPARISON
    school.save(update_fields=["is_pilot", "is_comparison", "updated_at"])
    _event_log(
        school=school,
        action=SchoolEvent.Action.COHORT_CHANGED,
        actor=actor,
        detail={"from": before, "to": cohort},
    )
    logger.info("School %s: cohort %r -> %r", school.code, before, cohort)
    return school


def schools_purge_due(*, now: datetime.datetime | None = None) -> list[str]:
    """Delete for good every school whose deletion is due: drop its schema, its hosts, its
    files, its exports and its row. The event log keeps a PURGED row with its code and name.

    One transaction per school; a school that fails is logged and left for the next run.
    Returns the codes of the purged schools.
    """
    now = now or timezone.now()
    due = (
        School.objects.filter(deletion_due_at__lte=now, status=School.Status.ARCHIVED)
        .exclude(schema_name__in=[get_public_schema_name(), settings.TENANT_BASE_SCHEMA])
        .order_by("deletion_due_at", "pk")
    )
    purged = []
    for school in due:
        try:
            purged.append(_school_purge(school=school, now=now))
        except (DatabaseError, OSError, ValidationError):
            logger.exception("Purge of school %s (%s) failed", school.code, school.schema_name)
    return purged


def _school_purge(*, school: School, now: datetime.datetime) -> str:
    with transaction.atomic():
        school = _school_locked(school)
        if school.deletion_due_at is None or school.deletion_due_at > now:
            raise ValidationError(f"{school.code} is no longer due")
        schema = school.schema_name
        detail: dict[str, Any] = {
            "schema": schema,
            "deletion_due_at": school.deletion_due_at.isoformat(),
        }
        if settings.SCHOOL_PURGE_FINAL_EXPORT and schema_exists(schema):
            stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
            final = Path(settings.SCHOOL_EXPORT_DIR) / "purged" / f"{schema}-{stamp}{EXPORT_SUFFIX}"
            detail["final_export"] = str(
                school_export(school=school, actor=None, destination=final)
            )
        with connection.cursor() as cursor:
            # NOTE: a table with deferred key checks pending (rows written earlier in this
            # transaction) cannot be dropped: run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"DROP SCHEMA IF EXISTS {_quote(schema)} CASCADE")
        _event_log(school=school, action=SchoolEvent.Action.PURGED, actor=None, detail=detail)
        Domain.objects.filter(tenant=school).delete()
        code = school.code
        school.delete()  # auto_drop_schema is off: the row only; events keep code and name
        # Files are not transactional: removed once the drop is committed.
        folders = [Path(settings.MEDIA_ROOT) / schema, Path(settings.SCHOOL_EXPORT_DIR) / schema]
        transaction.on_commit(lambda: _folders_remove(folders))
    logger.info("School %s (%s) purged", code, schema)
    return code


def _folders_remove(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# The schema, read from the catalogue
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Table:
    name: str
    columns: list[tuple[str, str]]
    order_by: list[str]


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _schema_tables(schema: str) -> dict[str, _Table]:
    """Every table of `schema` with its columns (no generated ones), in FK-safe order."""
    tables: dict[str, _Table] = {}
    for table, column, kind in _fetch(
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE c.relnamespace = %s::regnamespace AND c.relkind IN ('r', 'p') "
        "AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
        "ORDER BY c.relname, a.attnum",
        [schema],
    ):
        tables.setdefault(table, _Table(table, [], [])).columns.append((column, kind))
    for table, key in _fetch(
        "SELECT c.relname, array_agg(a.attname ORDER BY k.ord) FROM pg_constraint con "
        "JOIN pg_class c ON c.oid = con.conrelid "
        "CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
        "WHERE con.contype = 'p' AND c.relnamespace = %s::regnamespace "
        "GROUP BY c.relname",
        [schema],
    ):
        if table in tables:
            tables[table].order_by = list(key)
    references: dict[str, set[str]] = {name: set() for name in tables}
    for table, referenced in _fetch(
        "SELECT c.relname, r.relname FROM pg_constraint con "
        "JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid "
        "WHERE con.contype = 'f' AND c.relnamespace = %s::regnamespace "
        "AND r.relnamespace = c.relnamespace",
        [schema],
    ):
        if table in references and referenced != table:
            references[table].add(referenced)
    ordered: list[str] = []
    while references:
        ready = sorted(name for name, needs in references.items() if not needs - set(ordered))
        # NOTE: a cycle of foreign keys leaves nothing ready; its tables go in name order and
        # rely on the (deferred) constraints being checked once everything is loaded.
        for name in ready or sorted(references):
            ordered.append(name)
            del references[name]
    return {name: tables[name] for name in ordered}


def _schema_sequences(schema: str) -> list[dict[str, Any]]:
    """Every sequence of `schema`: its position and the column it numbers (if any)."""
    owners = {
        sequence: (table, column)
        for sequence, table, column in _fetch(
            "SELECT s.relname, t.relname, a.attname FROM pg_class s "
            "JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass "
            "AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
            "JOIN pg_class t ON t.oid = d.refobjid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
            "WHERE s.relkind = 'S' AND s.relnamespace = %s::regnamespace",
            [schema],
        )
    }
    sequences = []
    for (name,) in _fetch(
        "SELECT relname FROM pg_class "
        "WHERE relkind = 'S' AND relnamespace = %s::regnamespace ORDER BY relname",
        [schema],
    ):
        ((last_value, is_called),) = _fetch(
            f"SELECT last_value, is_called FROM {_quote(schema)}.{_quote(name)}",  # noqa: S608 - quoted names from the catalogue
            [],
        )
        table, column = owners.get(name, (None, None))
        sequences.append(
            {
                "name": name,
                "table": table,
                "column": column,
                "last_value": int(last_value),
                "is_called": bool(is_called),
            }
        )
    return sequences


def _schema_migrations(schema: str) -> list[list[str]]:
    return [
        [app, name]
        for app, name in _fetch(
            f"SELECT app, name FROM {_quote(schema)}.django_migrations ORDER BY app, name",  # noqa: S608 - quoted schema name
            [],
        )
    ]


def _copy_settings_apply() -> None:
    """Fix how COPY prints values, for this transaction only."""
    with connection.cursor() as cursor:
        for name, value in COPY_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def _order_key(name: str, kind: str) -> str:
    # NOTE: text sorts by the server's collation; "C" sorts the same on every installation,
    # so the rows (and their md5) come out in the same order where the archive is restored.
    text = kind == "text" or kind.startswith(("character", "citext"))
    return _quote(name) + (' COLLATE "C"' if text else "")


def _copy_out_sql(schema: str, table: _Table) -> str:
    columns = ", ".join(_quote(name) for name, _kind in table.columns)
    kinds = dict(table.columns)
    order = ", ".join(_order_key(name, kinds.get(name, "")) for name in table.order_by)
    order = order or 't::text COLLATE "C"'
    return (
        f"COPY (SELECT {columns} FROM {_quote(schema)}.{_quote(table.name)} t "  # noqa: S608 - quoted names from the catalogue
        f"ORDER BY {order}) TO STDOUT"
    )


def _table_read(schema: str, table: _Table, sink: IO[bytes] | None) -> tuple[int, int, str]:
    """Stream a table as COPY text into `sink` (or nowhere): (rows, bytes, md5 of the bytes)."""
    digest = hashlib.md5()  # noqa: S324 - an integrity checksum, not security
    rows = size = 0
    # NOTE: .cursor is the psycopg cursor behind Django's wrapper (as config.bulk_copy does).
    with connection.cursor() as cursor, cursor.cursor.copy(_copy_out_sql(schema, table)) as copy:
        for block in copy:
            data = bytes(block)
            digest.update(data)
            rows += data.count(b"\n")  # COPY text escapes newlines inside values
            size += len(data)
            if sink is not None:
                sink.write(data)
    return rows, size, digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent, read-only view of the database for the whole export.

    Inside a caller's transaction (the purge's final export, tests) the export shares that
    transaction's view instead: an isolation level can only be set before its first query.
    """
    if connection.in_atomic_block:
        with transaction.atomic():
            _copy_settings_apply()
            yield
        return
    with transaction.atomic(durable=True):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        _copy_settings_apply()
        yield


def school_export_dir(*, school: School) -> Path:
    """The folder of a school's export archives (one folder per schema: never shared)."""
    return Path(settings.SCHOOL_EXPORT_DIR) / school.schema_name


def _export_target(school: School, destination: Path | None) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    default_name = f"{school.slug}-{stamp}{EXPORT_SUFFIX}"
    if destination is None:
        target = school_export_dir(school=school) / default_name
    elif destination.is_dir():
        target = destination / default_name
    else:
        target = destination
    target.parent.mkdir(parents=True, exist_ok=True)
    number = 1
    while target.exists():
        number += 1
        target = target.with_name(f"{school.slug}-{stamp}-{number}{EXPORT_SUFFIX}")
    return target


def school_export(*, school: School, actor: User | None, destination: Path | None = None) -> Path:
    """Write the school (every table of its schema, its files, a manifest) as one archive.

    The archive goes to SCHOOL_EXPORT_DIR/<schema>/<slug>-<time>.tar.gz, or to `destination`
    (a file, or a folder to put it in). The tables are read in one REPEATABLE READ, READ ONLY
    transaction. Logs an EXPORTED event. Returns the archive's path.
    Raises ValidationError for the platform row, the template or a school without a schema.
    """
    started = time.monotonic()
    school = School.objects.select_related("authority").get(pk=school.pk)
    if school.schema_name in (get_public_schema_name(), settings.TENANT_BASE_SCHEMA):
        raise ValidationError(_("The platform and the template school cannot be exported."))
    if not schema_exists(school.schema_name):
        raise ValidationError(_("%(school)s has no schema to export.") % {"school": school.name})
    target = _export_target(school, destination)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
    part = target.with_name(target.name + ".part")
    try:
        (staging / "data").mkdir()
        with _snapshot():
            manifest = _manifest_start(school)
            manifest["tables"] = _tables_export(school.schema_name, staging)
            manifest["sequences"] = _schema_sequences(school.schema_name)
        manifest["files"] = _files_stage(
            Path(settings.MEDIA_ROOT) / school.schema_name, staging / "files"
        )
        _archive_write(part, staging, manifest)
        part.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        part.unlink(missing_ok=True)
    seconds = round(time.monotonic() - started, 2)
    rows = sum(table["rows"] for table in manifest["tables"])
    _event_log(
        school=school,
        action=SchoolEvent.Action.EXPORTED,
        actor=actor,
        detail={
            "file": str(target),
            "bytes": target.stat().st_size,
            "tables": len(manifest["tables"]),
            "rows": rows,
            "files": len(manifest["files"]),
            "seconds": seconds,
        },
    )
    logger.info(
        "School %s exported: %d rows, %d files, %d bytes in %.2f s to %s",
        school.schema_name,
        rows,
        len(manifest["files"]),
        target.stat().st_size,
        seconds,
        target,
    )
    return target


def _manifest_start(school: School) -> dict[str, Any]:
    ((server_version,),) = _fetch("SHOW server_version", [])
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "installation": settings.PLATFORM_DOMAIN,
        "postgresql": server_version,
        "school": {
            "name": school.name,
            "code": school.code,
            "slug": school.slug,
            "schema_name": school.schema_name,
            "status": school.status,
            "status_reason": school.status_reason,
            "is_pilot": school.is_pilot,
            "authority_code": school.authority.code if school.authority else None,
            "authority_name": school.authority.name if school.authority else None,
            "created_at": school.created_at.isoformat(),
        },
        "copy_settings": COPY_SETTINGS,
        "migrations": _schema_migrations(school.schema_name),
    }


def _tables_export(schema: str, staging: Path) -> list[dict[str, Any]]:
    tables = []
    for table in _schema_tables(schema).values():
        member = f"data/{table.name}.tsv"
        with (staging / member).open("wb") as sink:
            rows, size, md5 = _table_read(schema, table, sink)
        tables.append(
            {
                "name": table.name,
                "columns": [list(column) for column in table.columns],
                "order_by": table.order_by,
                "file": member,
                "rows": rows,
                "bytes": size,
                "md5": md5,
            }
        )
    return tables


def _file_copy(source: IO[bytes], target: Path) -> tuple[int, str]:
    digest = hashlib.md5()  # noqa: S324 - an integrity checksum, not security
    size = 0
    with target.open("wb") as sink:
        while block := source.read(CHUNK):
            digest.update(block)
            size += len(block)
            sink.write(block)
    return size, digest.hexdigest()


def _files_stage(media: Path, staging: Path) -> list[dict[str, Any]]:
    """Copy the school's files into the staging folder, with their sizes and md5."""
    files = []
    if not media.is_dir():
        return files
    for path in sorted(media.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue  # NOTE: a link could point outside the school's folder
        relative = path.relative_to(media).as_posix()
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with path.open("rb") as source:
            size, md5 = _file_copy(source, target)
        files.append({"path": relative, "bytes": size, "md5": md5})
    return files


def _tar_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o644
    info.mtime = int(time.time())
    return info


def _archive_write(part: Path, staging: Path, manifest: dict[str, Any]) -> None:
    body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    with tarfile.open(part, "w:gz", compresslevel=COMPRESS_LEVEL) as tar:
        tar.addfile(_tar_info(MANIFEST_NAME, len(body)), io.BytesIO(body))
        members = [table["file"] for table in manifest["tables"]]
        members += ["files/" + item["path"] for item in manifest["files"]]
        for member in members:
            path = staging / member
            with path.open("rb") as source:
                tar.addfile(_tar_info(member, path.stat().st_size), source)


# ---------------------------------------------------------------------------------------------
# Restore
# ---------------------------------------------------------------------------------------------


def _damaged(archive: Path, why: str) -> ValidationError:
    return ValidationError(
        _("The archive %(archive)s is damaged or incomplete (%(why)s); nothing was restored.")
        % {"archive": archive.name, "why": why}
    )


def _installation_migrations() -> list[list[str]]:
    return _schema_migrations(settings.TENANT_BASE_SCHEMA)


def _school_side(migrations: list[list[str]]) -> set[tuple[str, ...]]:
    """The migrations of apps that have tables in a school's schema. Django also records the
    public-only apps' migrations in each schema (without running them); an installation that
    has since gained a public-side migration can still restore an older archive."""
    tenant_apps = set(settings.TENANT_APPS)
    labels = {app.label for app in django_apps.get_app_configs() if app.name in tenant_apps}
    return {tuple(item) for item in migrations if item[0] in labels}


def _migrations_check(manifest_migrations: list[list[str]]) -> None:
    """Refuse an archive made at other migrations than this installation's, naming them."""
    archived = _school_side(manifest_migrations)
    here = _school_side(_installation_migrations())
    if archived == here:
        return
    only_archive = ", ".join(f"{app}.{name}" for app, name in sorted(archived - here)) or _("none")
    only_here = ", ".join(f"{app}.{name}" for app, name in sorted(here - archived)) or _("none")
    raise ValidationError(
        _(
            "This archive was made at other database migrations than this installation runs; "
            "update the installation that is behind, then try again. Only in the archive: "
            "%(archive)s. Only here: %(here)s."
        )
        % {"archive": only_archive, "here": only_here}
    )


def _manifest_read(archive: Path, tar: tarfile.TarFile) -> dict[str, Any]:
    member = tar.next()
    if member is None or member.name != MANIFEST_NAME or not member.isfile():
        raise ValidationError(
            _("%(archive)s is not a school export: it does not start with a manifest.")
            % {"archive": archive.name}
        )
    handle = tar.extractfile(member)
    try:
        manifest = json.loads(handle.read()) if handle is not None else None
    except ValueError as error:
        raise _damaged(archive, "manifest.json") from error
    if not isinstance(manifest, dict) or manifest.get("format") != EXPORT_FORMAT:
        raise ValidationError(_("%(archive)s is not a school export.") % {"archive": archive.name})
    if manifest.get("format_version") != EXPORT_FORMAT_VERSION:
        raise ValidationError(
            _(
                "%(archive)s was written in export format %(found)s; this installation reads "
                "format %(expected)s."
            )
            % {
                "archive": archive.name,
                "found": manifest.get("format_version"),
                "expected": EXPORT_FORMAT_VERSION,
            }
        )
    for key in ("school", "migrations", "tables", "sequences", "files"):
        if key not in manifest:
            raise _damaged(archive, f"manifest.json: {key}")
    return manifest


def _school_row_schema_domain(
    *, name: str, code: str, slug: str, authority: Authority | None
) -> School:
    """The new school's row, a copy of the template's schema and its host, in the caller's
    transaction (school_create does the same, durably). The caller empties the copied rows."""
    school = School(
        name=name,
        code=code,
        slug=slug,
        authority=authority,
        status=RESTORED_STATUS,
        schema_name=school_schema_name(slug),
    )
    school.full_clean()
    school.save()
    # TENANCY: the clone is written with schema-qualified names; the connection stays on public.
    schema_clone(source=settings.TENANT_BASE_SCHEMA, target=school.schema_name)
    domain = Domain(domain=school_host(slug), tenant=school, is_primary=True)
    domain.full_clean()
    domain.save()
    return school


def _tables_check(archive: Path, manifest: dict[str, Any], tables: dict[str, _Table]) -> None:
    """The archive's tables and columns must be this installation's, name for name."""
    archived = {table["name"]: [tuple(c) for c in table["columns"]] for table in manifest["tables"]}
    problems = [f"+{name}" for name in sorted(set(archived) - set(tables))]
    problems += [f"-{name}" for name in sorted(set(tables) - set(archived))]
    problems += [
        name
        for name in sorted(set(archived) & set(tables))
        if archived[name] != tables[name].columns
    ]
    if problems:
        raise ValidationError(
            _(
                "The tables of %(archive)s differ from this installation's (%(tables)s); "
                "nothing was restored."
            )
            % {"archive": archive.name, "tables": ", ".join(problems)}
        )


def _triggers_switch(schema: str, triggers: list[tuple[str, str]], enable: bool) -> None:
    verb = "ENABLE" if enable else "DISABLE"
    with connection.cursor() as cursor:
        for table, trigger in triggers:
            cursor.execute(
                f"ALTER TABLE {_quote(schema)}.{_quote(table)} {verb} TRIGGER {_quote(trigger)}"
            )


def _tables_empty(schema: str, tables: dict[str, _Table]) -> None:
    """Remove the rows the clone copied from the template (its subject catalogue, groups...):
    the archive brings the school's own."""
    names = ", ".join(f"{_quote(schema)}.{_quote(name)}" for name in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {names}")


def _foreign_keys(schema: str) -> list[tuple[str, str, str]]:
    """(table, constraint, definition) of every foreign key of `schema`; the definitions name
    the referenced tables with their schema (the connection is on public)."""
    return [
        (table, name, definition)
        for table, name, definition in _fetch(
            "SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
            "JOIN pg_class c ON c.oid = con.conrelid "
            "WHERE con.contype = 'f' AND c.relnamespace = %s::regnamespace "
            "ORDER BY 1, 2",
            [schema],
        )
    ]


def _foreign_keys_drop(schema: str, foreign_keys: list[tuple[str, str, str]]) -> None:
    with connection.cursor() as cursor:
        for table, name, _definition in foreign_keys:
            cursor.execute(
                f"ALTER TABLE {_quote(schema)}.{_quote(table)} DROP CONSTRAINT {_quote(name)}"
            )


def _foreign_keys_add(schema: str, foreign_keys: list[tuple[str, str, str]]) -> None:
    """Put the foreign keys back: each is checked against the loaded rows as it is added."""
    with connection.cursor() as cursor:
        for table, name, definition in foreign_keys:
            cursor.execute(
                f"ALTER TABLE {_quote(schema)}.{_quote(table)} "
                f"ADD CONSTRAINT {_quote(name)} {definition}"
            )


class _HashingReader:
    """Reads a member of the archive while counting its bytes, rows and md5."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.digest = hashlib.md5()  # noqa: S324 - an integrity checksum, not security
        self.size = 0
        self.rows = 0

    def read(self, size: int = CHUNK) -> bytes:
        block = self.source.read(size)
        self.digest.update(block)
        self.size += len(block)
        self.rows += block.count(b"\n")
        return block


def _table_load(schema: str, table: _Table, source: IO[bytes]) -> _HashingReader:
    columns = ", ".join(_quote(name) for name, _kind in table.columns)
    reader = _HashingReader(source)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {_quote(schema)}.{_quote(table.name)} ({columns}) FROM STDIN"
        ) as copy,
    ):
        while block := reader.read():
            copy.write(block)
    return reader


def _member_path(name: str) -> str | None:
    """The file's path inside the school's folder, or None for a name that would leave it."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < 2:
        return None
    return PurePosixPath(*path.parts[1:]).as_posix()


def _members_load(
    archive: Path,
    tar: tarfile.TarFile,
    manifest: dict[str, Any],
    school: School,
    tables: dict[str, _Table],
    media_staging: Path,
) -> None:
    """Load every data member into its table and every file into the staging folder, each
    checked against the manifest as it streams by."""
    expected_tables = {table["file"]: table for table in manifest["tables"]}
    expected_files = {"files/" + item["path"]: item for item in manifest["files"]}
    # NOTE: tar.next(), not iteration: iterating starts again from the manifest.
    while (member := tar.next()) is not None:
        source = tar.extractfile(member) if member.isfile() else None
        if source is None:
            raise _damaged(archive, member.name)
        if member.name in expected_tables:
            entry = expected_tables.pop(member.name)
            try:
                reader = _table_load(school.schema_name, tables[entry["name"]], source)
            # NOTE: COPY runs on psycopg's own cursor: its errors are not Django's.
            except (DatabaseError, psycopg.Error) as error:
                raise _damaged(archive, f"{entry['name']}: {error}") from error
            if (reader.rows, reader.size, reader.digest.hexdigest()) != (
                entry["rows"],
                entry["bytes"],
                entry["md5"],
            ):
                raise _damaged(
                    archive,
                    _("table %(table)s does not match its checksum") % {"table": entry["name"]},
                )
        elif member.name in expected_files:
            item = expected_files.pop(member.name)
            relative = _member_path(member.name)
            if relative is None:
                raise _damaged(archive, member.name)
            target = media_staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if _file_copy(source, target) != (item["bytes"], item["md5"]):
                raise _damaged(
                    archive, _("file %(file)s does not match its checksum") % {"file": relative}
                )
        else:
            raise _damaged(archive, _("unexpected entry %(name)s") % {"name": member.name})
    missing = sorted(expected_tables) + sorted(expected_files)
    if missing:
        raise _damaged(archive, _("missing %(names)s") % {"names": ", ".join(missing[:5])})


def _restored_verify(
    archive: Path, manifest: dict[str, Any], schema: str, tables: dict[str, _Table]
) -> None:
    """Read every restored table back: rows and md5 must be the manifest's."""
    for entry in manifest["tables"]:
        rows, _size, md5 = _table_read(schema, tables[entry["name"]], None)
        if (rows, md5) != (entry["rows"], entry["md5"]):
            raise ValidationError(
                _(
                    "Table %(table)s of the restored school differs from the archive "
                    "(%(rows)s rows instead of %(expected)s); nothing was restored."
                )
                % {"table": entry["name"], "rows": rows, "expected": entry["rows"]}
            )
    if _school_side(_schema_migrations(schema)) != _school_side(_installation_migrations()):
        raise _damaged(archive, "django_migrations")


def _sequences_restore(schema: str, sequences: list[dict[str, Any]]) -> None:
    """Put every sequence where the original was, and never below its column's largest id."""
    present = {
        name
        for (name,) in _fetch(
            "SELECT relname FROM pg_class WHERE relkind = 'S' AND relnamespace = %s::regnamespace",
            [schema],
        )
    }
    with connection.cursor() as cursor:
        for sequence in sequences:
            if sequence["name"] not in present:
                continue
            value, is_called = sequence["last_value"], sequence["is_called"]
            if sequence["table"] and sequence["column"]:
                column, table = _quote(sequence["column"]), _quote(sequence["table"])
                cursor.execute(f"SELECT max({column}) FROM {_quote(schema)}.{table}")  # noqa: S608 - quoted names from the catalogue
                (top,) = cursor.fetchone()
                if top is not None and int(top) >= value:
                    value, is_called = int(top), True
            cursor.execute(
                "SELECT setval(%s::regclass, %s, %s)",
                [f"{_quote(schema)}.{_quote(sequence['name'])}", value, is_called],
            )


def _credentials_clear(schema: str, tables: dict[str, _Table]) -> dict[str, int]:
    cleared = {}
    with connection.cursor() as cursor:
        for table in RESTORE_CLEARED_TABLES:
            if table in tables:
                cursor.execute(f"DELETE FROM {_quote(schema)}.{_quote(table)}")  # noqa: S608 - a constant table name, quoted
                cleared[table] = cursor.rowcount
    return cleared


def school_restore(
    *,
    archive: Path,
    name: str,
    code: str,
    slug: str,
    authority: Authority | None,
    actor: User | None,
) -> School:
    """Create a NEW school (row, schema, host) from an export archive, in one transaction.

    The archive may come from this installation (the original may still exist) or another one
    at the same migrations. Every table is loaded with its triggers off (no history rows), the
    foreign keys checked, the sequences set, every table read back and compared with the
    manifest's rows and md5; the files go to MEDIA_ROOT/<new schema>/ once committed. Sessions,
    API tokens and push subscriptions of the original are not carried over (see
    RESTORE_CLEARED_TABLES). The school starts in RESTORED_STATUS (onboarding).

    Raises ValidationError for a bad name/code/slug, a damaged archive, or one made at other
    migrations; then nothing is written (no row, no schema, no host, no files).
    """
    started = time.monotonic()
    archive = Path(archive)
    # TENANCY: the registry is written on the public schema, whichever school the caller was on.
    connection.set_schema_to_public()
    if not archive.is_file():
        raise ValidationError(_("There is no archive at %(path)s.") % {"path": archive})
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    media_staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root))
    try:
        with transaction.atomic(durable=True):
            school, manifest, cleared = _restore(
                archive,
                name=name,
                code=code,
                slug=slug,
                authority=authority,
                media_staging=media_staging,
            )
            rows = sum(table["rows"] for table in manifest["tables"])
            seconds = round(time.monotonic() - started, 2)
            _event_log(
                school=school,
                action=SchoolEvent.Action.RESTORED,
                actor=actor,
                detail={
                    "archive": str(archive),
                    "source": manifest["school"],
                    "source_installation": manifest.get("installation"),
                    "exported_at": manifest.get("created_at"),
                    "tables": len(manifest["tables"]),
                    "rows": rows,
                    "files": len(manifest["files"]),
                    "cleared": cleared,
                    "seconds": seconds,
                },
            )
            target = media_root / school.schema_name
            transaction.on_commit(lambda: _media_move(media_staging, target))
    except BaseException:
        shutil.rmtree(media_staging, ignore_errors=True)
        raise
    logger.info(
        "School %s restored from %s: %d rows in %.2f s", school.schema_name, archive, rows, seconds
    )
    return school


def _restore(
    archive: Path,
    *,
    name: str,
    code: str,
    slug: str,
    authority: Authority | None,
    media_staging: Path,
) -> tuple[School, dict[str, Any], dict[str, int]]:
    try:
        with tarfile.open(archive, "r|gz") as tar:
            manifest = _manifest_read(archive, tar)
            _migrations_check(manifest["migrations"])
            school = _school_row_schema_domain(name=name, code=code, slug=slug, authority=authority)
            existing = Path(settings.MEDIA_ROOT) / school.schema_name
            if existing.exists() and any(existing.iterdir()):
                raise ValidationError(
                    _(
                        "Files already exist in %(folder)s: move them away before restoring "
                        "a school with this host name."
                    )
                    % {"folder": existing}
                )
            schema = school.schema_name
            tables = _schema_tables(schema)
            _tables_check(archive, manifest, tables)
            triggers = [
                (table, trigger)
                for table, trigger in _fetch(
                    "SELECT c.relname, t.tgname FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE c.relnamespace = %s::regnamespace "
                    "AND NOT t.tgisinternal "
                    "AND t.tgenabled <> 'D' ORDER BY 1, 2",
                    [schema],
                )
            ]
            foreign_keys = _foreign_keys(schema)
            with connection.cursor() as cursor:
                # The template rows the clone inserted leave deferred key checks pending, and a
                # table with pending checks cannot be altered: run them now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            _copy_settings_apply()
            # NOTE: the audit-history triggers (pghistory) must not record the load, and
            # pgtrigger's protections must not refuse it. The foreign keys are taken off and
            # put back after the load: PostgreSQL then checks each one with one query instead
            # of one check per row (8.6 s → 4 s for the demo school).
            _triggers_switch(schema, triggers, enable=False)
            _foreign_keys_drop(schema, foreign_keys)
            _tables_empty(schema, tables)
            _members_load(archive, tar, manifest, school, tables, media_staging)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise _damaged(archive, type(error).__name__) from error
    try:
        with transaction.atomic():
            _foreign_keys_add(schema, foreign_keys)
    except IntegrityError as error:
        raise _damaged(archive, str(error).splitlines()[0]) from error
    _restored_verify(archive, manifest, schema, tables)
    cleared = _credentials_clear(schema, tables)
    _triggers_switch(schema, triggers, enable=True)
    _sequences_restore(schema, manifest["sequences"])
    return school, manifest, cleared


def _media_move(staging: Path, target: Path) -> None:
    """Put the restored files in place (after commit), or drop an empty staging folder."""
    try:
        if any(staging.iterdir()):
            staging.replace(target)
        else:
            shutil.rmtree(staging)
    except OSError:
        logger.exception("Restored files could not be moved from %s to %s", staging, target)
