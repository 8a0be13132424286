"""A pupil's report card for a school year as an A4 PDF (fpdf2, DejaVu Sans: full Vietnamese).

`report_card_build` reads the stored results into a ReportCard of printed texts;
`report_card_render` lays it out. Runs inside the current school's schema.
"""

import datetime
from pathlib import Path

from django.db import connection
from django.utils import timezone
from fpdf import FPDF
from fpdf.fonts import FontFace

from core_school.academics.models import SchoolYear
from core_school.assessment.models import YearOutcome
from core_school.people.models import Pupil
from core_school.reports import selectors, wording
from core_school.reports.exceptions import ReportUnavailableError
from core_school.reports.types import PeriodTexts, ReportCard, ReportCardSubjectRow

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
TITLE = "PHIẾU BÁO KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN"
PAGE_MARGIN = 15  # mm
HEADER_FILL = (232, 236, 241)
SIGNATURE_HEIGHT = 36  # mm, from the date line to the signers' names


def _period_texts(values: dict[selectors.Period, str]) -> PeriodTexts:
    return PeriodTexts(term1=values.get(1, ""), term2=values.get(2, ""), year=values.get(None, ""))


def report_card_build(
    *, pupil: Pupil, school_year: SchoolYear, today: datetime.date | None = None
) -> ReportCard:
    """The texts of a pupil's report card: what exists is shown, what does not is blank.

    Raises ReportUnavailableError when the pupil was not enrolled in that school year.
    """
    data = selectors.report_card_get(pupil=pupil, school_year=school_year)
    if data is None:
        raise ReportUnavailableError(pupil=pupil, school_year=school_year)
    results = data.results
    grade = data.school_class.grade
    subject_rows = []
    names = {}
    for number, subject in enumerate(data.subjects, start=1):
        names[subject.code] = subject.name
        by_period = results.subjects.get(subject.pk, {})
        subject_rows.append(
            ReportCardSubjectRow(
                number=number,
                subject=wording.nfc(subject.name),
                results=_period_texts(
                    {
                        period: wording.score(result.average)
                        if subject.is_scored
                        else wording.comment(result.passed)
                        for period, result in by_period.items()
                    }
                ),
            )
        )
    initial = results.initial_outcome
    after = results.after_summer_outcome
    return ReportCard(
        school_name=wording.nfc(connection.tenant.name),
        school_year=data.school_year.name,
        pupil_name=wording.nfc(pupil.full_name),
        birth_date=wording.date(pupil.birth_date),
        sex=wording.sex(pupil.sex),
        class_name=wording.nfc(data.school_class.name),
        subjects=tuple(subject_rows),
        learning=_period_texts({p: wording.level(v) for p, v in results.learning.items()}),
        conduct=_period_texts({p: wording.level(v) for p, v in results.conduct.items()}),
        absences=_period_texts({p: str(n) for p, n in results.absences.items()}),
        decision=wording.decision(initial.decision if initial else None, grade=grade),
        reassessment=wording.nfc(_reassessment_text(initial, results, names)),
        after_summer=wording.decision(after.decision if after else None, grade=grade),
        award=wording.award(initial.award if initial else None),
        issued_on=wording.long_date(today or timezone.localdate()),
        homeroom_teacher=wording.nfc(
            data.school_class.homeroom_teacher.full_name
            if data.school_class.homeroom_teacher
            else ""
        ),
        principal=wording.nfc(data.principal.full_name if data.principal else ""),
    )


def _reassessment_text(
    initial: YearOutcome | None, results: selectors.PupilResults, names: dict[str, str]
) -> str:
    """The subjects to re-assess (kiểm tra lại) and, once entered, their new results."""
    if initial is None or not initial.reassess_subjects:
        return ""
    done = {r.subject.code: r for r in results.reassessments}
    order = {code: index for index, code in enumerate(names)}
    parts = []
    for code in sorted(initial.reassess_subjects, key=lambda c: (order.get(c, len(order)), c)):
        reassessment = done.get(code)
        name = reassessment.subject.name if reassessment else names.get(code, code)
        if reassessment is None:
            parts.append(name)
        elif reassessment.score is not None:
            parts.append(f"{name}: {wording.score(reassessment.score)}")
        else:
            parts.append(f"{name}: {wording.comment(reassessment.passed)}")
    return "; ".join(parts)


