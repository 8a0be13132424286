"""Reading one cell: text normalised to NFC, dates, sex, the 54 ethnic groups, phone numbers."""

import datetime
import unicodedata

import pytest

from core_school.dataimport.cells import (
    CellError,
    cell_date,
    cell_ethnicity,
    cell_identifier,
    cell_phone,
    cell_sex,
    cell_text,
    header_key,
    phone_key,
)
from core_school.dataimport.ethnicities import ETHNIC_GROUPS, ethnic_key

EARLY, LATE = datetime.date(1950, 1, 1), datetime.date(2026, 11, 29)


def test_cell_text_is_nfc_trimmed_and_collapsed() -> None:
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Thị\u00a0Ánh ")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    assert cell_text(decomposed) == "Nguyễn Thị Ánh"
    assert cell_text(decomposed) == unicodedata.normalize("NFC", "Nguyễn Thị Ánh")


@pytest.mark.parametrize(
    ("value", "text"),
    [(12.0, "12"), (12.5, "12.5"), (None, ""), (datetime.date(2012, 2, 9), "09/02/2012")],
)
def test_cell_text_of_numbers_and_dates(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/09/2014", datetime.date(2014, 9, 5)),
        ("5/9/2014", datetime.date(2014, 9, 5)),
        (" 05.09.2014 ", datetime.date(2014, 9, 5)),
        ("05-09-2014", datetime.date(2014, 9, 5)),
        ("2014-09-05", datetime.date(2014, 9, 5)),
        (datetime.datetime(2014, 9, 5, 0, 0, tzinfo=datetime.UTC), datetime.date(2014, 9, 5)),
        (datetime.date(2014, 9, 5), datetime.date(2014, 9, 5)),
        ("29/02/2012", datetime.date(2012, 2, 29)),
    ],
)
def test_cell_date_reads_day_first_and_real_dates(value: object, expected: datetime.date) -> None:
    assert cell_date(value, earliest=EARLY, latest=LATE) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2012", "31/02/2012 is not a date."),
        ("29/02/2013", "29/02/2013 is not a date."),
        ("05/13/2014", "05/13/2014 is not a date."),
        ("5/9/14", "5/9/14: write the year with four digits (dd/mm/yyyy)."),
        ("tháng 9", "tháng 9 is not a date: write it as dd/mm/yyyy."),
        ("01/01/2030", "01/01/2030 is outside the expected range (01/01/1950 – 29/11/2026)."),
    ],
)
def test_cell_date_refuses_with_the_reason(value: str, message: str) -> None:
    with pytest.raises(CellError) as caught:
        cell_date(value, earliest=EARLY, latest=LATE)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "sex"),
    [("Nam", "M"), ("NAM", "M"), ("Nữ", "F"), ("nu", "F"), ("Nu", "F"), ("M", "M"), ("F", "F")],
)
def test_cell_sex(value: str, sex: str) -> None:
    assert cell_sex(value) == sex


def test_cell_sex_refuses_anything_else() -> None:
    with pytest.raises(CellError, match=r"x is not a sex: write Nam or Nữ\."):
        cell_sex("x")


def test_the_54_ethnic_groups_have_distinct_keys() -> None:
    assert len(ETHNIC_GROUPS) == 54
    assert len({ethnic_key(name) for name in ETHNIC_GROUPS}) == 54


@pytest.mark.parametrize(
    ("value", "group"),
    [
        ("Kinh", "Kinh"),
        ("kinh", "Kinh"),
        ("Tày", "Tày"),
        ("Tay", "Tày"),
        ("Thái", "Thái"),
        ("Mường", "Mường"),
        ("H'Mông", "Mông"),
        ("Mông", "Mông"),
        ("HMông", "Mông"),
        ("Khơ-me", "Khmer"),
        ("Ê-đê", "Ê Đê"),
        ("Bru - Vân Kiều", "Bru Vân Kiều"),
        (unicodedata.normalize("NFD", "Mường"), "Mường"),
    ],
)
def test_cell_ethnicity_gives_the_official_name(value: str, group: str) -> None:
    assert cell_ethnicity(value) == group


def test_cell_ethnicity_refuses_a_name_of_no_group() -> None:
    with pytest.raises(CellError, match=r"Pháp is not one of the 54 ethnic groups of Viet Nam\."):
        cell_ethnicity("Pháp")


@pytest.mark.parametrize(
    ("value", "phone"),
    [
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        (912345678.0, "0912345678"),  # Excel stored it as a number and dropped the 0
        ("024 3833 1234", "02438331234"),  # a landline
    ],
)
def test_cell_phone_normalises(value: object, phone: str) -> None:
    assert cell_phone(value) == phone


def test_cell_phone_refuses_a_number_of_no_phone() -> None:
    with pytest.raises(CellError, match="12345 is not a Vietnamese phone number"):
        cell_phone("12345")


def test_phone_key_matches_any_writing_of_one_number() -> None:
    assert phone_key("0912 345 678") == phone_key("+84912345678") == "0912345678"
    assert phone_key("không có") == ""


def test_cell_identifier_keeps_digits_of_a_number_cell() -> None:
    assert cell_identifier(123456789012.0) == "123456789012"
    with pytest.raises(CellError):
        cell_identifier("0123-456")


def test_header_key_ignores_accents_case_spaces_and_punctuation() -> None:
    assert header_key("NGÀY  SINH") == header_key("Ngay sinh") == header_key("Ngày sinh")
    assert header_key("SĐT cha") == header_key("SDT  Cha") == "sdtcha"
