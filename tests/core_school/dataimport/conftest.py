"""Fixtures for the school data import: files built in the test (xlsx with openpyxl, CSV in
any encoding), row counts of school A, and the principal's clients."""

import csv
import datetime
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from accounts.models import User
from core_school.academics.models import Enrolment, SchoolClass, SchoolYear
from core_school.dataimport.models import ImportRun
from core_school.people.models import Guardian, Guardianship, Pupil, PupilEvent, StaffMember
from tenants.models import School
from tests.conftest import host_of

# The vnEdu pupil list's headers (with the row-number column).
PUPIL_HEADERS = [
    "STT",
    "Mã học sinh",
    "Họ tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Lớp",
    "Địa chỉ",
    "Họ tên cha",
    "SĐT cha",
    "Họ tên mẹ",
    "SĐT mẹ",
]


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """These tests read the English messages; the platform's default language is Vietnamese."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded files go under the test's own folder, still one folder per school schema."""
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = f"{tmp_path}/media/%s"


def xlsx_bytes(rows: list[list[Any]], *, title: list[list[Any]] | None = None) -> bytes:
    """An .xlsx workbook (openpyxl) with an optional title block above `rows`."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [*(title or []), *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], *, encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def pupil_row(
    number: int,
    national_id: str,
    name: str,
    *,
    birth: str = "05/09/2014",
    sex: str = "Nam",
    ethnicity: str = "Kinh",
    class_name: str = "6A1",
    father: tuple[str, str] = ("", ""),
    mother: tuple[str, str] = ("", ""),
) -> list[Any]:
    return [
        number,
        national_id,
        name,
        birth,
        sex,
        ethnicity,
        class_name,
        "Số 1 Cầu Giấy, Hà Nội",
        *father,
        *mother,
    ]


def school_counts() -> dict[str, int]:
    """Rows of every table an import may write, in the current schema."""
    return {
        "pupils": Pupil.objects.count(),
        "pupil_events": PupilEvent.objects.count(),
        "guardians": Guardian.objects.count(),
        "links": Guardianship.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "staff": StaffMember.objects.count(),
        "classes": SchoolClass.objects.count(),
        "runs": ImportRun.objects.count(),
    }


@pytest.fixture
def in_a(school_a: School) -> Iterator[School]:
    """The connection on school A for the test (reset to public after)."""
    connection.set_tenant(school_a)
    yield school_a
    connection.set_schema_to_public()


@pytest.fixture
def current_year(school_a: School) -> SchoolYear:
    with tenant_context(school_a):
        return SchoolYear.objects.get(is_current=True)


def signed_in(school: School, username: str) -> Client:
    client = Client(HTTP_HOST=host_of(school))
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))
    return client


def api_signed_in(school: School, username: str) -> APIClient:
    client = APIClient(HTTP_HOST=host_of(school))
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def principal_client(school_a: School) -> Client:
    return signed_in(school_a, "hieutruong")


def new_pupils_file(n: int = 3, *, prefix: str = "0999") -> bytes:
    """`n` new pupils of 6A1 (identifiers no demo pupil has); pupils 1 and 2 are siblings
    (same father and mother, same phones)."""
    rows = [PUPIL_HEADERS]
    for index in range(1, n + 1):
        sibling = index in (1, 2)
        rows.append(
            pupil_row(
                index,
                f"{prefix}{index:06d}",
                f"Nguyễn Văn Thử {index}",
                birth=datetime.date(2014, 1, index % 28 + 1).strftime("%d/%m/%Y"),
                father=("Nguyễn Văn Cha", "0388 100 001")
                if sibling
                else (f"Trần Văn Bố {index}", f"0388{200000 + index:06d}"),
                mother=("Lê Thị Mẹ", "0388100002")
                if sibling
                else (f"Phạm Thị Má {index}", f"0388{300000 + index:06d}"),
            )
        )
    return xlsx_bytes(rows, title=[["DANH SÁCH HỌC SINH LỚP 6A1"], ["Năm học 2026-2027"], []])
