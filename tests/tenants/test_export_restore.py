"""Export a school as one archive and restore it as a new school: identical tables, files,
a working host, no credentials of the original; damaged or foreign archives refused with
nothing written."""

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import translation
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from core_school.demo_data import DEMO_PASSWORD
from tenants import lifecycle, selectors, tasks
from tenants.models import School
from tests.conftest import host_of
from tests.tenants.lifecycle_support import (
    CLEARED,
    FILE_OF_A,
    FILE_OF_B,
    PHOTO_OF_B,
    archive_members,
    archive_rewrite,
    assert_nothing_restored,
    export_committed,
    manifest_of,
    table_checksums,
)
from tests.tenants.schema_shape import schema_shape

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("db", "lifecycle_dirs")]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Service messages in English (the catalogue may translate them)."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def archive_a(
    django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """THCS Cầu Giấy (the large demo school) exported once for this module."""
    return export_committed("caugiay", tmp_path_factory.mktemp("archive_a"), django_db_blocker)


def _restore(archive: Path, slug: str, authority: object = None, **kwargs: object) -> School:
    return lifecycle.school_restore(
        archive=archive,
        name=kwargs.get("name", f"THCS {slug}"),  # type: ignore[arg-type]
        code=kwargs.get("code", "99990701"),  # type: ignore[arg-type]
        slug=slug,
        authority=authority,  # type: ignore[arg-type]
        actor=kwargs.get("actor"),  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------------------------------------
# The "done when": export → restore of the demo school gives identical tables
# ---------------------------------------------------------------------------------------------


def test_restore_of_the_demo_school_has_identical_row_counts_and_checksums_per_table(
    school_a: School, archive_a: Path
) -> None:
    # when: restored under a new name while the original still exists
    restored = _restore(archive_a, "caugiay-ban-sao", name="THCS Cầu Giấy (bản sao)")
    # then: every table of both schemas, counted and summed by PostgreSQL itself
    original = table_checksums(school_a.schema_name)
    copy = table_checksums(restored.schema_name)
    assert set(copy) == set(original)
    assert len(original) > 50
    assert sum(count for count, _md5 in original.values()) > 300_000
    for table in sorted(set(original) - CLEARED):
        assert copy[table] == original[table], table
    for table in CLEARED:
        assert copy[table][0] == 0, table
    # and the manifest's figures are the tables'
    manifest = manifest_of(archive_a)
    assert {t["name"]: t["rows"] for t in manifest["tables"]} == {
        table: count for table, (count, _md5) in original.items()
    }


def test_restored_schema_has_the_same_structure_triggers_and_sequence_positions(
    school_a: School, archive_a: Path
) -> None:
    # when
    restored = _restore(archive_a, "caugiay-cau-truc")
    # then: tables, columns, constraints, indexes, functions and triggers (enabled) are equal
    original, copy = schema_shape(school_a.schema_name), schema_shape(restored.schema_name)
    for key in ("columns", "constraints", "indexes", "functions", "triggers"):
        assert copy[key] == original[key], key
    # the sequences stand where the archive recorded them (ids are never handed out twice)
    positions = {
        s["name"]: s["last_value"] if s["is_called"] else None  # never used: NULL
        for s in manifest_of(archive_a)["sequences"]
    }
    assert {name: last for name, *_rest, last in copy["sequences"]} == positions


def test_restore_writes_no_audit_history(school_a: School, archive_a: Path) -> None:
    # when
    restored = _restore(archive_a, "caugiay-lich-su")
    # then: the history tables hold exactly the original's rows (the load fired no trigger)
    original, copy = table_checksums(school_a.schema_name), table_checksums(restored.schema_name)
    history = [name for name in original if name.endswith("event") or name.startswith("pgh")]
    assert history
    assert {name: copy[name] for name in history} == {name: original[name] for name in history}


# ---------------------------------------------------------------------------------------------
# What an archive holds
# ---------------------------------------------------------------------------------------------


def test_export_of_a_school_holds_nothing_of_another_school(
    school_b: School, archive_a: Path
) -> None:
    # given: what only school B has
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT national_id FROM school_nghiatan.people_pupil "
            "EXCEPT SELECT national_id FROM school_caugiay.people_pupil"
        )
        pupils_of_b = [row[0].encode() for row in cursor.fetchall()]
    assert pupils_of_b
    # when
    members = archive_members(archive_a)
    # then
    files = sorted(name for name in members if name.startswith("files/"))
    assert files == ["files/" + FILE_OF_A[0]]
    everything = b"\n".join(members.values())
    assert FILE_OF_B[1] not in everything
    assert school_b.name.encode() not in everything
    assert not [pupil for pupil in pupils_of_b if pupil in everything]
    manifest = manifest_of(archive_a)
    assert manifest["school"]["code"] == "01013501"
    assert manifest["school"]["schema_name"] == "school_caugiay"


