"""A class's summary sheet for a term or the year as an Excel workbook (openpyxl).

The layout Vietnamese schools print (bảng tổng hợp kết quả học tập và rèn luyện): a title
block, a two-row header, one row per pupil in class-list order, the counts per level and the
signatures. `class_summary_build` reads the values; `class_summary_render` lays them out.
Runs inside the current school's schema.
"""

import datetime
from collections import Counter
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db import connection
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core_school.academics.models import SchoolClass, SchoolYear, Term
from core_school.assessment.models import Level, YearOutcome
from core_school.reports import selectors, wording
from core_school.reports.types import CellValue, ClassSummary, ClassSummaryRow, LevelCount

TITLE = "BẢNG TỔNG HỢP KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN"
NO_RESULT = "Chưa có kết quả"
# Rows of the sheet: the title block, then the two header rows, then one row per pupil.
HEADER_ROW = 8
FIRST_PUPIL_ROW = HEADER_ROW + 2
FIRST_SUBJECT_COLUMN = 5  # after STT, Họ và tên, Ngày sinh, Giới tính

FONT_NAME = "Times New Roman"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E8ECF1")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center")


def class_summary_build(
    *,
    school_class: SchoolClass,
    term: Term | None,
    today: datetime.date | None = None,
) -> ClassSummary:
    """The values of a class's summary sheet for `term`, or for the year when it is None.

    `school_class` comes with its school year and homeroom teacher (selectors.school_class_get).
    """
    data = selectors.class_summary_get(school_class=school_class, term=term)
    period: selectors.Period = term.number if term is not None else None
    is_year = term is None
    rows = []
    for number, results in enumerate(data.rows, start=1):
        pupil = results.pupil
        values: list[Decimal | str | None] = []
        for subject in data.subjects:
            result = results.subjects.get(subject.pk, {}).get(period)
            if result is None:
                values.append(None)
            elif subject.is_scored:
                values.append(result.average)
            else:
                values.append(wording.comment(result.passed) or None)
        initial, after = results.initial_outcome, results.after_summer_outcome
        rows.append(
            ClassSummaryRow(
                number=number,
                pupil_id=pupil.pk,
                full_name=wording.nfc(pupil.full_name),
                birth_date=pupil.birth_date,
                sex=wording.sex(pupil.sex),
                subjects=tuple(values),
                learning=wording.level(results.learning.get(period)),
                conduct=wording.level(results.conduct.get(period)),
                absences=results.absences.get(period),
                award=wording.award(initial.award) if is_year and initial else "",
                decision=_decision_text(initial, after, grade=school_class.grade)
                if is_year
                else "",
            )
        )
    learning = Counter(row.learning for row in rows)
    conduct = Counter(row.conduct for row in rows)
    level_counts = [
        LevelCount(label, learning[label], conduct[label])
        for label in (wording.level(value) for value in Level.values)
    ]
    if learning[""] or conduct[""]:
        level_counts.append(LevelCount(NO_RESULT, learning[""], conduct[""]))
    other_counts: list[tuple[str, int]] = []
    if is_year:
        decisions = Counter(row.decision for row in rows if row.decision)
        awards = Counter(row.award for row in rows if row.award)
        other_counts = [
            *sorted(decisions.items(), key=lambda item: (-item[1], item[0])),
            *[(label, awards[label]) for label in wording.AWARDS.values()],
        ]
    teacher = school_class.homeroom_teacher
    return ClassSummary(
        school_name=wording.nfc(connection.tenant.name),
        class_name=wording.nfc(school_class.name),
        school_year=data.school_year.name,
        period=wording.TERM_LABELS[period],
        is_year=is_year,
        homeroom_teacher=wording.nfc(teacher.full_name) if teacher else "",
        principal=wording.nfc(data.principal.full_name) if data.principal else "",
        subjects=tuple(wording.nfc(s.short_name or s.name) for s in data.subjects),
        subject_titles=tuple(wording.nfc(s.name) for s in data.subjects),
        rows=tuple(rows),
        level_counts=tuple(level_counts),
        other_counts=tuple(other_counts),
        issued_on=wording.long_date(today or timezone.localdate()),
    )


def _decision_text(initial: YearOutcome | None, after: YearOutcome | None, *, grade: int) -> str:
    """The year's decision; after the summer, the final one with how it was reached."""
    if initial is None:
        return ""
    if after is None:
        return wording.decision(initial.decision, grade=grade)
    how = (
        "sau rèn luyện hè"
        if initial.decision == YearOutcome.Decision.SUMMER_TRAINING
        else "sau kiểm tra lại"
    )
    return f"{wording.decision(after.decision, grade=grade)} ({how})"


