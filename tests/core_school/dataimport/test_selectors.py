"""Reads other code relies on: the first committed import of each kind (the onboarding
checklist's dates), and workbooks with one sheet per class."""

import io

import openpyxl
import pytest
from django.utils import timezone

from core_school.dataimport import selectors, services
from core_school.dataimport.models import ImportRun
from core_school.people.access import Actor
from core_school.people.models import Pupil
from tenants.models import School
from tests.core_school.conftest import actor
from tests.core_school.dataimport.conftest import PUPIL_HEADERS, new_pupils_file, pupil_row


@pytest.fixture
def principal(in_a: School) -> Actor:
    return actor("hieutruong")


def _preview(principal: Actor, data: bytes) -> services.PreviewResult:
    return services.import_preview(
        actor=principal, kind="pupils", layout="auto", file_name="ds.xlsx", data=data
    )


def test_first_committed_import_of_a_kind(principal: Actor) -> None:
    # given: nothing committed yet, then a preview, then two commits
    assert selectors.import_first_committed_at("pupils") is None
    ready = _preview(principal, new_pupils_file(1)).run
    assert selectors.import_first_committed_at("pupils") is None
    started = timezone.now()
    first = services.import_commit(run_id=ready.pk, actor=principal)
    second = _preview(principal, new_pupils_file(2))
    services.import_commit(run_id=second.run.pk, actor=principal)
    # then
    assert selectors.import_first_committed_at("pupils") == first.committed_at
    assert first.committed_at >= started
    assert selectors.import_first_committed_at("staff") is None
    assert ImportRun.objects.filter(status="committed").count() == 2


def _class_sheets() -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    guide = book.create_sheet("Hướng dẫn")
    guide.append(["Điền mỗi lớp vào một trang."])
    for index, class_name in enumerate(["6A1", "6A2"]):
        sheet = book.create_sheet(class_name)
        sheet.append([f"DANH SÁCH HỌC SINH LỚP {class_name}"])
        sheet.append([])
        sheet.append(PUPIL_HEADERS)
        for n in range(1, 3):
            number = index * 10 + n
            sheet.append(
                pupil_row(n, f"0999{number:06d}", f"Học Sinh {number}", class_name=class_name)
            )
    book["6A2"]["D5"] = "31/02/2012"
    hidden = book.create_sheet("cũ")
    hidden.append(PUPIL_HEADERS)
    hidden.append(pupil_row(1, "0999000099", "Ẩn", birth="xx"))
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_with_one_sheet_per_class(principal: Actor) -> None:
    # when
    preview = _preview(principal, _class_sheets()).preview
    # then: both class sheets read, the guide and the hidden sheet skipped
    assert preview.rows == 4
    assert [p.as_text() for p in preview.problems] == [
        "sheet 6A2, row 5, column Ngày sinh: 31/02/2012 is not a date."
    ]
    assert not Pupil.objects.filter(national_id__startswith="0999").exists()