def test_manifest_describes_the_school_its_migrations_tables_and_files(archive_b: Path) -> None:
    manifest = manifest_of(archive_b)
    assert manifest["format"] == "truongso-school-export"
    assert manifest["school"] | {"created_at": None} == manifest["school"] | {
        "name": "THCS Nghĩa Tân",
        "code": "01013502",
        "slug": "nghiatan",
        "authority_code": "00160",
        "created_at": None,
    }
    assert ["tenants", "0002_school_deletion_due_at_schoolevent"] in manifest["migrations"]
    table = next(t for t in manifest["tables"] if t["name"] == "people_pupil")
    assert table["rows"] > 20
    assert len(table["md5"]) == 32
    assert {f["path"] for f in manifest["files"]} == {FILE_OF_B[0], PHOTO_OF_B[0]}


def test_exports_are_listed_per_school_only(
    school_a: School, school_b: School, operator: User
) -> None:
    # when: the console's task exports B
    path = Path(tasks.school_export_task.delay(school_b.pk, operator.pk).get())
    # then
    exports = selectors.school_exports(school=school_b)
    assert [(e.name, e.path, e.size) for e in exports] == [(path.name, path, path.stat().st_size)]
    assert path.parent.name == "school_nghiatan"
    assert selectors.school_exports(school=school_a) == []
    assert selectors.school_export_get(school=school_a, name=path.name) is None
    assert selectors.school_export_get(school=school_b, name=path.name) == exports[0]
    assert selectors.school_export_get(school=school_b, name="../" + path.name) is None
    event = selectors.school_events(school=school_b).get()
    assert (event.action, event.actor) == ("exported", operator)
    assert event.detail["rows"] > 0


# ---------------------------------------------------------------------------------------------
# The restored school works on its own host
# ---------------------------------------------------------------------------------------------


def test_restored_school_serves_its_host_with_the_original_still_open(
    school_b: School, client_b: Client, archive_b: Path, operator: User
) -> None:
    # when
    restored = _restore(
        archive_b,
        "nghiatan-moi",
        authority=school_b.authority,
        name="THCS Nghĩa Tân mới",
        actor=operator,
    )
    # then
    assert (restored.status, restored.authority) == ("onboarding", school_b.authority)
    assert restored in selectors.school_list_ready()
    client = Client(HTTP_HOST=host_of(restored))
    login = client.post(
        "/accounts/login/", {"login": "hieutruong", "password": DEMO_PASSWORD}, follow=True
    )
    assert login.context["user"].username == "hieutruong"
    home = client.get("/")
    assert home.status_code == 200
    assert "THCS Nghĩa Tân mới" in home.content.decode()
    assert client.get("/dashboard/").status_code == 200
    assert client_b.get("/").status_code == 200
    event = selectors.school_events(school=restored).get()
    assert (event.action, event.actor) == ("restored", operator)
    assert event.detail["source"]["code"] == "01013502"


def test_restored_school_gets_the_files_once_committed(
    archive_b: Path, settings: object, django_capture_on_commit_callbacks: object
) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        restored = _restore(archive_b, "nghiatan-tep")
    # then
    folder = Path(settings.MEDIA_ROOT) / restored.schema_name  # type: ignore[attr-defined]
    assert (folder / FILE_OF_B[0]).read_bytes() == FILE_OF_B[1]
    assert (folder / PHOTO_OF_B[0]).read_bytes() == PHOTO_OF_B[1]
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        PHOTO_OF_B[0],
        FILE_OF_B[0],
    ]
    assert not list(Path(settings.MEDIA_ROOT).glob(".restore-*"))  # type: ignore[attr-defined]


