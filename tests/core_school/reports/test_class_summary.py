"""The class summary workbook: reopened with openpyxl, checked against the stored results."""

import datetime
import unicodedata
from collections import Counter
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from core_school.academics.models import SchoolClass, SchoolYear, Subject, Term
from core_school.assessment.models import LearningResult, SubjectResult
from core_school.people.models import Pupil
from core_school.people.names import name_sort_key
from core_school.reports.class_summary import class_summary_xlsx
from tenants.models import School

LEVELS = {"tot": "Tốt", "kha": "Khá", "dat": "Đạt", "chua_dat": "Chưa đạt"}
FIXED_COLUMNS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính"]


def _sheet(content: bytes) -> Worksheet:
    return load_workbook(BytesIO(content)).active  # type: ignore[return-value]


def _header_row(sheet: Worksheet) -> int:
    return next(row[0].row for row in sheet.iter_rows(max_col=1) if row[0].value == "STT")


def _pupil_rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    """The pupils' rows: from under the two header rows to the first row without a number."""
    rows = []
    for row in sheet.iter_rows(min_row=_header_row(sheet) + 2, values_only=True):
        if not isinstance(row[0], int):
            break
        rows.append(row)
    return rows


def _headers(sheet: Worksheet) -> list[str]:
    """The column headers: the first header row, with subject names from the row under it."""
    top = _header_row(sheet)
    first = [cell.value for cell in sheet[top]]
    second = [cell.value for cell in sheet[top + 1]]
    return [b if b is not None else a for a, b in zip(first, second, strict=True)]


def _footer_count(sheet: Worksheet, label: str) -> tuple[object, object]:
    """The (learning, conduct) counts of a level in the statistics block."""
    start = _header_row(sheet) + 2 + len(_pupil_rows(sheet))
    for row in sheet.iter_rows(min_row=start, values_only=True):
        if row[1] == label:
            return row[2], row[4]
    raise AssertionError(label)


def _term(school_year: SchoolYear, number: int) -> Term:
    return Term.objects.get(school_year=school_year, number=number)


def test_class_summary_xlsx_has_the_year_header(
    in_school_a: School, child_class: SchoolClass
) -> None:
    # when
    sheet = _sheet(
        class_summary_xlsx(school_class=child_class, school_year_or_term=child_class.school_year)
    )
    # then
    assert _headers(sheet) == [
        *FIXED_COLUMNS,
        *Subject.objects.order_by("order", "code").values_list("short_name", flat=True),
        "Kết quả học tập",
        "Kết quả rèn luyện",
        "Số buổi nghỉ",
        "Danh hiệu",
        "Kết quả",
    ]
    titles = [sheet.cell(row=r, column=1).value for r in range(1, _header_row(sheet))]
    assert "BẢNG TỔNG HỢP KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN" in titles
    assert f"Lớp {child_class.name} – Cả năm – Năm học {child_class.school_year.name}" in titles
    assert f"Giáo viên chủ nhiệm: {child_class.homeroom_teacher.full_name}" in titles  # type: ignore[union-attr]
    assert sheet["A1"].value == "TRƯỜNG THCS CẦU GIẤY"


def test_class_summary_xlsx_of_a_term_has_no_year_columns(
    in_school_a: School, child_class: SchoolClass
) -> None:
    term = _term(child_class.school_year, 1)
    sheet = _sheet(class_summary_xlsx(school_class=child_class, school_year_or_term=term))
    assert _headers(sheet)[-3:] == ["Kết quả học tập", "Kết quả rèn luyện", "Số buổi nghỉ"]
    assert any(
        sheet.cell(row=r, column=1).value == f"Lớp {child_class.name} – Học kì I – Năm học "
        f"{child_class.school_year.name}"
        for r in range(1, 8)
    )


def test_class_summary_xlsx_lists_pupils_in_vietnamese_class_order(
    in_school_a: School, full_class: SchoolClass
) -> None:
    # given
    enrolled = list(full_class.enrolments.values_list("pupil__full_name", flat=True))
    # when
    rows = _pupil_rows(
        _sheet(
            class_summary_xlsx(school_class=full_class, school_year_or_term=full_class.school_year)
        )
    )
    # then
    names = [row[1] for row in rows]
    assert len(names) == 45
    assert names == sorted(enrolled, key=name_sort_key)
    assert [row[0] for row in rows] == list(range(1, 46))


def test_class_summary_xlsx_writes_birth_dates_as_dates_shown_dd_mm_yyyy(
    in_school_a: School, child_class: SchoolClass, child: Pupil
) -> None:
    sheet = _sheet(
        class_summary_xlsx(school_class=child_class, school_year_or_term=child_class.school_year)
    )
    first = _header_row(sheet) + 2
    row = next(r for r in range(first, first + 46) if sheet.cell(r, 2).value == child.full_name)
    cell = sheet.cell(row, 3)
    assert cell.value == datetime.datetime.combine(child.birth_date, datetime.time())
    assert cell.number_format == "DD/MM/YYYY"


