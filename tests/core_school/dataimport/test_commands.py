"""The command line: school_import prints the preview and every problem (exit status 1 on a
problem), commits with --commit; school_export_list writes a layout's file or template."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import tenant_context

from core_school.dataimport.models import ImportRun
from core_school.people.models import Pupil
from tenants.models import School
from tests.core_school.dataimport.conftest import (
    PUPIL_HEADERS,
    new_pupils_file,
    pupil_row,
    school_counts,
    xlsx_bytes,
)
from tests.processes import test_database_url

REPO_ROOT = Path(__file__).resolve().parents[3]


def _run(*args: str, **options: object) -> str:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    finally:
        connection.set_schema_to_public()
    return out.getvalue()


def test_school_import_previews_without_writing(school_a: School, tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(new_pupils_file(3))
    with tenant_context(school_a):
        before = school_counts()
    out = _run("school_import", str(path), school="caugiay", kind="pupils")
    assert "ds.xlsx, pupils, layout vnedu, 3 rows" in out
    assert "create 3, update 0, unchanged 0" in out
    assert "Run again with --commit to write it." in out
    with tenant_context(school_a):
        assert school_counts() == before


def test_school_import_commits(school_a: School, tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(new_pupils_file(3))
    out = _run("school_import", str(path), school="caugiay", kind="pupils", commit=True)
    assert "Committed (import " in out
    with tenant_context(school_a):
        assert Pupil.objects.filter(national_id__startswith="0999").count() == 3
        run = ImportRun.objects.get()
        assert (run.status, run.created_by, run.committed_by) == ("committed", None, None)


def test_school_import_prints_every_problem(school_a: School, tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_bytes(
        "\n".join(
            ",".join(map(str, row))
            for row in [
                PUPIL_HEADERS,
                pupil_row(1, "0999000001", "Nguyễn Văn An", birth="31/02/2012"),
                pupil_row(2, "0999000002", "Trần Thị Bình", ethnicity="Pháp"),
            ]
        ).encode()
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("school_import", str(path), school="caugiay", kind="pupils", stdout=out)
    connection.set_schema_to_public()
    assert "row 2, column Ngày sinh: 31/02/2012 is not a date." in out.getvalue()
    assert (
        "row 3, column Dân tộc: Pháp is not one of the 54 ethnic groups of Viet Nam."
        in out.getvalue()
    )


def test_unknown_school_is_refused(tmp_path: Path, db: None) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(new_pupils_file(1))
    with pytest.raises(CommandError, match=r"No school has the slug “khongco”\."):
        call_command("school_import", str(path), school="khongco", kind="pupils")


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_list_then_import_is_unchanged(
    school_a: School, tmp_path: Path, file_format: str
) -> None:
    path = tmp_path / f"lop.{file_format}"
    _run(
        "school_export_list",
        str(path),
        school="caugiay",
        kind="classes",
        layout="smas",
        format=file_format,
    )
    out = _run("school_import", str(path), school="caugiay", kind="classes")
    assert "layout smas, 40 rows" in out
    assert "create 0, update 0, unchanged 40" in out


def test_export_list_writes_an_empty_template(tmp_path: Path, school_a: School) -> None:
    path = tmp_path / "mau.csv"
    _run(
        "school_export_list",
        str(path),
        school="caugiay",
        kind="guardians",
        layout="ministry",
        format="csv",
        empty=True,
    )
    assert path.read_bytes().decode("utf-8-sig").splitlines() == [
        "STT,Mã định danh học sinh,Họ tên học sinh,Họ tên phụ huynh,Quan hệ,Số điện thoại,Email"
    ]


@pytest.mark.slow
def test_school_import_exits_with_status_1_on_a_problem(school_a: School, tmp_path: Path) -> None:
    # given: a real process on the test database (the demo schools are committed there)
    path = tmp_path / "ds.xlsx"
    path.write_bytes(
        xlsx_bytes([PUPIL_HEADERS, pupil_row(1, "0999000001", "An", birth="31/02/2012")])
    )
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
    }
    # when
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "school_import",
            str(path),
            "--school",
            "caugiay",
            "--kind",
            "pupils",
            "--commit",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # then
    assert result.returncode == 1, result.stderr
    # A command speaks the platform's language (Vietnamese) unless told otherwise.
    assert "dòng 2, cột Ngày sinh: 31/02/2012 không phải là ngày hợp lệ." in result.stdout
    assert "1 problem(s): nothing was written." in result.stderr
