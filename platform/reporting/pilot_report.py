"""The pilot evaluation report (Báo cáo đánh giá thí điểm) as an A4 PDF (fpdf2, DejaVu Sans
embedded: full Vietnamese, no network).

For the period of the pilot pages: the cohorts compared, then each school shown one by one,
each KPI's baseline (its first BASELINE_WEEKS weeks with data in the period) vs now (its last
ones) and the change, system health the same way, the onboarding milestones; the period, the
generation time, the schools included, and page numbers. In Vietnamese whatever the reader's
language: it is the evaluation's paper, like the report cards.
"""

import datetime
import unicodedata

from django.utils import timezone
from fpdf import FPDF

from config.fonts import DEJAVU_SANS, DEJAVU_SANS_BOLD
from config.pilot import (
    ACTIVE_GUARDIANS,
    ACTIVE_STAFF,
    ATTENDANCE_ON_TIME,
    DATA_QUALITY,
    MARKS_COMPLETE,
    MARKS_ON_TIME,
)
from reporting.health import Health
from reporting.pilot_board import BASELINE_WEEKS, Change, HealthChange, PilotBoard, Unit

FONT = "DejaVu"
PAGE_MARGIN = 15  # mm
HEADER_FILL = (232, 236, 241)
TITLE = "BÁO CÁO ĐÁNH GIÁ THÍ ĐIỂM"
METRIC_NAMES = {
    ACTIVE_STAFF: "Cán bộ, giáo viên dùng hệ thống trong tuần (%)",
    ACTIVE_GUARDIANS: "Phụ huynh dùng hệ thống trong tuần (%)",
    ATTENDANCE_ON_TIME: "Điểm danh xong trước 09:00 (%)",
    MARKS_ON_TIME: "Nhập điểm đúng hạn (%)",
    MARKS_COMPLETE: "Điểm đã nhập đủ (%)",
    DATA_QUALITY: "Chất lượng dữ liệu (%)",
}
P95_NAME = "Thời gian phản hồi p95 (ms)"
ERROR_NAME = "Tỉ lệ lỗi máy chủ (%)"
COHORT_NAMES = {"pilot": "Nhóm thí điểm", "comparison": "Nhóm đối chứng"}
STEP_NAMES = {
    "admin_invited": "Mời quản trị viên",
    "staff_imported": "Nhập danh sách cán bộ",
    "pupils_imported": "Nhập lớp và học sinh",
    "timetable": "Nhập thời khoá biểu",
    "first_marks": "Nhập điểm đầu tiên",
    "guardians_invited": "Mời phụ huynh",
    "live": "Chính thức vận hành",
}
NO_DATA = "—"


def nfc(text: str) -> str:
    """One code point per accented letter, as the font's glyph table expects."""
    return unicodedata.normalize("NFC", text)


def number(value: float | None, digits: int = 1) -> str:
    """85.25 → "85,3" (decimal comma); None → "—"."""
    if value is None:
        return NO_DATA
    return f"{value:.{digits}f}".replace(".", ",")


def signed(value: float | None, digits: int = 1) -> str:
    if value is None:
        return NO_DATA
    return ("+" if value > 0 else "") + number(value, digits)


def day_text(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def moment_text(moment: datetime.datetime | None) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}" if moment else NO_DATA


def kpi_cells(change: Change) -> list[str]:
    """Baseline, now, change (percentage points) and weeks with data of one KPI."""
    return [
        number(change.baseline.percent),
        number(change.now.percent),
        signed(change.change),
        str(change.weeks),
    ]


def _health_value(health: Health | None, attribute: str) -> float | None:
    return getattr(health, attribute) if health is not None else None


def health_cells(change: HealthChange, attribute: str) -> list[str]:
    """Baseline, now, change and weeks measured of p95_ms or error_rate."""
    before = _health_value(change.baseline, attribute)
    after = _health_value(change.now, attribute)
    digits = 0 if attribute == "p95_ms" else 2
    delta = after - before if before is not None and after is not None else None
    return [number(before, digits), number(after, digits), signed(delta, digits), str(change.weeks)]


def unit_rows(unit: Unit, metrics: list[str]) -> list[list[str]]:
    """The report's table for one school or cohort: a line per KPI, then health."""
    rows = [[METRIC_NAMES.get(m, m), *kpi_cells(unit.change(m))] for m in metrics]
    rows.append([P95_NAME, *health_cells(unit.health_change, "p95_ms")])
    rows.append([ERROR_NAME, *health_cells(unit.health_change, "error_rate")])
    return rows


