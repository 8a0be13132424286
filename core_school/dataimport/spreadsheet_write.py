"""Write a school's list in a layout: an Excel workbook (.xlsx, openpyxl) or CSV in UTF-8 with
a byte-order mark (so Excel shows the diacritics). With no rows, the file is the layout's
empty template. What is written reads back unchanged (tests/core_school/dataimport).
"""

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core_school.dataimport import layouts
from core_school.dataimport.layouts import Kind, Layout
from core_school.dataimport.plans.guardians import RELATIONSHIP_NAMES
from core_school.dataimport.plans.staff import POSITION_NAMES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")

TITLES = {
    Kind.PUPILS: "DANH SÁCH HỌC SINH",
    Kind.STAFF: "DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN",
    Kind.CLASSES: "DANH SÁCH LỚP HỌC",
    Kind.GUARDIANS: "DANH SÁCH CHA MẸ HỌC SINH",
}
FILE_STEMS = {
    Kind.PUPILS: "danh-sach-hoc-sinh",
    Kind.STAFF: "danh-sach-can-bo",
    Kind.CLASSES: "danh-sach-lop",
    Kind.GUARDIANS: "danh-sach-cha-me-hoc-sinh",
}
SEX_NAMES = {"M": "Nam", "F": "Nữ"}
# The ministry's and SMAS's lists open with a title block; vnEdu's with the header row.
TITLE_BLOCK = {Layout.MINISTRY: True, Layout.VNEDU: False, Layout.SMAS: True}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    file_name: str


def _value(field: str, row: dict[str, Any]) -> Any:
    """The cell of `field` for `row`, as the lists write it."""
    if field in ("family_name", "given_name"):
        words = str(row.get("full_name", "")).split()
        return " ".join(words[:-1]) if field == "family_name" else (words[-1] if words else "")
    value = row.get(field, "")
    if value in (None, ""):
        return ""
    if field == "sex":
        return SEX_NAMES.get(value, value)
    if field == "position":
        return POSITION_NAMES.get(value, value)
    if field == "relationship":
        return RELATIONSHIP_NAMES.get(value, value)
    return value


def _safe_text(value: Any) -> Any:
    """Text Excel would run as a formula is written with a leading apostrophe (CSV)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_file(
    *, kind: str, layout: str, rows: list[dict[str, Any]], file_format: str, subtitle: str = ""
) -> ExportFile:
    """`rows` (selectors.export_rows) as a file in `layout` and `file_format` (xlsx or csv)."""
    kind, layout = Kind(kind), Layout(layout)
    fields = [field for field, _header in layouts.LAYOUTS[layout][kind]]
    headers = [layouts.NUMBER_HEADER, *layouts.layout_headers(kind=kind, layout=layout)]
    table = [[number, *(_value(f, row) for f in fields)] for number, row in enumerate(rows, 1)]
    stem = f"{FILE_STEMS[kind]}-{layout.value}"
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(headers)
        for line in table:
            writer.writerow(
                [
                    value.strftime("%d/%m/%Y")
                    if isinstance(value, datetime.date)
                    else _safe_text(value)
                    for value in line
                ]
            )
        return ExportFile(
            content=("\ufeff" + buffer.getvalue()).encode("utf-8"),
            content_type=CSV,
            file_name=f"{stem}.csv",
        )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="Danh sách")
    bold = Font(bold=True)

    def cell(value: Any, *, header: bool = False) -> WriteOnlyCell:
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str) and value.startswith("="):
            written.data_type = "s"  # text, never a formula
        if isinstance(value, datetime.date):
            written.number_format = "DD/MM/YYYY"
        if header:
            written.font = bold
        return written

    if TITLE_BLOCK[layout]:
        sheet.append([cell(TITLES[kind], header=True)])
        sheet.append([cell(subtitle)])
        sheet.append([])
    sheet.append([cell(h, header=True) for h in headers])
    for line in table:
        sheet.append([cell(value) for value in line])
    buffer = io.BytesIO()
    book.save(buffer)
    return ExportFile(content=buffer.getvalue(), content_type=XLSX, file_name=f"{stem}.xlsx")
