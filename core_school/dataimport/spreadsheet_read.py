"""Read the file a school uploads into rows of cells: an Excel workbook (.xlsx) or a CSV file.

.xlsx is read with python-calamine (values only, fast). Calamine does not say which cells hold
formulas, so the sheet XML is scanned for formula elements first (a byte search: cheap) and,
only when one is there, openpyxl finds their cells. CSV must be UTF-8 (with or without BOM,
or UTF-16 with BOM as Excel's "Unicode text"), comma, semicolon or tab separated; any other
encoding is refused with the name of the likely one and how to save the file as "CSV UTF-8".
Every failure raises ImportFileError with a translated message. Pure Python plus Django's
translation.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import openpyxl
import python_calamine
from django.utils.translation import gettext as _

from core_school.dataimport.cells import cell_text
from core_school.dataimport.exceptions import ImportFileError


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula: where, and the formula as Excel shows it (=SUM(B2:B9))."""

    sheet: str
    row: int  # 1-based
    column: int  # 0-based
    text: str


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells from A1, row by row (str, float, date, datetime or bool values)."""

    name: str
    rows: list[list[object]]
    formulas: list[Formula] = field(default_factory=list)


@dataclass(frozen=True)
class Workbook:
    """The sheets of the file worth reading (visible, not empty); one for a CSV file."""

    sheets: list[Sheet]
    file_type: str  # "xlsx" | "csv"


XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt"}
# A workbook may unpack to this many times the upload limit, no more (a "zip bomb" stops here).
MAX_UNPACK_RATIO = 20
_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")
_WORKSHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def workbook_read(*, data: bytes, file_name: str, max_bytes: int) -> Workbook:
    """Read `data` (named `file_name` by the user) into sheets of cells.

    Raises ImportFileError for an empty file, an unknown file type, an .xls or a
    password-protected workbook, a damaged .xlsx, or a CSV that is not UTF-8.
    """
    if not data:
        raise ImportFileError(_("The file %(name)s is empty.") % {"name": file_name})
    suffix = PurePath(file_name).suffix.lower()
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportFileError(
            _(
                "%(name)s is an Excel 97–2003 workbook (.xls) or a password-protected workbook. "
                "Open it in Excel and save it as “Excel Workbook (*.xlsx)” without a password, "
                "or as “CSV UTF-8 (Comma delimited) (*.csv)”."
            )
            % {"name": file_name},
            {"file_type": "xls"},
        )
    if suffix in XLSX_SUFFIXES:
        return _xlsx_read(data, file_name=file_name, max_bytes=max_bytes)
    if suffix in CSV_SUFFIXES:
        return Workbook(sheets=[_csv_read(data, file_name=file_name)], file_type="csv")
    raise ImportFileError(
        _("Upload an Excel workbook (.xlsx) or a CSV file (.csv); %(name)s is neither.")
        % {"name": file_name},
        {"file_type": suffix},
    )


def _damaged(file_name: str, detail: str) -> ImportFileError:
    return ImportFileError(
        _(
            "%(name)s cannot be read as an Excel workbook (.xlsx): the file is damaged or is "
            "not a workbook (%(detail)s). Open it in Excel and save it again as “Excel "
            "Workbook (*.xlsx)”."
        )
        % {"name": file_name, "detail": detail},
        {"file_type": "xlsx"},
    )


def _xlsx_read(data: bytes, *, file_name: str, max_bytes: int) -> Workbook:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise _damaged(file_name, str(error)) from None
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names:
        raise _damaged(file_name, _("no xl/workbook.xml inside"))
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACK_RATIO * max_bytes:
        raise ImportFileError(
            _("%(name)s unpacks to %(size)s MB, too much for a list of a school.")
            % {"name": file_name, "size": unpacked // (1024 * 1024)},
        )
    try:
        has_formulas = any(
            _FORMULA_ELEMENT.search(archive.read(name))
            for name in names
            if _WORKSHEET_PART.fullmatch(name)
        )
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if (
                meta.typ != python_calamine.SheetTypeEnum.WorkSheet
                or meta.visible != python_calamine.SheetVisibleEnum.Visible
            ):
                continue
            rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            if any(cell not in ("", None) for row in rows for cell in row):
                sheets.append(Sheet(name=meta.name, rows=rows))
    except (python_calamine.CalamineError, zipfile.BadZipFile, OSError, ValueError) as error:
        raise _damaged(file_name, str(error) or type(error).__name__) from None
    if has_formulas:
        sheets = _with_formulas(data, sheets, file_name=file_name)
    return Workbook(sheets=sheets, file_type="xlsx")


def _with_formulas(data: bytes, sheets: list[Sheet], *, file_name: str) -> list[Sheet]:
    """The sheets with their formula cells found (only called when the XML has formulas)."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise _damaged(file_name, str(error) or type(error).__name__) from None
    found = []
    try:
        for sheet in sheets:
            formulas = []
            for row in book[sheet.name].iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        text = cell.value if isinstance(cell.value, str) else "="
                        formulas.append(
                            Formula(
                                sheet=sheet.name,
                                row=cell.row,
                                column=cell.column - 1,
                                text=text,
                            )
                        )
            found.append(Sheet(name=sheet.name, rows=sheet.rows, formulas=formulas))
    finally:
        book.close()
    return found


def _encoding_guess(data: bytes) -> str:
    """Windows-1258 when the bytes read as Vietnamese in it, else Windows-1252."""
    text = data.decode("cp1258", errors="replace")
    vietnamese = set("ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323")
    return "Windows-1258" if any(char in vietnamese for char in text) else "Windows-1252"


def _csv_text(data: bytes, *, file_name: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        encoding = _encoding_guess(data)
        raise ImportFileError(
            _(
                "%(name)s is not UTF-8 text (byte 0x%(byte)02X at position %(position)s): it "
                "looks saved as %(encoding)s. In Excel choose File › Save As › “CSV UTF-8 "
                "(Comma delimited) (*.csv)” and upload that file, or upload the .xlsx workbook."
            )
            % {
                "name": file_name,
                "byte": data[error.start],
                "position": error.start,
                "encoding": encoding,
            },
            {"encoding": encoding, "position": error.start},
        ) from None


def _delimiter(text: str) -> str:
    """The separator that splits the first lines into the most columns (, ; or tab)."""
    head = [line for line in text.splitlines()[:30] if line.strip()]
    best, widest = ",", 0
    for candidate in (",", ";", "\t"):
        try:
            width = max((len(row) for row in csv.reader(head, delimiter=candidate)), default=0)
        except csv.Error:
            continue
        if width > widest:
            best, widest = candidate, width
    return best


def _csv_read(data: bytes, *, file_name: str) -> Sheet:
    text = _csv_text(data, file_name=file_name)
    if "\x00" in text:
        raise ImportFileError(
            _("%(name)s is not a text file (it holds NUL bytes).") % {"name": file_name}
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows: list[list[object]] = [list(row) for row in reader]
    except csv.Error as error:
        raise ImportFileError(
            _("%(name)s, line %(line)s: %(detail)s")
            % {"name": file_name, "line": reader.line_num, "detail": error}
        ) from None
    formulas = [
        Formula(sheet="", row=number, column=column, text=str(value))
        for number, row in enumerate(rows, start=1)
        for column, value in enumerate(row)
        if isinstance(value, str) and value.startswith("=") and len(cell_text(value)) > 1
    ]
    return Sheet(name="", rows=rows, formulas=formulas)
