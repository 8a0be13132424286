"""An invoice as an A4 PDF (fpdf2, DejaVu Sans: full Vietnamese).

The document is in Vietnamese whatever the reader's language, like the report cards: it is a
Vietnamese school's paper. It states that it is not a legal e-invoice.
"""

import unicodedata
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from fpdf import FPDF
from fpdf.fonts import FontFace

from billing_stub.models import GIGABYTE, Invoice
from config.fonts import DEJAVU_SANS, DEJAVU_SANS_BOLD

FONT = "DejaVu"
PAGE_MARGIN = 18  # mm
HEADER_FILL = (232, 236, 241)
TITLE = "PHIẾU BÁO PHÍ DỊCH VỤ"
STATUS_TEXT = {
    Invoice.Status.DRAFT: "Bản nháp (chưa phát hành)",
    Invoice.Status.ISSUED: "Đã phát hành, chờ thanh toán",
    Invoice.Status.PAID: "Đã thanh toán",
    Invoice.Status.VOID: "Đã huỷ",
}
LEGAL_NOTE = (
    "Phiếu này báo phí sử dụng nền tảng Trường Số; không thay thế hoá đơn điện tử theo "
    "Nghị định 123/2020/NĐ-CP."
)


def nfc(text: str) -> str:
    """One code point per accented letter, as the font's glyph table expects."""
    return unicodedata.normalize("NFC", text)


def vnd(amount: int) -> str:
    """1703000 → "1.703.000" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def size_text(size_bytes: int) -> str:
    """Bytes as MB or GB with a decimal comma: "123,4 MB"."""
    if size_bytes >= GIGABYTE:
        return f"{size_bytes / GIGABYTE:.2f} GB".replace(".", ",")
    return f"{size_bytes / 1_000_000:.1f} MB".replace(".", ",")


def line_description(invoice: Invoice, kind: str) -> str:
    plan = invoice.plan
    if kind == Invoice.LINE_PUPILS:
        return "Học sinh đang học trong tháng (đơn giá mỗi học sinh mỗi tháng)"
    if kind == Invoice.LINE_API_CALLS:
        return f"Lượt gọi API vượt mức {vnd(plan.included_api_calls)} lượt của gói (mỗi 1.000 lượt)"
    return f"Dung lượng lưu trữ vượt hạn mức {size_text(plan.storage_quota_bytes)} của gói (mỗi GB)"


class _InvoicePDF(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.add_font(FONT, "", str(DEJAVU_SANS))
        self.add_font(FONT, "B", str(DEJAVU_SANS_BOLD))
        self.set_margins(PAGE_MARGIN, 15, PAGE_MARGIN)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_lang("vi")
        self.set_creator("Trường Số")

    def text_line(
        self, text: str, *, size: float = 10, bold: bool = False, align: str = "L", h: float = 6
    ) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, h, nfc(text), align=align, new_x="LMARGIN", new_y="NEXT")


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as a PDF. Reads nothing beyond the invoice and its plan (select it with
    the invoice): the school's names were copied into the invoice."""
    pdf = _InvoicePDF()
    pdf.set_title(nfc(f"{TITLE} {invoice.number}"))
    pdf.add_page()
    pdf.text_line("TRƯỜNG SỐ — NỀN TẢNG QUẢN LÝ TRƯỜNG HỌC", size=9, bold=True)
    pdf.ln(4)
    pdf.text_line(TITLE, size=15, bold=True, align="C", h=8)
    pdf.text_line(f"Số: {invoice.number}", align="C")
    pdf.text_line(f"Kỳ tính phí: tháng {invoice.month:%m/%Y}", align="C")
    pdf.ln(4)
    pdf.text_line(f"Đơn vị sử dụng: {invoice.school_name}", bold=True)
    pdf.text_line(f"Mã trường: {invoice.school_code}")
    if invoice.authority_name:
        pdf.text_line(f"Đơn vị quản lý: {invoice.authority_name}")
    pdf.text_line(f"Gói dịch vụ: {invoice.plan.name}")
    usage = invoice.usage
    pdf.text_line(
        f"Số liệu sử dụng: {vnd(int(usage.get('active_pupils', 0)))} học sinh, "
        f"{vnd(int(usage.get('staff', 0)))} cán bộ, giáo viên, nhân viên; "
        f"dung lượng {size_text(int(usage.get('storage_bytes', 0)))}; "
        f"{vnd(int(usage.get('api_calls', 0)))} lượt gọi API."
    )
    pdf.ln(3)
    pdf.set_font(FONT, "", 9.5)
    headings = FontFace(emphasis="BOLD", fill_color=HEADER_FILL)
    with pdf.table(
        col_widths=(10, 90, 20, 27, 27),
        text_align=("CENTER", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
        headings_style=headings,
        line_height=6,
    ) as table:
        table.row(["STT", "Nội dung", "Số lượng", "Đơn giá (đ)", "Thành tiền (đ)"])
        for number, line in enumerate(invoice.lines, start=1):
            table.row(
                [
                    str(number),
                    nfc(line_description(invoice, line["kind"])),
                    vnd(line["quantity"]),
                    vnd(line["unit_price"]),
                    vnd(line["amount"]),
                ]
            )
    pdf.ln(3)
    pdf.text_line(f"Cộng tiền dịch vụ: {vnd(invoice.subtotal_vnd)} đ", align="R")
    pdf.text_line(f"Thuế GTGT ({invoice.vat_percent}%): {vnd(invoice.vat_vnd)} đ", align="R")
    pdf.text_line(f"Tổng cộng: {vnd(invoice.total_vnd)} đ", size=12, bold=True, align="R")
    pdf.ln(4)
    pdf.text_line(f"Trạng thái: {STATUS_TEXT[Invoice.Status(invoice.status)]}")
    if invoice.issued_at:
        pdf.text_line(f"Ngày phát hành: {timezone.localtime(invoice.issued_at):%d/%m/%Y}")
    if invoice.paid_at:
        pdf.text_line(
            f"Ngày thanh toán: {timezone.localtime(invoice.paid_at):%d/%m/%Y} — mã giao dịch: "
            f"{invoice.payment_reference}"
        )
        if invoice.payment_reference.startswith("STUB-"):
            pdf.text_line(
                "Thanh toán qua cổng thử nghiệm (stub): không có khoản tiền thật nào được chuyển.",
                size=9,
            )
    if invoice.void_reason:
        pdf.text_line(f"Lý do huỷ: {invoice.void_reason}")
    pdf.ln(6)
    pdf.text_line(LEGAL_NOTE, size=8.5)
    return bytes(pdf.output())


def _ascii_filename(filename: str) -> str:
    """A plain-ASCII fallback for old clients: diacritics dropped, đ → d, spaces → dashes."""
    text = filename.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    safe = "".join(c if c.isascii() and (c.isalnum() or c in ".-_") else "-" for c in text)
    while "--" in safe:
        safe = safe.replace("--", "-")
    return safe.strip("-") or "invoice.pdf"


def invoice_pdf_response(invoice: Invoice) -> HttpResponse:
    """The invoice's PDF, shown in the browser, with its Vietnamese file name (both forms,
    RFC 6266 / RFC 5987) and never cached by proxies. For the page and the operator API."""
    filename = nfc(f"Phiếu báo phí {invoice.number} - {invoice.school_name}.pdf")
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{_ascii_filename(filename)}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )
    response["Cache-Control"] = "private, no-store"
    return response
