"""The fixed Vietnamese wording of printed documents, and download file names."""

import datetime
import unicodedata
from decimal import Decimal

import pytest

from core_school.reports import wording
from core_school.reports.downloads import ascii_filename


@pytest.mark.parametrize(
    ("value", "printed"),
    [(Decimal("7.8"), "7,8"), (Decimal(10), "10,0"), (Decimal("0.5"), "0,5"), (None, "")],
)
def test_score_prints_one_decimal_with_a_decimal_comma(value: Decimal | None, printed: str) -> None:
    assert wording.score(value) == printed


@pytest.mark.parametrize(("value", "printed"), [(True, "Đ"), (False, "CĐ"), (None, "")])
def test_comment_prints_d_or_cd(value: bool | None, printed: str) -> None:
    assert wording.comment(value) == printed


@pytest.mark.parametrize(
    ("decision", "grade", "printed"),
    [
        ("promoted", 6, "Lên lớp"),
        ("promoted", 9, "Hoàn thành chương trình THCS"),
        ("reassess", 7, "Kiểm tra lại"),
        ("summer_training", 8, "Rèn luyện trong hè"),
        ("retained", 6, "Ở lại lớp"),
        ("", 6, ""),
    ],
)
def test_decision_wording(decision: str, grade: int, printed: str) -> None:
    assert wording.decision(decision, grade=grade) == printed


def test_level_wording_is_nfc() -> None:
    labels = [wording.level(code) for code in ("tot", "kha", "dat", "chua_dat")]
    assert labels == ["Tốt", "Khá", "Đạt", "Chưa đạt"]
    assert all(label == unicodedata.normalize("NFC", label) for label in labels)


def test_dates_print_day_month_year() -> None:
    assert wording.date(datetime.date(2014, 3, 5)) == "05/03/2014"
    assert wording.long_date(datetime.date(2026, 6, 5)) == "Ngày 05 tháng 06 năm 2026"


def test_ascii_filename_drops_diacritics_and_keeps_d() -> None:
    name = "Phiếu báo kết quả - Đỗ Văn Nam - 6A1 - 2025-2026.pdf"
    assert ascii_filename(name) == "Phieu-bao-ket-qua-Do-Van-Nam-6A1-2025-2026.pdf"
