"""The reports as files: the comparison table of schools (CSV, UTF-8 with a byte-order mark so
Excel shows the diacritics) or every table of the page (XLSX, one sheet each).

Headers are Vietnamese, as the authorities' own spreadsheets are, whatever the page's language;
subjects are named in the page's language (Report.subject_names).
A suppressed cell (fewer than 5 pupils) is written "<5"; a missing one is left empty.
"""

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from config.figures import MARK_BANDS
from reporting.report import Report
from reporting.selectors import Cell, Distribution

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
SUPPRESSED = "<5"

SCHOOL_HEADERS = [
    "Mã trường",
    "Tên trường",
    "Đơn vị quản lý",
    "Số học sinh",
    "Tỉ lệ chuyên cần (%)",
    "Học tập Tốt, Khá (%)",
    "Rèn luyện Tốt, Khá (%)",
    "Lên lớp (%)",
    "Phụ huynh dùng cổng (%)",
    "Chất lượng dữ liệu (%)",
    "Thời điểm tính",
]
LEVEL_NAMES = {"tot": "Tốt", "kha": "Khá", "dat": "Đạt", "chua_dat": "Chưa đạt"}
DECISION_NAMES = {
    "promoted": "Lên lớp",
    "reassess": "Kiểm tra lại",
    "summer_training": "Rèn luyện hè",
    "retained": "Ở lại lớp",
    "manual": "Hiệu trưởng quyết định",
}
SEX_NAMES = {"M": "Nam", "F": "Nữ"}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    file_name: str


def _cell(cell: Cell) -> object:
    if cell.suppressed:
        return SUPPRESSED
    return "" if cell.value is None else cell.value


def _safe(value: object) -> object:
    """Text Excel would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def school_table(report: Report) -> list[list[object]]:
    """The comparison table: one row per school."""
    rows: list[list[object]] = []
    for school in report.schools:
        computed = (
            timezone.localtime(school.computed_at).strftime("%d/%m/%Y %H:%M")
            if school.computed_at
            else ""
        )
        rows.append(
            [
                school.code,
                school.name,
                school.authority,
                *(
                    _cell(c)
                    for c in (
                        school.pupils,
                        school.attendance,
                        school.learning_good,
                        school.conduct_good,
                        school.promoted,
                        school.portal_adoption,
                        school.data_quality,
                    )
                ),
                computed,
            ]
        )
    return rows


def _distribution_table(
    distribution: Distribution,
    *,
    first: str,
    categories: dict[str, str],
    names: dict[str, str] | None = None,
) -> tuple[list[str], list[list[object]]]:
    """Headers and rows of a distribution; `names` labels the keys (a subject's name)."""
    headers = [first, *categories.values(), "Tổng"]
    rows = []
    for key, counts in distribution.counts.items():
        values = [counts.get(category, 0) for category in categories]
        label = (names or {}).get(str(key)) or str(key)
        rows.append([_safe(label), *values, sum(values)])
    return headers, rows


def _title(report: Report) -> str:
    period = f"học kỳ {report.filters.term}" if report.filters.term else "cả năm"
    grade = f", khối {report.filters.grade}" if report.filters.grade else ""
    return f"Năm học {report.filters.school_year or ''}, {period}{grade}"


def _stem(report: Report) -> str:
    year = (report.filters.school_year or "").replace("-", "")
    term = f"-hk{report.filters.term}" if report.filters.term else ""
    return f"bao-cao-tong-hop-{year}{term}"


def report_csv(report: Report) -> ExportFile:
    """The comparison table as CSV (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SCHOOL_HEADERS)
    for row in school_table(report):
        writer.writerow([_safe(value) for value in row])
    return ExportFile(
        content=("\ufeff" + buffer.getvalue()).encode("utf-8"),
        content_type=CSV,
        file_name=f"{_stem(report)}.csv",
    )


def report_xlsx(report: Report) -> ExportFile:
    """Every table of the page, one sheet each, under a title line naming the period."""
    bands = {str(i): f"{low}–{high}" for i, (low, high) in enumerate(MARK_BANDS)}
    sheets = [
        ("Các trường", SCHOOL_HEADERS, school_table(report)),
        ("Sĩ số", *_distribution_table(report.enrolment, first="Khối", categories=SEX_NAMES)),
        (
            "Điểm TB môn",
            *_distribution_table(
                report.marks, first="Môn", categories=bands, names=report.subject_names
            ),
        ),
        ("Học tập", *_distribution_table(report.learning, first="Khối", categories=LEVEL_NAMES)),
        ("Rèn luyện", *_distribution_table(report.conduct, first="Khối", categories=LEVEL_NAMES)),
        (
            "Lên lớp",
            *_distribution_table(report.promotion, first="Khối", categories=DECISION_NAMES),
        ),
        (
            "Theo thời gian",
            ["Năm học", "Học kỳ", "Số học sinh", "Tỉ lệ chuyên cần (%)"],
            [
                [p.school_year, p.term or "Cả năm", p.pupils or "", _cell(p.attendance)]
                for p in report.trend
            ],
        ),
    ]
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title)

        def cell(value: object, *, header: bool = False, sheet: object = sheet) -> WriteOnlyCell:
            written = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                written.data_type = "s"  # text, never a formula
            if header:
                written.font = bold
            return written

        sheet.append([cell(_title(report), header=True)])
        sheet.append([cell(h, header=True) for h in headers])
        for row in rows:
            sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return ExportFile(
        content=buffer.getvalue(), content_type=XLSX, file_name=f"{_stem(report)}.xlsx"
    )