class _ReportPDF(FPDF):
    def __init__(self, *, generated: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.generated = generated
        self.add_font(FONT, "", str(DEJAVU_SANS))
        self.add_font(FONT, "B", str(DEJAVU_SANS_BOLD))
        self.set_margins(PAGE_MARGIN, 15, PAGE_MARGIN)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_lang("vi")
        self.set_creator("Trường Số")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, nfc(f"{TITLE} — lập lúc {self.generated}"), align="L")
        self.set_x(PAGE_MARGIN)
        self.cell(0, 5, nfc(f"Trang {self.page_no()}/{{nb}}"), align="R")

    def text_line(
        self, text: str, *, size: float = 10, bold: bool = False, align: str = "L", h: float = 5.5
    ) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        text = nfc(text)
        # multi_cell measures character by character: keep it for lines that need wrapping.
        if self.get_string_width(text) < self.epw:
            self.cell(0, h, text, align=align, new_x="LMARGIN", new_y="NEXT")
        else:
            self.multi_cell(0, h, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def pairs(self, pairs: list[tuple[str, str]], *, size: float = 8.5, h: float = 4.6) -> None:
        """Short "label: value" items, two a line."""
        self.set_font(FONT, "", size)
        half = self.epw / 2
        for index, (label, value) in enumerate(pairs):
            last = index % 2 == 1 or index == len(pairs) - 1
            self.cell(
                half,
                h,
                nfc(f"{label}: {value}"),
                new_x="LMARGIN" if last else "RIGHT",
                new_y="NEXT" if last else "TOP",
            )

    def rows_table(self, headings: list[str], rows: list[list[str]]) -> None:
        """A table of one-line cells: fpdf2's `table()` measures and wraps every cell, which
        makes a report of hundreds of schools take many seconds; these lines never wrap."""
        height = 5.2
        if self.will_page_break(height * (len(rows) + 1)):
            self.add_page()
        self.set_font(FONT, "B", 8.5)
        self.set_fill_color(*HEADER_FILL)
        for width, heading, align in zip(COLUMN_WIDTHS, headings, COLUMN_ALIGN, strict=True):
            self.cell(width, height, nfc(heading), border=1, align=align, fill=True)
        self.ln(height)
        self.set_font(FONT, "", 8.5)
        for row in rows:
            for width, text, align in zip(COLUMN_WIDTHS, row, COLUMN_ALIGN, strict=True):
                self.cell(width, height, nfc(text), border=1, align=align)
            self.ln(height)
        self.ln(2)


COLUMN_WIDTHS = (88, 23, 23, 23, 23)
COLUMN_ALIGN = ("L", "R", "R", "R", "R")


HEADINGS = ["Chỉ số", "Ban đầu", "Hiện nay", "Thay đổi", "Số tuần"]


def _unit_section(pdf: _ReportPDF, unit: Unit, board: PilotBoard, title: str) -> None:
    pdf.text_line(title, size=11, bold=True, h=7)
    if not unit.is_cohort and unit.authority:
        pdf.text_line(f"Đơn vị quản lý: {unit.authority}", size=9)
    pdf.text_line(
        f"Số liệu tính lúc: {moment_text(unit.computed_at)}; sức khỏe hệ thống đo đến ngày: "
        f"{day_text(unit.measured_until) if unit.measured_until else NO_DATA}",
        size=9,
    )
    pdf.rows_table(HEADINGS, unit_rows(unit, list(board.metrics)))
    if unit.milestones:
        pdf.text_line("Các mốc triển khai", size=9, bold=True)
        pdf.pairs(
            [
                (
                    STEP_NAMES.get(m.code, m.label),
                    f"{timezone.localtime(m.reached_at):%d/%m/%Y}" if m.reached_at else "chưa đạt",
                )
                for m in unit.milestones
            ]
        )
    pdf.ln(3)


def pilot_report_pdf(board: PilotBoard, *, now: datetime.datetime | None = None) -> bytes:
    """The report of the board's period and schools, as PDF bytes."""
    generated = moment_text(now or timezone.now())
    pdf = _ReportPDF(generated=generated)
    period = board.period
    pdf.set_title(nfc(f"{TITLE} {day_text(period.start)} – {day_text(period.end)}"))
    pdf.add_page()
    pdf.text_line("TRƯỜNG SỐ — NỀN TẢNG QUẢN LÝ TRƯỜNG HỌC", size=9, bold=True)
    pdf.ln(3)
    pdf.text_line(TITLE, size=15, bold=True, align="C", h=8)
    pdf.text_line(f"Kỳ đánh giá: từ {day_text(period.start)} đến {day_text(period.end)}", align="C")
    pdf.text_line(f"Thời điểm lập báo cáo: {generated}", align="C")
    pdf.ln(3)
    pdf.text_line(
        f"Ban đầu: {BASELINE_WEEKS} tuần đầu tiên có số liệu trong kỳ; hiện nay: "
        f"{BASELINE_WEEKS} tuần cuối cùng có số liệu. Tỉ lệ của một nhóm là tổng tử số chia "
        "tổng mẫu số của các trường trong nhóm. Thay đổi tính bằng điểm phần trăm (với thời "
        "gian phản hồi: mili giây). Chỉ có số đếm, không có thông tin cá nhân.",
        size=9,
    )
    pdf.ln(2)
    pdf.text_line("Các trường trong báo cáo", size=11, bold=True, h=7)
    for cohort in board.cohorts:
        names = ", ".join(cohort.members) or "không có trường nào"
        pdf.text_line(
            f"{COHORT_NAMES[cohort.cohort]} ({len(cohort.members)} trường): {names}.", size=9
        )
    pdf.ln(3)
    pdf.text_line("1. So sánh nhóm thí điểm và nhóm đối chứng", size=13, bold=True, h=8)
    for cohort in board.cohorts:
        _unit_section(pdf, cohort, board, COHORT_NAMES[cohort.cohort])
    pdf.text_line("2. Từng trường thí điểm", size=13, bold=True, h=8)
    if not board.pilot:
        pdf.text_line("Không có trường thí điểm nào trong phạm vi của người xem.", size=9)
    for unit in board.pilot:
        _unit_section(pdf, unit, board, f"{unit.name} ({unit.code})")
    if board.comparison:
        pdf.text_line("3. Từng trường đối chứng", size=13, bold=True, h=8)
        for unit in board.comparison:
            _unit_section(pdf, unit, board, f"{unit.name} ({unit.code})")
    return bytes(pdf.output())


def file_name(board: PilotBoard) -> str:
    period = board.period
    return f"bao-cao-danh-gia-thi-diem-{period.start:%Y%m%d}-{period.end:%Y%m%d}.pdf"
