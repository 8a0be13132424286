"""Layouts: headers matched without accents, case or spaces, found under a title block, the
layout detected, aliases, and a precise error for missing columns."""

import pytest

from core_school.dataimport import layouts
from core_school.dataimport.exceptions import ImportFileError
from core_school.dataimport.layouts import Kind, Layout
from core_school.dataimport.spreadsheet_read import Sheet, Workbook, workbook_read
from core_school.dataimport.table import table_read
from tests.core_school.dataimport.conftest import csv_bytes, xlsx_bytes


def _table(rows: list[list[object]], *, kind: Kind = Kind.PUPILS, layout: str = "auto") -> object:
    return table_read(
        Workbook(sheets=[Sheet(name="", rows=rows)], file_type="csv"), kind=kind, layout=layout
    )


@pytest.mark.parametrize("layout", list(Layout))
@pytest.mark.parametrize("kind", list(Kind))
def test_each_layout_is_detected_from_its_own_headers(kind: Kind, layout: Layout) -> None:
    headers = ["STT", *layouts.layout_headers(kind=kind, layout=layout)]
    table = _table([headers], kind=kind)
    assert table.layout == layout
    assert table.rows == []


def test_headers_match_without_accents_case_or_spaces() -> None:
    rows = [
        ["stt", "MA DINH DANH", "ho  va  ten", "NGAY SINH", "gioi tinh", "lop"],
        [1, "0999000001", "Nguyễn Văn An", "01/02/2014", "Nam", "6A1"],
    ]
    table = _table(rows)
    assert set(table.columns.columns) == {
        "national_id",
        "full_name",
        "birth_date",
        "sex",
        "class_name",
    }
    assert table.rows[0].cells["full_name"] == "Nguyễn Văn An"


def test_the_header_row_is_found_under_a_title_block() -> None:
    data = xlsx_bytes(
        [
            ["STT", "Mã định danh", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp"],
            [1, "x", "A", "", "", ""],
        ],
        title=[["SỞ GIÁO DỤC VÀ ĐÀO TẠO HÀ NỘI"], ["DANH SÁCH HỌC SINH"], [], ["Lớp: 6A1"]],
    )
    table = table_read(
        workbook_read(data=data, file_name="ds.xlsx", max_bytes=10**7),
        kind=Kind.PUPILS,
        layout="auto",
    )
    assert table.columns.header_row == 4  # 0-based: the fifth row
    assert table.rows[0].number == 6
    assert table.layout == Layout.MINISTRY


def test_the_national_identifier_wins_over_a_software_pupil_code() -> None:
    rows = [["Mã học sinh", "Mã định danh Bộ GD&ĐT", "Họ tên", "Ngày sinh", "Giới tính", "Lớp"]]
    table = _table(rows, layout=Layout.VNEDU)
    assert table.columns.header("national_id") == "Mã định danh Bộ GD&ĐT"


def test_a_split_name_is_read_from_family_and_given_name() -> None:
    rows = [["Mã HS", "Họ đệm", "Tên", "Ngày sinh", "Giới tính", "Lớp"]]
    table = _table(rows)
    assert table.layout == Layout.SMAS
    assert {"family_name", "given_name"} <= set(table.columns.columns)


def test_missing_required_columns_are_listed_with_the_headers_found() -> None:
    rows = [["STT", "Họ và tên", "Giới tính", "Địa chỉ"], [1, "Nguyễn Văn An", "Nam", "Hà Nội"]]
    with pytest.raises(ImportFileError) as caught:
        _table(rows, layout=Layout.MINISTRY)
    assert caught.value.message == (
        "Required columns are missing: Mã định danh, Ngày sinh, Lớp. The header row (row 1) "
        "has: STT, Họ và tên, Giới tính, Địa chỉ."
    )
    assert caught.value.extra["missing"] == ["Mã định danh", "Ngày sinh", "Lớp"]


def test_a_file_with_no_header_row_says_what_it_expects() -> None:
    with pytest.raises(ImportFileError, match="No header row found in the first 20 rows"):
        _table([["a", "b"], [1, 2]], kind=Kind.STAFF)


def test_a_semicolon_csv_with_bom_is_read() -> None:
    data = csv_bytes(
        [["Mã cán bộ", "Họ tên", "Giới tính", "Chức vụ"], ["GV1", "Lê Thị Hoa", "Nữ", "Giáo viên"]],
        delimiter=";",
    )
    assert data.startswith(b"\xef\xbb\xbf")
    table = table_read(
        workbook_read(data=data, file_name="cb.csv", max_bytes=10**7),
        kind=Kind.STAFF,
        layout="auto",
    )
    assert table.layout == Layout.VNEDU
    assert table.rows[0].cells["full_name"] == "Lê Thị Hoa"


def test_rows_empty_in_every_known_column_are_skipped() -> None:
    rows = [
        ["STT", "Mã cán bộ", "Họ tên", "Giới tính", "Chức vụ"],
        [1, "GV1", "Lê Thị Hoa", "Nữ", "Giáo viên"],
        [2, "", "", "", ""],
        ["Tổng số: 1", "", "", "", ""],
    ]
    assert len(_table(rows, kind=Kind.STAFF).rows) == 1