def test_a_session_or_token_of_the_original_does_not_open_the_restored_school(
    school_b: School, client_b: Client, tmp_path: Path
) -> None:
    # given: a principal signed in on B, and an API token of B, both in B's schema
    client_b.post("/accounts/login/", {"login": "hieutruong", "password": DEMO_PASSWORD})
    assert client_b.get("/dashboard/").status_code == 200
    with tenant_context(school_b):
        key = Token.objects.create(user=User.objects.get(username="hieutruong")).key
    archive = lifecycle.school_export(school=school_b, actor=None, destination=tmp_path)
    tables = {t["name"]: t["rows"] for t in manifest_of(archive)["tables"]}
    assert tables["django_session"] >= 1
    assert tables["authtoken_token"] >= 1
    # when
    restored = _restore(archive, "nghiatan-phien")
    # then: the same cookie on the restored host is an anonymous visitor
    stolen = Client(HTTP_HOST=host_of(restored))
    stolen.cookies = client_b.cookies
    response = stolen.get("/dashboard/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    api = APIClient(HTTP_HOST=host_of(restored), HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/pupils/").status_code == 401
    event = selectors.school_events(school=restored).get()
    assert event.detail["cleared"]["django_session"] >= 1
    assert event.detail["cleared"]["authtoken_token"] >= 1


def test_restore_on_another_installation_with_another_media_folder(
    archive_b: Path, settings: object, tmp_path: Path, django_capture_on_commit_callbacks: object
) -> None:
    # given: this "installation" keeps its files elsewhere
    settings.MEDIA_ROOT = tmp_path / "other-installation"  # type: ignore[attr-defined]
    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        restored = _restore(archive_b, "nghiatan-xa")
    # then
    assert (tmp_path / "other-installation" / restored.schema_name / FILE_OF_B[0]).exists()


# ---------------------------------------------------------------------------------------------
# Refusals: nothing written
# ---------------------------------------------------------------------------------------------