class _ReportCardPDF(FPDF):
    """A4 portrait with the DejaVu fonts registered."""

    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(PAGE_MARGIN, 10, PAGE_MARGIN)
        self.set_auto_page_break(auto=True, margin=10)
        self.set_lang("vi")
        self.set_creator("Trường Số")

    def text_line(
        self, text: str, *, size: float = 10, bold: bool = False, align: str = "L", h: float = 5.5
    ) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, h, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def label_value(self, label: str, value: str, *, width: float, h: float = 6.5) -> None:
        """ "Label: value" with the value in bold, in a box of `width` mm."""
        self.set_font(FONT, "", 10.5)
        label_width = self.get_string_width(label + " ") + 1
        self.cell(label_width, h, label + " ")
        self.set_font(FONT, "B", 10.5)
        self.cell(width - label_width, h, value)

    def label_paragraph(self, label: str, value: str, *, h: float = 6) -> None:
        """ "Label: value" on its own line(s), the bold value wrapping under itself."""
        self.set_font(FONT, "", 10.5)
        label_width = self.get_string_width(label + " ") + 1
        self.cell(label_width, h, label + " ")
        self.set_font(FONT, "B", 10.5)
        self.multi_cell(0, h, value, align="L", new_x="LMARGIN", new_y="NEXT")