@pytest.mark.parametrize("period", [None, 1, 2], ids=["year", "term1", "term2"])
def test_class_summary_xlsx_averages_equal_the_stored_results(
    in_school_a: School, full_class: SchoolClass, period: int | None
) -> None:
    # given: the stored ĐTBmhk / ĐTBmcn (or Đ / CĐ) of each pupil, in class-list order
    year = full_class.school_year
    term = _term(year, period) if period else None
    subjects = list(Subject.objects.order_by("order", "code"))
    stored: dict[int, dict[int, object]] = {}
    for result in SubjectResult.objects.filter(
        pupil__enrolments__school_class=full_class, school_year=year, term=term
    ):
        value = result.average if result.average is not None else ("Đ" if result.passed else "CĐ")
        stored.setdefault(result.pupil_id, {})[result.subject_id] = value
    pupils = sorted(
        full_class.enrolments.values_list("pupil__full_name", "pupil_id"),
        key=lambda pupil: (name_sort_key(pupil[0]), pupil[1]),
    )
    expected = [
        (name, *[stored[pupil_id][subject.pk] for subject in subjects]) for name, pupil_id in pupils
    ]
    # when
    sheet = _sheet(class_summary_xlsx(school_class=full_class, school_year_or_term=term or year))
    # then
    first = len(FIXED_COLUMNS)
    shown = [
        (
            row[1],
            *[
                Decimal(str(v)) if isinstance(v, float | int) else v
                for v in row[first : first + len(subjects)]
            ],
        )
        for row in _pupil_rows(sheet)
    ]
    assert shown == expected
    assert len(shown) == 45


def test_class_summary_xlsx_counts_pupils_per_level(
    in_school_a: School, full_class: SchoolClass
) -> None:
    # given
    stored = Counter(
        LearningResult.objects.filter(
            pupil__enrolments__school_class=full_class,
            school_year=full_class.school_year,
            term__isnull=True,
        ).values_list("level", flat=True)
    )
    # when
    sheet = _sheet(
        class_summary_xlsx(school_class=full_class, school_year_or_term=full_class.school_year)
    )
    # then
    learning_column = _headers(sheet).index("Kết quả học tập")
    shown = Counter(row[learning_column] for row in _pupil_rows(sheet))
    for code, label in LEVELS.items():
        assert shown[label] == stored[code]
        assert _footer_count(sheet, label)[0] == stored[code]
    assert _footer_count(sheet, "Tổng số học sinh") == (45, 45)


def test_class_summary_xlsx_is_set_up_to_print(
    in_school_a: School, child_class: SchoolClass
) -> None:
    # when
    sheet = _sheet(
        class_summary_xlsx(school_class=child_class, school_year_or_term=child_class.school_year)
    )
    # then
    top = _header_row(sheet)
    assert sheet.freeze_panes == f"C{top + 2}"  # after the name column, under the header
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert f"A{top}:A{top + 1}" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.cell(top, 1).font.b
    assert sheet.cell(top + 2, 1).border.left.style == "thin"
    assert sheet.column_dimensions["B"].width >= 20


def test_class_summary_xlsx_text_is_nfc(in_school_a: School, child_class: SchoolClass) -> None:
    sheet = _sheet(
        class_summary_xlsx(school_class=child_class, school_year_or_term=child_class.school_year)
    )
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts
    assert all(text == unicodedata.normalize("NFC", text) for text in texts)


def test_class_summary_xlsx_for_45_pupils_runs_a_fixed_number_of_queries(
    in_school_a: School, full_class: SchoolClass, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(9):  # type: ignore[operator]
        class_summary_xlsx(school_class=full_class, school_year_or_term=full_class.school_year)


def test_class_summary_xlsx_queries_do_not_grow_with_the_class(
    in_school_a: School, full_class: SchoolClass, small_class: SchoolClass
) -> None:
    # given
    assert small_class.enrolments.count() < full_class.enrolments.count()
    # when
    with CaptureQueriesContext(connection) as small:
        class_summary_xlsx(school_class=small_class, school_year_or_term=small_class.school_year)
    with CaptureQueriesContext(connection) as full:
        class_summary_xlsx(school_class=full_class, school_year_or_term=full_class.school_year)
    # then
    assert len(small.captured_queries) == len(full.captured_queries)


def test_class_summary_xlsx_refuses_a_term_of_another_year(
    in_school_a: School, child_class: SchoolClass, current_year: SchoolYear
) -> None:
    with pytest.raises(ValueError, match="school year"):
        class_summary_xlsx(school_class=child_class, school_year_or_term=_term(current_year, 1))
