"""Reading one cell of a school's list: text, dates, sex, phone numbers, e-mail addresses.

Pure functions. Text is normalised to Unicode NFC with its white space trimmed and collapsed,
so a file saved in decomposed form (NFD, as some Mac and web tools write) matches the names
already in the school. A value that cannot be read raises CellError with a translated reason
("31/02/2012 is not a date"); the caller adds the row and the column.
"""

import datetime
import re
import unicodedata
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from config import sms
from core_school.dataimport.ethnicities import ethnic_group, ethnic_key


class CellError(ValueError):
    """A cell's value cannot be read; the message says why (translated)."""


_SPACES = re.compile(r"\s+")


def cell_text(value: object) -> str:
    """The text of a cell as the user sees it: NFC, trimmed, inner white space collapsed.

    Numbers that are whole (Excel stores 12 as 12.0) lose their ".0"; dates are written
    dd/mm/yyyy; empty cells give "".
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = unicodedata.normalize("NFC", str(value)).replace("\u200b", "").replace("\ufeff", "")
    return _SPACES.sub(" ", text).strip()


def name_key(text: str) -> str:
    """The key two spellings of one person's name share: NFC, case-folded, single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def header_key(text: str) -> str:
    """The key of a column header: no accents (đ → d), no case, no spaces or punctuation.

    "Ngày  sinh", "NGÀY SINH" and "Ngay sinh" give the same key; so do "SĐT cha" and "SDT cha".
    """
    return ethnic_key(text)


_DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def cell_date(value: object, *, earliest: datetime.date, latest: datetime.date) -> datetime.date:
    """A date from a real Excel date cell, or from text dd/mm/yyyy, d/m/yyyy (also with dots or
    dashes) or yyyy-mm-dd. Raises CellError for anything else, an impossible date
    (31/02/2012) or a date outside [earliest, latest]."""
    if isinstance(value, datetime.datetime):
        found = value.date()
    elif isinstance(value, datetime.date):
        found = value
    else:
        text = cell_text(value)
        day_first = _DATE.fullmatch(text)
        iso = _ISO_DATE.fullmatch(text)
        if day_first:
            day, month, year = (int(part) for part in day_first.groups())
            if len(day_first.group(3)) != 4:
                raise CellError(
                    _("%(value)s: write the year with four digits (dd/mm/yyyy).") % {"value": text}
                )
        elif iso:
            year, month, day = (int(part) for part in iso.groups())
        else:
            raise CellError(
                _("%(value)s is not a date: write it as dd/mm/yyyy.") % {"value": text or "…"}
            )
        try:
            found = datetime.date(year, month, day)
        except ValueError:
            raise CellError(_("%(value)s is not a date.") % {"value": text}) from None
    if not earliest <= found <= latest:
        raise CellError(
            _("%(value)s is outside the expected range (%(earliest)s – %(latest)s).")
            % {
                "value": found.strftime("%d/%m/%Y"),
                "earliest": earliest.strftime("%d/%m/%Y"),
                "latest": latest.strftime("%d/%m/%Y"),
            }
        )
    return found


_MALE = {"nam", "m", "male", "trai"}
_FEMALE = {"nu", "f", "female", "gai"}


def cell_sex(value: object) -> str:
    """ "M" or "F" from Nam / Nữ (also Nam / Nu, M / F, male / female). Raises CellError."""
    text = cell_text(value)
    key = header_key(text)
    if key in _MALE:
        return "M"
    if key in _FEMALE:
        return "F"
    raise CellError(_("%(value)s is not a sex: write Nam or Nữ.") % {"value": text or "…"})


def cell_ethnicity(value: object) -> str:
    """The official name of one of the 54 ethnic groups (Kinh, Tày, H'Mông → Mông, …)."""
    text = cell_text(value)
    group = ethnic_group(text)
    if group is None:
        raise CellError(
            _("%(value)s is not one of the 54 ethnic groups of Viet Nam.") % {"value": text}
        )
    return group


_LANDLINE = re.compile(r"02\d{9}")


def cell_phone(value: object) -> str:
    """A Vietnamese phone number written the usual way: 0912345678 (mobile) or 02438331234
    (landline, area code 02x).

    Accepts spaces, dots, dashes, brackets, +84 / 84, and a mobile number Excel stored as a
    figure (its leading 0 lost: 912345678). Raises CellError for anything else.
    """
    text = cell_text(value)
    digits = re.sub(r"[\s.\-()]", "", text)
    if re.fullmatch(r"[35789]\d{8}", digits):
        digits = "0" + digits
    if digits.startswith("+84") and _LANDLINE.fullmatch("0" + digits[3:]):
        digits = "0" + digits[3:]
    if _LANDLINE.fullmatch(digits):
        return digits
    try:
        e164 = sms.normalise_phone(digits)
    except ValueError:
        raise CellError(
            _("%(value)s is not a Vietnamese phone number: write it as 0912345678.")
            % {"value": text}
        ) from None
    return "0" + e164.removeprefix("+84")


@lru_cache(maxsize=16384)
def phone_key(phone: str) -> str:
    """The comparison key of a phone number however it was written (0912 345 678 and
    +84912345678 are one number), or "" when it is no Vietnamese number."""
    try:
        return cell_phone(phone) if phone else ""
    except CellError:
        return ""


def cell_email(value: object) -> str:
    """An e-mail address, trimmed. Raises CellError when it is not one."""
    text = cell_text(value)
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("%(value)s is not an e-mail address.") % {"value": text}) from None
    return text


_IDENTIFIER = re.compile(r"[0-9A-Za-z]{1,20}")


def cell_identifier(value: object) -> str:
    """A national pupil identifier or a staff code: 1–20 letters and digits, no spaces."""
    text = cell_text(value).replace(" ", "")
    if not _IDENTIFIER.fullmatch(text):
        raise CellError(
            _("%(value)s is not an identifier: use at most 20 letters and digits.")
            % {"value": cell_text(value)}
        )
    return text
