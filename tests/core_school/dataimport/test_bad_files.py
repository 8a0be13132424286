"""The corpus of bad files: each ends with a precise error (or every problem by row and column)
and nothing written — through the service, the page, the API and the command line."""

import io
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils.html import escape
from django_tenants.utils import tenant_context

from core_school.dataimport import services
from core_school.dataimport.exceptions import ImportFileError
from tenants.models import School
from tests.core_school.conftest import actor
from tests.core_school.dataimport.conftest import (
    PUPIL_HEADERS,
    api_signed_in,
    new_pupils_file,
    pupil_row,
    school_counts,
    signed_in,
    xlsx_bytes,
)

_MODIFIERS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn: letters in cp1258


def cp1258(text: str) -> bytes:
    """`text` as Windows-1258 writes it: letters with circumflex, breve or horn precomposed,
    tone marks as combining characters (the codec has no precomposed toned vowels)."""
    out: list[str] = []
    base = 0
    for char in unicodedata.normalize("NFD", text):
        if char in _MODIFIERS:
            # NFD may put a dot below before the circumflex (ộ): it goes on the letter.
            out[base] = unicodedata.normalize("NFC", out[base] + char)
        else:
            if not unicodedata.combining(char):
                base = len(out)
            out.append(char)
    return "".join(out).encode("cp1258")


def _not_a_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "không phải Excel")
    return buffer.getvalue()


