"""Export back to the layouts: every list of school A in every layout and format imports back
unchanged; CSV carries a BOM; the empty template is the headers alone."""

import io

import openpyxl
import pytest
from django_tenants.utils import tenant_context

from core_school.dataimport import layouts, selectors, services
from core_school.dataimport.layouts import Kind, Layout
from core_school.people.models import Pupil
from tenants.models import School


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.parametrize("layout", list(Layout))
@pytest.mark.parametrize("kind", list(Kind))
def test_export_then_import_changes_nothing(
    in_a: School, kind: Kind, layout: Layout, file_format: str
) -> None:
    # given
    exported = selectors.list_export(kind=kind, layout=layout, file_format=file_format)
    # when
    preview = services.import_preview(
        actor=None,
        kind=kind,
        layout="auto",
        file_name=exported.file_name,
        data=exported.content,
        store=False,
    ).preview
    # then
    assert preview.problems == []
    assert preview.layout == layout
    assert preview.rows > 0
    assert (preview.counts["create"], preview.counts["update"]) == (0, 0)
    assert preview.counts["unchanged"] == preview.rows
    assert preview.ignored_columns == []


def test_csv_export_is_utf8_with_a_byte_order_mark(in_a: School) -> None:
    exported = selectors.list_export(kind="pupils", layout="vnedu", file_format="csv")
    text = exported.content.decode("utf-8")
    assert exported.content.startswith(b"\xef\xbb\xbf")
    assert text.lstrip("\ufeff").startswith("STT,Mã học sinh,Họ tên,Ngày sinh,Giới tính")
    assert exported.file_name == "danh-sach-hoc-sinh-vnedu.csv"


def test_xlsx_export_writes_real_dates_and_text_identifiers(in_a: School) -> None:
    exported = selectors.list_export(kind="pupils", layout="ministry", file_format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    header = [c.value for c in sheet[4]]
    first = list(sheet[5])
    assert sheet["A1"].value == "DANH SÁCH HỌC SINH"
    assert header == ["STT", *layouts.layout_headers(kind=Kind.PUPILS, layout=Layout.MINISTRY)]
    assert first[1].data_type == "s"  # the identifier keeps its leading zero
    assert first[1].value.startswith("0")
    assert first[3].is_date
    assert first[3].number_format == "DD/MM/YYYY"


@pytest.mark.parametrize("layout", list(Layout))
def test_the_empty_template_is_the_headers_alone(in_a: School, layout: Layout) -> None:
    exported = selectors.list_export(kind="staff", layout=layout, file_format="csv", empty=True)
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert lines == [",".join(["STT", *layouts.layout_headers(kind=Kind.STAFF, layout=layout)])]


def test_export_holds_only_the_school_s_own_pupils(school_a: School, school_b: School) -> None:
    with tenant_context(school_b):
        b_ids = set(Pupil.objects.values_list("national_id", flat=True))
    with tenant_context(school_a):
        a_ids = set(Pupil.objects.values_list("national_id", flat=True))
        text = selectors.list_export(kind="pupils", layout="vnedu", file_format="csv").content
    written = {line.split(",")[1] for line in text.decode("utf-8-sig").splitlines()[1:]}
    assert written <= a_ids
    assert not written & (b_ids - a_ids)
