"""What the printed reports show, as plain text values: the PDF and the spreadsheet only lay
these out, so tests read the content here without parsing the files."""

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PeriodTexts:
    """One line of a report card across the year: Học kì I, Học kì II, Cả năm."""

    term1: str = ""
    term2: str = ""
    year: str = ""

    def as_tuple(self) -> tuple[str, str, str]:
        return (self.term1, self.term2, self.year)


@dataclass(frozen=True)
class ReportCardSubjectRow:
    """A subject line: ĐTBmhk I, ĐTBmhk II and ĐTBmcn ("7,8"), or Đ / CĐ; blank if none yet."""

    number: int
    subject: str
    results: PeriodTexts


@dataclass(frozen=True)
class ReportCard:
    """A pupil's report card (phiếu báo kết quả học tập và rèn luyện) for one school year."""

    school_name: str
    school_year: str
    pupil_name: str
    birth_date: str  # dd/mm/yyyy
    sex: str
    class_name: str
    subjects: tuple[ReportCardSubjectRow, ...]
    learning: PeriodTexts
    conduct: PeriodTexts
    absences: PeriodTexts
    decision: str  # the end-of-year decision (Lên lớp, Kiểm tra lại, ...), blank before it
    reassessment: str  # the subjects re-assessed in the summer and their results
    after_summer: str  # the decision after the summer, if the pupil had one
    award: str  # Học sinh Xuất sắc / Học sinh Giỏi, or blank
    issued_on: str  # "Ngày 05 tháng 06 năm 2026"
    homeroom_teacher: str
    principal: str


# A spreadsheet cell value: text, a number (Decimal average, int count), a date, or empty.
CellValue = str | Decimal | int | datetime.date | None


@dataclass(frozen=True)
class ClassSummaryRow:
    number: int
    pupil_id: int
    full_name: str
    birth_date: datetime.date
    sex: str
    # One value per subject, in the summary's subject order: an average, "Đ" / "CĐ", or None.
    subjects: tuple[Decimal | str | None, ...]
    learning: str
    conduct: str
    absences: int | None
    award: str  # year sheet only
    decision: str  # year sheet only


@dataclass(frozen=True)
class LevelCount:
    label: str
    learning: int
    conduct: int


@dataclass(frozen=True)
class ClassSummary:
    """The class summary sheet (bảng tổng hợp kết quả học tập và rèn luyện) of a period."""

    school_name: str
    class_name: str
    school_year: str
    period: str  # Học kì I / Học kì II / Cả năm
    is_year: bool
    homeroom_teacher: str
    principal: str
    subjects: tuple[str, ...]  # short names, column headers
    subject_titles: tuple[str, ...]  # full names
    rows: tuple[ClassSummaryRow, ...]
    level_counts: tuple[LevelCount, ...]  # Tốt, Khá, Đạt, Chưa đạt, then "no result yet"
    other_counts: tuple[tuple[str, int], ...]  # year: decisions and awards
    issued_on: str