def _headers(summary: ClassSummary) -> list[str]:
    after = ["Kết quả học tập", "Kết quả rèn luyện", "Số buổi nghỉ"]
    if summary.is_year:
        after += ["Danh hiệu", "Kết quả"]
    return after


def _put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: CellValue,
    *,
    bold: bool = False,
    size: float = 11,
    align: Alignment = CENTRE,
    border: bool = False,
    fill: PatternFill | None = None,
    number_format: str | None = None,
) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font = Font(name=FONT_NAME, bold=bold, size=size)
    cell.alignment = align
    if border:
        cell.border = BORDER
    if fill is not None:
        cell.fill = fill
    if number_format:
        cell.number_format = number_format


def _merged(
    sheet: Worksheet,
    row: int,
    first: int,
    last: int,
    value: CellValue,
    *,
    rows: int = 1,
    **style: Any,
) -> None:
    """Write `value` over columns first..last (and `rows` rows), styling every merged cell."""
    for r in range(row, row + rows):
        for c in range(first, last + 1):
            _put(sheet, r, c, value if (r, c) == (row, first) else None, **style)
    if last > first or rows > 1:
        sheet.merge_cells(
            start_row=row, start_column=first, end_row=row + rows - 1, end_column=last
        )


def _title_block(sheet: Worksheet, summary: ClassSummary, width: int) -> None:
    split = max(4, width // 2)
    school = summary.school_name
    if not school.casefold().startswith("trường"):
        school = f"Trường {school}"
    _merged(sheet, 1, 1, split - 1, school.upper(), bold=True)
    _merged(sheet, 1, split, width, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    _merged(sheet, 2, split, width, "Độc lập – Tự do – Hạnh phúc", bold=True)
    _merged(sheet, 4, 1, width, TITLE, bold=True, size=14)
    _merged(
        sheet,
        5,
        1,
        width,
        f"Lớp {summary.class_name} – {summary.period} – Năm học {summary.school_year}",
        bold=True,
        size=12,
    )
    _merged(sheet, 6, 1, width, f"Giáo viên chủ nhiệm: {summary.homeroom_teacher}")
    sheet.row_dimensions[4].height = 22


def _header_rows(sheet: Worksheet, summary: ClassSummary) -> None:
    style: dict[str, Any] = {"bold": True, "border": True, "fill": HEADER_FILL}
    row = HEADER_ROW
    for column, text in enumerate(("STT", "Họ và tên", "Ngày sinh", "Giới tính"), start=1):
        _merged(sheet, row, column, column, text, rows=2, **style)
    first = FIRST_SUBJECT_COLUMN
    last = first + len(summary.subjects) - 1
    if summary.subjects:
        subject_heading = f"Điểm trung bình môn học / Đánh giá – {summary.period}"
        _merged(sheet, row, first, last, subject_heading, **style)
        for offset, name in enumerate(summary.subjects):
            _put(sheet, row + 1, first + offset, name, **style)
    for offset, text in enumerate(_headers(summary), start=last + 1):
        _merged(sheet, row, offset, offset, text, rows=2, **style)
    sheet.row_dimensions[row].height = 20
    sheet.row_dimensions[row + 1].height = 32


def _pupil_rows(sheet: Worksheet, summary: ClassSummary) -> int:
    row = FIRST_PUPIL_ROW
    for pupil in summary.rows:
        values: list[tuple[CellValue, Alignment, str | None]] = [
            (pupil.number, CENTRE, None),
            (pupil.full_name, LEFT, None),
            (pupil.birth_date, CENTRE, "DD/MM/YYYY"),
            (pupil.sex, CENTRE, None),
            *[
                (value, CENTRE, "0.0" if isinstance(value, Decimal) else None)
                for value in pupil.subjects
            ],
            (pupil.learning, CENTRE, None),
            (pupil.conduct, CENTRE, None),
            (pupil.absences, CENTRE, None),
        ]
        if summary.is_year:
            values += [(pupil.award, CENTRE, None), (pupil.decision, CENTRE, None)]
        for column, (value, align, number_format) in enumerate(values, start=1):
            _put(
                sheet,
                row,
                column,
                value,
                align=align,
                border=True,
                number_format=number_format,
            )
        row += 1
    return row


def _footer(sheet: Worksheet, summary: ClassSummary, row: int, width: int) -> None:
    """Counts per level (Tốt, Khá, Đạt, Chưa đạt), the year's decisions and awards, and the
    signatures."""
    total = len(summary.rows)
    row += 1
    _put(sheet, row, 2, "THỐNG KÊ", bold=True, align=LEFT)
    row += 1
    style: dict[str, Any] = {"bold": True, "border": True, "fill": HEADER_FILL}
    _merged(sheet, row, 2, 2, "Mức đánh giá", rows=2, **style)
    _merged(sheet, row, 3, 4, "Kết quả học tập", **style)
    _merged(sheet, row, 5, 6, "Kết quả rèn luyện", **style)
    for column, text in zip((3, 4, 5, 6), ("Số lượng", "Tỉ lệ") * 2, strict=True):
        _put(sheet, row + 1, column, text, **style)
    row += 2
    for count in summary.level_counts:
        _put(sheet, row, 2, count.label, align=LEFT, border=True)
        for column, value in ((3, count.learning), (5, count.conduct)):
            _put(sheet, row, column, value, border=True)
            _put(
                sheet,
                row,
                column + 1,
                value / total if total else 0,
                border=True,
                number_format="0.0%",
            )
        row += 1
    _put(sheet, row, 2, "Tổng số học sinh", bold=True, align=LEFT, border=True)
    for column in (3, 5):
        _put(sheet, row, column, total, bold=True, border=True)
        _put(sheet, row, column + 1, 1 if total else 0, bold=True, border=True, number_format="0%")
    row += 1
    if summary.other_counts:
        row += 1
        for label, value in summary.other_counts:
            _put(sheet, row, 2, label, align=LEFT, border=True)
            _put(sheet, row, 3, value, border=True)
            _put(sheet, row, 4, value / total if total else 0, border=True, number_format="0.0%")
            row += 1
    row += 1
    split = max(4, width // 2)
    _merged(sheet, row, split, width, summary.issued_on)
    row += 1
    _merged(sheet, row, 1, split - 1, "HIỆU TRƯỞNG", bold=True)
    _merged(sheet, row, split, width, "GIÁO VIÊN CHỦ NHIỆM", bold=True)
    row += 1
    _merged(sheet, row, 1, split - 1, "(Kí tên, đóng dấu)", size=9)
    _merged(sheet, row, split, width, "(Kí và ghi rõ họ tên)", size=9)
    row += 5
    _merged(sheet, row, 1, split - 1, summary.principal, bold=True)
    _merged(sheet, row, split, width, summary.homeroom_teacher, bold=True)


def _page_setup(sheet: Worksheet, width: int, n_subjects: int) -> None:
    widths = {1: 5, 2: 26, 3: 11.5, 4: 7}
    for offset in range(n_subjects):
        widths[FIRST_SUBJECT_COLUMN + offset] = 7.5
    after = FIRST_SUBJECT_COLUMN + n_subjects
    for offset, column_width in enumerate((11, 11, 8, 17, 22)):
        widths[after + offset] = column_width
    for column in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = widths[column]
    # Frozen: the title block and the header above, STT and the name on the left.
    sheet.freeze_panes = sheet.cell(row=FIRST_PUPIL_ROW, column=3)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.oddFooter.center.text = "Trang &P / &N"


def class_summary_render(summary: ClassSummary) -> bytes:
    """Lay a class summary out on one worksheet, ready to print (A4 landscape, fit to width)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{summary.class_name} {summary.period}"[:31]
    workbook.properties.title = f"{TITLE} – {summary.class_name} – {summary.period}"
    workbook.properties.creator = "Trường Số"
    width = FIRST_SUBJECT_COLUMN - 1 + len(summary.subjects) + len(_headers(summary))
    _title_block(sheet, summary, width)
    _header_rows(sheet, summary)
    end = _pupil_rows(sheet, summary)
    _footer(sheet, summary, end, width)
    _page_setup(sheet, width, len(summary.subjects))
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def class_summary_xlsx(
    *, school_class: SchoolClass, school_year_or_term: SchoolYear | Term
) -> bytes:
    """The class summary sheet of a term, or of the year when given the school year, as .xlsx
    bytes. The term must belong to the class's school year."""
    term = school_year_or_term if isinstance(school_year_or_term, Term) else None
    if term is not None and term.school_year_id != school_class.school_year_id:
        raise ValueError("the term is not in the class's school year")
    if term is None and school_year_or_term.pk != school_class.school_year_id:
        raise ValueError("the school year is not the class's")
    return class_summary_render(class_summary_build(school_class=school_class, term=term))
