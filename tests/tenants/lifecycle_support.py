"""Helpers for the lifecycle tests: export archives of the demo schools, doctored copies, and
checks that a refused restore wrote nothing (fixtures: tests/tenants/conftest.py)."""

import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path

from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_exists

from tenants import lifecycle
from tenants.models import Domain, School, SchoolEvent
from tenants.services import school_host, school_schema_name

# Tables a restore empties on purpose (credentials of the original's host).
CLEARED = set(lifecycle.RESTORE_CLEARED_TABLES)
FILE_OF_A = ("reports/hoc-ba-6A.pdf", b"%PDF-1.4 hoc ba cua lop 6A, Cau Giay\n")
FILE_OF_B = ("reports/so-diem.txt", b"NGHIATAN-ONLY: so diem lop 6A\n")
PHOTO_OF_B = ("photos/2026/le-khai-giang.jpg", bytes(range(256)) * 64)


def media_of_both_schools(media: Path) -> Path:
    """A media folder holding files of school A and of school B."""
    for schema, files in [
        ("school_caugiay", [FILE_OF_A]),
        ("school_nghiatan", [FILE_OF_B, PHOTO_OF_B]),
    ]:
        for name, body in files:
            path = media / schema / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
    return media


def export_committed(slug: str, folder: Path, django_db_blocker: object) -> Path:
    """Export a demo school outside any test transaction (the real REPEATABLE READ path), with
    files of both schools in its media folder; the EXPORTED event it logs is removed again."""
    media = media_of_both_schools(folder / "media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):  # type: ignore[attr-defined]
        school = School.objects.get(slug=slug)
        path = lifecycle.school_export(
            school=school, actor=None, destination=folder / f"{slug}.tar.gz"
        )
        SchoolEvent.objects.filter(school=school, detail__file=str(path)).delete()
        connection.set_schema_to_public()
    return path


def archive_members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {
            member.name: tar.extractfile(member).read()  # type: ignore[union-attr]
            for member in tar.getmembers()
        }


def manifest_of(path: Path) -> dict:
    return json.loads(archive_members(path)["manifest.json"])


def archive_rewrite(
    source: Path,
    target: Path,
    *,
    manifest: Callable[[dict], None] | None = None,
    member: Callable[[str, bytes], bytes] | None = None,
) -> Path:
    """A copy of `source` with its manifest and/or members changed (a doctored archive)."""
    members = archive_members(source)
    if manifest is not None:
        body = json.loads(members["manifest.json"])
        manifest(body)
        members["manifest.json"] = json.dumps(body).encode()
    if member is not None:
        members = {name: member(name, body) for name, body in members.items()}
    with tarfile.open(target, "w:gz") as tar:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return target


def assert_nothing_restored(*, code: str, slug: str, media_root: Path) -> None:
    """No row, no schema, no host, no files, no event: a refused restore left no trace."""
    schema = school_schema_name(slug)
    assert not School.objects.filter(code=code).exists()
    assert not School.objects.filter(slug=slug).exists()
    assert not schema_exists(schema)
    assert not Domain.objects.filter(domain=school_host(slug)).exists()
    assert not SchoolEvent.objects.filter(school_code=code).exists()
    assert not (media_root / schema).exists()
    assert not list(media_root.glob(".restore-*"))


def table_checksums(schema: str) -> dict[str, tuple[int, str]]:
    """Rows and md5 of every table of `schema`, computed by PostgreSQL over each row's text
    (independent of the export's own checksums)."""
    sums = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        for (table,) in cursor.fetchall():
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "  # noqa: S608 - names from the catalogue
                f'FROM "{schema}"."{table}" t'
            )
            count, md5 = cursor.fetchone()
            sums[table] = (int(count), str(md5))
    return sums
