"""How results read on printed school documents: fixed Vietnamese wording, NFC text.

Report cards and summary sheets are official Vietnamese school documents (TT22 vocabulary,
DOMAIN.md), so they print the same words whatever language the screen is in: these labels
are deliberately not translated.
"""

import datetime
import unicodedata
from decimal import Decimal

from core_school.assessment.models import Level, YearOutcome
from core_school.people.models import Sex

TERM_LABELS = {1: "Học kì I", 2: "Học kì II", None: "Cả năm"}
TERM_SHORT = {1: "HK I", 2: "HK II", None: "Cả năm"}

LEVELS: dict[str, str] = {
    Level.TOT: "Tốt",
    Level.KHA: "Khá",
    Level.DAT: "Đạt",
    Level.CHUA_DAT: "Chưa đạt",
}

DECISIONS: dict[str, str] = {
    YearOutcome.Decision.PROMOTED: "Lên lớp",
    YearOutcome.Decision.REASSESS: "Kiểm tra lại",
    YearOutcome.Decision.SUMMER_TRAINING: "Rèn luyện trong hè",
    YearOutcome.Decision.RETAINED: "Ở lại lớp",
    YearOutcome.Decision.MANUAL: "Hiệu trưởng quyết định",
}
# TT22 Art. 12 cl. 1: a grade 9 pupil who meets the promotion conditions completes the programme.
COMPLETED_PROGRAMME = "Hoàn thành chương trình THCS"
LAST_GRADE = 9

AWARDS: dict[str, str] = {
    YearOutcome.Award.XUAT_SAC: "Học sinh Xuất sắc",
    YearOutcome.Award.GIOI: "Học sinh Giỏi",
}

SEXES: dict[str, str] = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}


def nfc(text: str) -> str:
    """The text in Unicode NFC: one code point per accented letter, as fonts and Excel expect."""
    return unicodedata.normalize("NFC", text)


def level(value: str | None) -> str:
    return LEVELS.get(value, "") if value else ""


def decision(value: str | None, *, grade: int) -> str:
    if not value:
        return ""
    if value == YearOutcome.Decision.PROMOTED and grade == LAST_GRADE:
        return COMPLETED_PROGRAMME
    return DECISIONS.get(value, "")


def award(value: str | None) -> str:
    return AWARDS.get(value, "") if value else ""


def sex(value: str) -> str:
    return SEXES.get(value, "")


def score(value: Decimal | None) -> str:
    """A score or average as printed in Vietnam: one decimal, decimal comma ("7,8")."""
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def comment(value: bool | None) -> str:
    """A comment-only result: Đ (Đạt) or CĐ (Chưa đạt)."""
    if value is None:
        return ""
    return "Đ" if value else "CĐ"


def date(value: datetime.date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


def long_date(value: datetime.date) -> str:
    """The date line of a signed document: "Ngày 05 tháng 06 năm 2026"."""
    return f"Ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
