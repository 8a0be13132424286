"""The invoice as a PDF: A4, DejaVu embedded, Vietnamese text that reads back exactly."""

import re
import unicodedata

from billing_stub.models import Invoice
from billing_stub.pdf import invoice_pdf
from config.fonts import DEJAVU_SANS, DEJAVU_SANS_BOLD
from tests.core_school.reports.pdf_text import pdf_text


def test_the_shared_font_files_exist() -> None:
    assert DEJAVU_SANS.is_file()
    assert DEJAVU_SANS_BOLD.is_file()


def test_invoice_pdf_is_an_a4_page_with_dejavu_embedded(standard_invoice: Invoice) -> None:
    pdf = invoice_pdf(standard_invoice)
    assert pdf.startswith(b"%PDF-")
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf
    assert b"/Count 1" in pdf
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVuSans", pdf)
    assert b"/FontFile2" in pdf


def test_invoice_pdf_text_reads_back_in_vietnamese(standard_invoice: Invoice) -> None:
    # when
    text = "\n".join(pdf_text(invoice_pdf(standard_invoice)))
    # then
    assert "PHIẾU BÁO PHÍ DỊCH VỤ" in text
    assert f"Số: {standard_invoice.number}" in text
    assert "Đơn vị sử dụng: THCS Cầu Giấy" in text
    assert "Đơn vị quản lý: UBND phường Cầu Giấy" in text
    assert "Gói dịch vụ: Tiêu chuẩn" in text
    assert "Học sinh đang học trong tháng" in text
    assert "1.703" in text
    assert "5.109.000" in text
    assert "Tổng cộng: 5.109.000 đ" in text
    assert "Bản nháp (chưa phát hành)" in text
    assert "Nghị định 123/2020/NĐ-CP" in text
    assert unicodedata.is_normalized("NFC", text)
    assert "\ufffd" not in text


def test_invoice_pdf_of_a_stub_payment_says_no_money_moved(standard_invoice: Invoice) -> None:
    # given
    standard_invoice.status = Invoice.Status.PAID
    standard_invoice.payment_reference = "STUB-TS-2026-10-0001-ABCD1234"
    standard_invoice.paid_at = standard_invoice.created_at
    # when
    text = "\n".join(pdf_text(invoice_pdf(standard_invoice)))
    # then
    assert "Đã thanh toán" in text
    assert "STUB-TS-2026-10-0001-ABCD1234" in text
    assert "không có khoản tiền thật nào được chuyển" in text