def _truncated(source: Path, target: Path) -> Path:
    body = source.read_bytes()
    target.write_bytes(body[: len(body) * 2 // 3])
    return target


def _tampered_table(source: Path, target: Path) -> Path:
    def change(name: str, body: bytes) -> bytes:
        return body.replace(b"Nguy", b"Nguo", 1) if name == "data/people_pupil.tsv" else body

    return archive_rewrite(source, target, member=change)


def _tampered_file(source: Path, target: Path) -> Path:
    def change(name: str, body: bytes) -> bytes:
        return body[:-1] + b"?" if name == "files/" + FILE_OF_B[0] else body

    return archive_rewrite(source, target, member=change)


def _missing_table(source: Path, target: Path) -> Path:
    def change(manifest: dict) -> None:
        manifest["tables"].append(dict(manifest["tables"][-1], file="data/x.tsv"))

    return archive_rewrite(source, target, manifest=change)


def _not_gzip(source: Path, target: Path) -> Path:
    target.write_bytes(b"PK\x03\x04 a zip file, not an export")
    return target


def _bad_gzip_inside(source: Path, target: Path) -> Path:
    body = bytearray(source.read_bytes())
    middle = len(body) // 2
    body[middle : middle + 64] = bytes(64)
    target.write_bytes(bytes(body))
    return target


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_truncated, "is damaged or incomplete"),
        (_bad_gzip_inside, "is damaged or incomplete"),
        (_not_gzip, "is damaged or incomplete"),
        (_tampered_table, "table people_pupil does not match its checksum"),
        (_tampered_file, "file reports/so-diem.txt does not match its checksum"),
        (_missing_table, "missing data/x.tsv"),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_is_written(
    archive_b: Path, tmp_path: Path, settings: object, damage: object, message: str
) -> None:
    # given
    archive = damage(archive_b, tmp_path / "damaged.tar.gz")  # type: ignore[operator]
    # when
    with pytest.raises(ValidationError, match=message):
        _restore(archive, "nghiatan-hong", code="99990702")
    # then
    assert_nothing_restored(
        code="99990702",
        slug="nghiatan-hong",
        media_root=Path(settings.MEDIA_ROOT),  # type: ignore[attr-defined]
    )


def test_an_archive_of_other_migrations_is_refused_naming_them(
    archive_b: Path, tmp_path: Path, settings: object
) -> None:
    # given: made by an installation one migration ahead, and one behind on another app
    def change(manifest: dict) -> None:
        manifest["migrations"].append(["people", "9999_future"])
        manifest["migrations"].remove(["dataimport", "0001_import_run"])

    archive = archive_rewrite(archive_b, tmp_path / "future.tar.gz", manifest=change)
    # when
    with pytest.raises(ValidationError) as refusal:
        _restore(archive, "nghiatan-tuonglai", code="99990703")
    # then
    (message,) = refusal.value.messages
    assert "Only in the archive: people.9999_future." in message
    assert "Only here: dataimport.0001_import_run." in message
    assert_nothing_restored(
        code="99990703",
        slug="nghiatan-tuonglai",
        media_root=Path(settings.MEDIA_ROOT),  # type: ignore[attr-defined]
    )


def test_an_archive_behind_only_on_public_side_apps_is_restored(
    archive_b: Path, tmp_path: Path
) -> None:
    # given: made before the platform gained a migration of an app that has no table in a
    # school's schema (the schema records it without running it)
    def change(manifest: dict) -> None:
        manifest["migrations"].remove(["tenants", "0002_school_deletion_due_at_schoolevent"])

    archive = archive_rewrite(archive_b, tmp_path / "older.tar.gz", manifest=change)
    # when
    school = _restore(archive, "nghiatan-cu", code="99990709")
    # then
    assert school.status == School.Status.ONBOARDING


def test_a_file_that_is_not_an_export_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "notes.tar.gz"
    with gzip.open(archive, "wb") as handle:
        handle.write(b"\0" * 1024)
    with pytest.raises(ValidationError, match="is not a school export"):
        _restore(archive, "khongphai", code="99990704")


@pytest.mark.parametrize(
    ("slug", "code", "message"),
    [
        ("nghiatan", "99990705", "School with this Host name already exists."),
        ("nghiatan-ma", "01013502", "School with this School code already exists."),
        ("Sai Ten", "99990706", "Use 3 to 40 lowercase letters"),
    ],
)
def test_restore_refuses_a_taken_or_bad_name_and_writes_nothing(
    archive_b: Path, school_b: School, slug: str, code: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refusal:
        _restore(archive_b, slug, code=code)
    assert [m for m in refusal.value.messages if m.startswith(message)]
    assert School.objects.filter(slug__startswith="nghiatan").count() == 1


def test_restore_refuses_a_missing_archive(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="There is no archive at"):
        _restore(tmp_path / "khong-co.tar.gz", "khongco")


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------


def test_export_and_restore_commands(
    school_b: School, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # when
    call_command("school_export", "nghiatan", out=tmp_path / "nt.tar.gz")
    call_command(
        "school_restore",
        str(tmp_path / "nt.tar.gz"),
        name="THCS Nghĩa Tân 2",
        code="99990707",
        slug="nghiatan-hai",
        authority="00160",
    )
    # then
    out = capsys.readouterr().out
    assert f"Exported THCS Nghĩa Tân to {tmp_path / 'nt.tar.gz'}" in out
    assert "Restored THCS Nghĩa Tân 2 (99990707, nghiatan-hai)" in out
    restored = School.objects.get(slug="nghiatan-hai")
    assert (restored.authority.code, restored.status) == ("00160", "onboarding")
    original = table_checksums(school_b.schema_name)
    copy = table_checksums(restored.schema_name)
    assert {t: copy[t] for t in set(copy) - CLEARED} == {
        t: original[t] for t in set(copy) - CLEARED
    }


def test_rows_are_ordered_the_same_on_every_installation() -> None:
    # given: a table keyed by text (its order would follow the server's collation)
    table = lifecycle._Table(
        "django_session",
        [("session_key", "character varying(40)"), ("expire_date", "timestamp with time zone")],
        ["session_key"],
    )
    # when
    sql = lifecycle._copy_out_sql("school_x", table)
    # then
    assert 'ORDER BY "session_key" COLLATE "C")' in sql