def _header(pdf: _ReportCardPDF, card: ReportCard) -> None:
    left, right = 78, pdf.epw - 78
    top = pdf.get_y()
    school = card.school_name
    if not school.casefold().startswith("trường"):
        school = f"Trường {school}"
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(left, 5, school.upper(), align="C", new_x="LEFT", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_xy(PAGE_MARGIN + left, top)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(
        right, 5, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT"
    )
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(right, 5, "Độc lập – Tự do – Hạnh phúc", align="C", new_x="LEFT", new_y="NEXT")
    underline_y = pdf.get_y() + 0.5
    centre = PAGE_MARGIN + left + right / 2
    pdf.set_line_width(0.3)
    pdf.line(centre - 24, underline_y, centre + 24, underline_y)
    pdf.line(PAGE_MARGIN + left / 2 - 14, bottom + 0.5, PAGE_MARGIN + left / 2 + 14, bottom + 0.5)
    pdf.set_xy(PAGE_MARGIN, max(bottom, underline_y) + 7)
    pdf.text_line(TITLE, size=14, bold=True, align="C", h=7)
    pdf.text_line(f"Năm học {card.school_year}", size=11, align="C", h=6)
    pdf.ln(4)


def _identity(pdf: _ReportCardPDF, card: ReportCard) -> None:
    half = pdf.epw * 0.62
    pdf.label_value("Họ và tên học sinh:", card.pupil_name, width=half)
    pdf.label_value("Giới tính:", card.sex, width=pdf.epw - half)
    pdf.ln()
    pdf.label_value("Ngày sinh:", card.birth_date, width=half)
    pdf.label_value("Lớp:", card.class_name, width=pdf.epw - half)
    pdf.ln(9)


def _table(
    pdf: _ReportCardPDF,
    headings: tuple[str, ...],
    rows: list[tuple[str, ...]],
    *,
    col_widths: tuple[float, ...],
    text_align: tuple[str, ...],
) -> None:
    pdf.set_font(FONT, "", 10)
    pdf.set_draw_color(90, 90, 90)
    pdf.set_line_width(0.2)
    with pdf.table(
        width=pdf.epw,
        col_widths=col_widths,
        text_align=text_align,
        line_height=4.8,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        padding=(0.5, 1.5),
    ) as table:
        heading = table.row()
        for text in headings:
            heading.cell(text, align="C")
        for values in rows:
            row = table.row()
            for text in values:
                row.cell(text)


def _subjects(pdf: _ReportCardPDF, card: ReportCard) -> None:
    pdf.text_line("1. Kết quả học tập các môn học", size=10.5, bold=True, h=7)
    _table(
        pdf,
        ("STT", "Môn học", "Học kì I", "Học kì II", "Cả năm"),
        [(str(row.number), row.subject, *row.results.as_tuple()) for row in card.subjects],
        col_widths=(11, 82, 29, 29, 29),
        text_align=("CENTER", "LEFT", "CENTER", "CENTER", "CENTER"),
    )
    pdf.set_font(FONT, "", 8.5)
    pdf.multi_cell(
        0,
        4.5,
        "Môn học đánh giá bằng điểm số: điểm trung bình môn học kì (ĐTBmhk) và cả năm "
        "(ĐTBmcn). Môn học đánh giá bằng nhận xét: Đ – Đạt, CĐ – Chưa đạt.",
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)


def _overall(pdf: _ReportCardPDF, card: ReportCard) -> None:
    pdf.text_line("2. Kết quả học tập, rèn luyện và chuyên cần", size=10.5, bold=True, h=7)
    _table(
        pdf,
        ("", "Học kì I", "Học kì II", "Cả năm"),
        [
            ("Kết quả học tập", *card.learning.as_tuple()),
            ("Kết quả rèn luyện", *card.conduct.as_tuple()),
            ("Số buổi nghỉ học", *card.absences.as_tuple()),
        ],
        col_widths=(93, 29, 29, 29),
        text_align=("LEFT", "CENTER", "CENTER", "CENTER"),
    )
    pdf.ln(4)


def _year_end(pdf: _ReportCardPDF, card: ReportCard) -> None:
    pdf.text_line("3. Kết quả cuối năm học", size=10.5, bold=True, h=7)
    lines = [
        ("Kết quả xét lên lớp:", card.decision or "…"),
        ("Danh hiệu:", (card.award or "—") if card.decision else "…"),
    ]
    if card.reassessment:
        lines.insert(1, ("Môn kiểm tra lại:", card.reassessment))
    if card.after_summer:
        lines.insert(2 if card.reassessment else 1, ("Sau kì nghỉ hè:", card.after_summer))
    for label, value in lines:
        pdf.set_x(PAGE_MARGIN + 4)
        pdf.label_paragraph(label, value)
    pdf.ln(4)


def _signatures(pdf: _ReportCardPDF, card: ReportCard) -> None:
    half = pdf.epw / 2
    if pdf.get_y() > pdf.h - pdf.b_margin - SIGNATURE_HEIGHT:
        pdf.add_page()
    pdf.set_x(PAGE_MARGIN + half)
    pdf.set_font(FONT, "", 10)
    pdf.cell(half, 6, card.issued_on, align="C", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y()
    for column, (role, hint, name) in enumerate(
        (
            ("GIÁO VIÊN CHỦ NHIỆM", "(Kí và ghi rõ họ tên)", card.homeroom_teacher),
            ("HIỆU TRƯỞNG", "(Kí tên, đóng dấu)", card.principal),
        )
    ):
        x = PAGE_MARGIN + column * half
        pdf.set_xy(x, top)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(half, 6, role, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT, "", 8.5)
        pdf.cell(half, 5, hint, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_xy(x, top + SIGNATURE_HEIGHT - 12)
        pdf.set_font(FONT, "B", 10.5)
        pdf.cell(half, 6, name, align="C")


def report_card_render(card: ReportCard, *, compress: bool = True) -> bytes:
    """Lay a report card out on one A4 page (portrait)."""
    pdf = _ReportCardPDF()
    pdf.set_compression(compress)
    pdf.set_title(f"{TITLE} – {card.pupil_name} – {card.school_year}")
    pdf.set_subject(card.school_name)
    pdf.add_page()
    _header(pdf, card)
    _identity(pdf, card)
    _subjects(pdf, card)
    _overall(pdf, card)
    _year_end(pdf, card)
    _signatures(pdf, card)
    return bytes(pdf.output())


def report_card_pdf(*, pupil: Pupil, school_year: SchoolYear) -> bytes:
    """The pupil's report card for a school year, as PDF bytes.

    Raises ReportUnavailableError when the pupil was not enrolled in that school year.
    """
    return report_card_render(report_card_build(pupil=pupil, school_year=school_year))