def _truncated_workbook() -> bytes:
    whole = new_pupils_file(40)
    return whole[: len(whole) // 2]


def _windows_1258_csv() -> bytes:
    rows = [PUPIL_HEADERS, pupil_row(1, "0999000001", "Nguyễn Thị Thu Hương")]
    return b"\r\n".join(cp1258(",".join(str(v) for v in row)) for row in rows)


def _duplicate_pupils() -> bytes:
    return xlsx_bytes(
        [
            PUPIL_HEADERS,
            pupil_row(1, "0999000001", "Nguyễn Văn An"),
            pupil_row(2, "0999000002", "Trần Thị Bình"),
            pupil_row(3, "0999000001", "Lê Văn Cường"),
        ]
    )


def _missing_columns() -> bytes:
    return xlsx_bytes([["STT", "Họ tên", "Giới tính"], [1, "Nguyễn Văn An", "Nam"]])


def _twenty_megabytes() -> bytes:
    line = ",".join(map(str, pupil_row(1, "0999000001", "Nguyễn Văn An"))).encode() + b"\r\n"
    body = ",".join(PUPIL_HEADERS).encode() + b"\r\n"
    return body + line * ((20 * 1024 * 1024 - len(body)) // len(line) + 1)


def _formula() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(PUPIL_HEADERS)
    sheet.append(pupil_row(1, "0999000001", "Nguyễn Văn An"))
    sheet.append(pupil_row(2, "0999000002", "Trần Thị Bình"))
    sheet["D3"] = "=DATE(2014,2,3)"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _impossible_date() -> bytes:
    rows = [PUPIL_HEADERS] + [pupil_row(n, f"0999{n:06d}", f"Học Sinh {n}") for n in range(1, 6)]
    rows.append(pupil_row(6, "0999000006", "Nguyễn Văn An", birth="31/02/2012"))
    return xlsx_bytes(rows)


def _unknown_class() -> bytes:
    return xlsx_bytes(
        [PUPIL_HEADERS, pupil_row(1, "0999000001", "Nguyễn Văn An", class_name="6Z9")]
    )


@dataclass(frozen=True)
class BadFile:
    name: str
    file_name: str
    make: Callable[[], bytes]
    reason: str  # the error, or the problem's reason
    row: int | None = None  # the problem's row and column, when it is one
    column: str = ""

    @property
    def message(self) -> str:
        """As the service and the command line write it."""
        if self.row is None:
            return self.reason
        return f"row {self.row}, column {self.column}: {self.reason}"


CORPUS = [
    BadFile(
        "zip-not-xlsx",
        "ds.xlsx",
        _not_a_workbook,
        "ds.xlsx cannot be read as an Excel workbook (.xlsx): the file is damaged or is not a "
        "workbook (no xl/workbook.xml inside).",
    ),
    BadFile(
        "truncated-xlsx",
        "ds.xlsx",
        _truncated_workbook,
        "ds.xlsx cannot be read as an Excel workbook (.xlsx): the file is damaged",
    ),
    BadFile(
        "csv-windows-1258",
        "ds.csv",
        _windows_1258_csv,
        "it looks saved as Windows-1258. In Excel choose File › Save As › “CSV UTF-8 (Comma "
        "delimited) (*.csv)”",
    ),
    BadFile(
        "duplicate-pupils",
        "ds.xlsx",
        _duplicate_pupils,
        "The identifier 0999000001 is also on row 2: each appears once in a file.",
        row=4,
        column="Mã học sinh",
    ),
    BadFile(
        "missing-columns",
        "ds.xlsx",
        _missing_columns,
        "Required columns are missing: Mã học sinh, Ngày sinh, Lớp. The header row (row 1) "
        "has: STT, Họ tên, Giới tính.",
    ),
    BadFile(
        "twenty-megabytes",
        "big.csv",
        _twenty_megabytes,
        "big.csv is 20.0\xa0MB; the limit is 10.0\xa0MB.",
    ),
    BadFile(
        "formula",
        "ds.xlsx",
        _formula,
        "the cell holds a formula (=DATE(2014,2,3)); paste values only.",
        row=3,
        column="Ngày sinh",
    ),
    BadFile(
        "impossible-date",
        "ds.xlsx",
        _impossible_date,
        "31/02/2012 is not a date.",
        row=7,
        column="Ngày sinh",
    ),
    BadFile(
        "unknown-class",
        "ds.xlsx",
        _unknown_class,
        "there is no class 6Z9 in",
        row=2,
        column="Lớp",
    ),
    BadFile(
        "old-xls",
        "ds.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "ds.xls is an Excel 97–2003 workbook (.xls) or a password-protected workbook.",
    ),
    BadFile(
        "not-a-list",
        "ds.pdf",
        lambda: b"%PDF-1.4 ...",
        "Upload an Excel workbook (.xlsx) or a CSV file (.csv); ds.pdf is neither.",
    ),
    BadFile("empty", "ds.csv", lambda: b"", "The file ds.csv is empty."),
]


def _error_text(school: School, bad: BadFile) -> str:
    """What the service says about `bad`: the file error, or every problem as text."""
    with tenant_context(school):
        try:
            result = services.import_preview(
                actor=actor("hieutruong"),
                kind="pupils",
                layout="auto",
                file_name=bad.file_name,
                data=bad.make(),
            )
        except ImportFileError as error:
            return error.message
        assert result.run is None
        return "\n".join(p.as_text() for p in result.preview.problems)


@pytest.mark.parametrize("bad", CORPUS, ids=lambda b: b.name)
def test_service_refuses_bad_file_precisely_and_writes_nothing(
    school_a: School, bad: BadFile
) -> None:
    # given
    with tenant_context(school_a):
        before = school_counts()
    # when
    text = _error_text(school_a, bad)
    # then
    assert bad.message in text
    with tenant_context(school_a):
        assert school_counts() == before


@pytest.mark.parametrize("bad", CORPUS, ids=lambda b: b.name)
def test_page_shows_the_error_and_writes_nothing(school_a: School, bad: BadFile) -> None:
    client = signed_in(school_a, "hieutruong")
    with tenant_context(school_a):
        before = school_counts()
    upload = io.BytesIO(bad.make())
    upload.name = bad.file_name
    response = client.post("/import/", {"kind": "pupils", "layout": "auto", "file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert _html(bad.reason) in page
    if bad.row is not None:
        assert f"<td>{bad.row}</td><td>{_html(bad.column)}</td>" in page
    with tenant_context(school_a):
        assert school_counts() == before


def _html(text: str) -> str:
    return str(escape(text))


@pytest.mark.parametrize("bad", CORPUS, ids=lambda b: b.name)
def test_api_answers_400_with_the_error_and_writes_nothing(school_a: School, bad: BadFile) -> None:
    client = api_signed_in(school_a, "quantri")
    with tenant_context(school_a):
        before = school_counts()
    upload = io.BytesIO(bad.make())
    upload.name = bad.file_name
    response = client.post(
        "/api/v1/imports/", {"kind": "pupils", "file": upload}, format="multipart"
    )
    body = response.json()
    assert response.status_code == 400
    problems = [_problem_text(p) for p in body["extra"].get("problems", [])]
    assert bad.message in "\n".join([body["message"], *problems])
    with tenant_context(school_a):
        assert school_counts() == before


def _problem_text(problem: dict[str, object]) -> str:
    where = [f"row {problem['row']}"] if problem["row"] is not None else []
    where += [f"column {problem['column']}"] if problem["column"] else []
    return f"{', '.join(where)}: {problem['message']}"


@pytest.mark.parametrize("bad", CORPUS, ids=lambda b: b.name)
def test_command_exits_non_zero_with_the_error_and_writes_nothing(
    school_a: School, bad: BadFile, tmp_path: Path
) -> None:
    path = tmp_path / bad.file_name
    path.write_bytes(bad.make())
    with tenant_context(school_a):
        before = school_counts()
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "school_import", str(path), school="caugiay", kind="pupils", commit=True, stdout=out
        )
    connection.set_schema_to_public()
    assert bad.message in out.getvalue() + str(caught.value)
    with tenant_context(school_a):
        assert school_counts() == before


def test_corpus_names_are_distinct() -> None:
    assert len({b.name for b in CORPUS}) == len(CORPUS)
