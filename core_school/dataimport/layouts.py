"""The column layouts of the lists schools bring: the ministry's database (CSDL ngành), vnEdu
and SMAS, for pupils, staff, classes and guardians.

NOTE: the exact layouts of those exports are not published (DOMAIN.md §4.4 marks them [U]).
What follows is our reading of lists schools showed us: each layout is an ordered list of
headers (what an export writes), and every layout also accepts the common other spellings of a
header (ALIASES). Headers are matched without accents, case, spaces or punctuation ("NGÀY
SINH", "Ngay sinh" and "Ngày  sinh" are one header), the header row is looked for in the first
rows (files often start with a title block), and the layout can be detected from the headers.
Pure Python.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from core_school.dataimport.cells import header_key


class Kind(StrEnum):
    PUPILS = "pupils"
    STAFF = "staff"
    CLASSES = "classes"
    GUARDIANS = "guardians"


class Layout(StrEnum):
    MINISTRY = "ministry"
    VNEDU = "vnedu"
    SMAS = "smas"


KIND_LABELS = {
    Kind.PUPILS: _("Pupils"),
    Kind.STAFF: _("Staff"),
    Kind.CLASSES: _("Classes"),
    Kind.GUARDIANS: _("Guardians"),
}
LAYOUT_LABELS = {
    Layout.MINISTRY: _("Ministry database (CSDL ngành)"),
    Layout.VNEDU: _("vnEdu"),
    Layout.SMAS: _("SMAS"),
}
AUTO = "auto"

# The row-number column every list starts with; ignored on import, written on export.
NUMBER_HEADER = "STT"

# Fields each kind needs. A pupil's or staff member's full name may also come as two columns,
# family and middle name + given name (SMAS writes them so).
REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.PUPILS: ("national_id", "full_name", "birth_date", "sex", "class_name"),
    Kind.STAFF: ("staff_code", "full_name", "sex", "position"),
    Kind.CLASSES: ("class_name",),
    Kind.GUARDIANS: ("national_id", "full_name"),
}
SPLIT_NAME = ("family_name", "given_name")

# What each layout writes, in order: (field, header). The first header of a field is also the
# one that wins when a file has two columns for it.
LAYOUTS: dict[Layout, dict[Kind, list[tuple[str, str]]]] = {
    Layout.MINISTRY: {
        Kind.PUPILS: [
            ("national_id", "Mã định danh"),
            ("full_name", "Họ và tên"),
            ("birth_date", "Ngày sinh"),
            ("sex", "Giới tính"),
            ("ethnicity", "Dân tộc"),
            ("class_name", "Lớp"),
            ("address", "Địa chỉ thường trú"),
            ("father_name", "Họ tên cha"),
            ("father_phone", "Số điện thoại cha"),
            ("mother_name", "Họ tên mẹ"),
            ("mother_phone", "Số điện thoại mẹ"),
            ("guardian_name", "Họ tên người giám hộ"),
            ("guardian_phone", "Số điện thoại người giám hộ"),
        ],
        Kind.STAFF: [
            ("staff_code", "Mã định danh"),
            ("full_name", "Họ và tên"),
            ("birth_date", "Ngày sinh"),
            ("sex", "Giới tính"),
            ("position", "Vị trí việc làm"),
            ("specialty", "Môn dạy"),
            ("phone", "Số điện thoại"),
            ("email", "Email"),
        ],
        Kind.CLASSES: [
            ("class_name", "Tên lớp"),
            ("grade", "Khối"),
            ("homeroom_code", "Mã định danh GVCN"),
            ("homeroom_name", "Giáo viên chủ nhiệm"),
        ],
        Kind.GUARDIANS: [
            ("national_id", "Mã định danh học sinh"),
            ("pupil_name", "Họ tên học sinh"),
            ("full_name", "Họ tên phụ huynh"),
            ("relationship", "Quan hệ"),
            ("phone", "Số điện thoại"),
            ("email", "Email"),
        ],
    },
    Layout.VNEDU: {
        Kind.PUPILS: [
            ("national_id", "Mã học sinh"),
            ("full_name", "Họ tên"),
            ("birth_date", "Ngày sinh"),
            ("sex", "Giới tính"),
            ("ethnicity", "Dân tộc"),
            ("class_name", "Lớp"),
            ("address", "Địa chỉ"),
            ("father_name", "Họ tên cha"),
            ("father_phone", "SĐT cha"),
            ("mother_name", "Họ tên mẹ"),
            ("mother_phone", "SĐT mẹ"),
            ("guardian_name", "Người giám hộ"),
            ("guardian_phone", "SĐT người giám hộ"),
        ],
        Kind.STAFF: [
            ("staff_code", "Mã cán bộ"),
            ("full_name", "Họ tên"),
            ("birth_date", "Ngày sinh"),
            ("sex", "Giới tính"),
            ("position", "Chức vụ"),
            ("specialty", "Môn giảng dạy"),
            ("phone", "Điện thoại"),
            ("email", "Email"),
        ],
        Kind.CLASSES: [
            ("class_name", "Lớp"),
            ("grade", "Khối"),
            ("homeroom_code", "Mã GVCN"),
            ("homeroom_name", "GVCN"),
        ],
        Kind.GUARDIANS: [
            ("national_id", "Mã học sinh"),
            ("pupil_name", "Họ tên học sinh"),
            ("full_name", "Họ tên phụ huynh"),
            ("relationship", "Quan hệ với học sinh"),
            ("phone", "SĐT"),
            ("email", "Email"),
        ],
    },
    Layout.SMAS: {
        Kind.PUPILS: [
            ("national_id", "Mã HS"),
            ("family_name", "Họ đệm"),
            ("given_name", "Tên"),
            ("birth_date", "Ngày sinh"),
            ("sex", "Giới tính"),
            ("ethnicity", "Dân tộc"),
            ("class_name", "Lớp"),
            ("address", "Chỗ ở hiện nay"),
            ("father_name", "Họ tên bố"),
            ("father_phone", "Điện thoại bố"),
            ("mother_name", "Họ tên mẹ"),
            ("mother_phone", "Điện thoại mẹ"),
            ("guardian_name", "Họ tên người giám hộ"),
            ("guardian_phone", "Điện thoại người giám hộ"),
        ],
        Kind.STAFF: [
            ("staff_code", "Mã giáo viên"),
            ("family_name", "Họ đệm"),
            ("given_name", "Tên"),
            ("birth_date", "Ngày sinh"),
            ("sex", "Giới tính"),
            ("position", "Chức vụ"),
            ("specialty", "Chuyên môn"),
            ("phone", "Số điện thoại"),
            ("email", "Thư điện tử"),
        ],
        Kind.CLASSES: [
            ("class_name", "Tên lớp"),
            ("grade", "Khối học"),
            ("homeroom_code", "Mã giáo viên chủ nhiệm"),
            ("homeroom_name", "Giáo viên chủ nhiệm"),
        ],
        Kind.GUARDIANS: [
            ("national_id", "Mã HS"),
            ("pupil_name", "Họ tên học sinh"),
            ("full_name", "Họ tên cha mẹ/người giám hộ"),
            ("relationship", "Quan hệ"),
            ("phone", "Điện thoại"),
            ("email", "Email"),
        ],
    },
}

_NAME = ["Họ và tên", "Họ tên"]
_FAMILY = ["Họ đệm", "Họ và đệm", "Họ và tên đệm", "Họ"]
_BIRTH = ["Ngày sinh", "Ngày tháng năm sinh", "Ngày/tháng/năm sinh", "NS"]
_SEX = ["Giới tính", "GT", "Giới"]
_PHONE = ["Số điện thoại", "Điện thoại", "SĐT", "ĐT", "Di động", "Điện thoại di động"]
_EMAIL = ["Email", "E-mail", "Thư điện tử", "Địa chỉ email"]

# Other spellings accepted in every layout, after the layout's own header.
ALIASES: dict[Kind, dict[str, list[str]]] = {
    Kind.PUPILS: {
        "national_id": [
            "Mã định danh",
            "Mã định danh học sinh",
            "Mã định danh Bộ GD&ĐT",
            "Mã định danh BGD",
            "Mã ĐD",
            "Mã học sinh",
            "Mã HS",
            "Mã số học sinh",
        ],
        "full_name": [*_NAME, "Họ và tên học sinh", "Họ tên học sinh", "Tên học sinh"],
        "family_name": _FAMILY,
        "given_name": ["Tên"],
        "birth_date": _BIRTH,
        "sex": _SEX,
        "ethnicity": ["Dân tộc", "DT"],
        "class_name": ["Lớp", "Tên lớp", "Lớp học"],
        "address": [
            "Địa chỉ",
            "Địa chỉ thường trú",
            "Chỗ ở hiện nay",
            "Nơi ở hiện nay",
            "Địa chỉ liên hệ",
            "Hộ khẩu thường trú",
        ],
        "father_name": ["Họ tên cha", "Họ và tên cha", "Tên cha", "Họ tên bố", "Họ và tên bố"],
        "father_phone": [
            "SĐT cha",
            "Số điện thoại cha",
            "Điện thoại cha",
            "ĐT cha",
            "SĐT bố",
            "Số điện thoại bố",
            "Điện thoại bố",
            "ĐT bố",
        ],
        "mother_name": ["Họ tên mẹ", "Họ và tên mẹ", "Tên mẹ"],
        "mother_phone": ["SĐT mẹ", "Số điện thoại mẹ", "Điện thoại mẹ", "ĐT mẹ"],
        "guardian_name": [
            "Họ tên người giám hộ",
            "Họ và tên người giám hộ",
            "Người giám hộ",
            "Tên người giám hộ",
        ],
        "guardian_phone": [
            "SĐT người giám hộ",
            "Số điện thoại người giám hộ",
            "Điện thoại người giám hộ",
            "ĐT người giám hộ",
        ],
    },
    Kind.STAFF: {
        "staff_code": [
            "Mã cán bộ",
            "Mã CB",
            "Mã giáo viên",
            "Mã GV",
            "Mã nhân viên",
            "Mã CBGVNV",
            "Mã định danh",
            "Mã định danh cán bộ",
        ],
        "full_name": [*_NAME, "Họ và tên cán bộ", "Họ tên giáo viên", "Tên cán bộ"],
        "family_name": _FAMILY,
        "given_name": ["Tên"],
        "birth_date": _BIRTH,
        "sex": _SEX,
        "position": ["Chức vụ", "Vị trí việc làm", "Chức danh", "Vị trí"],
        "specialty": ["Môn dạy", "Môn giảng dạy", "Chuyên môn", "Môn"],
        "phone": _PHONE,
        "email": _EMAIL,
    },
    Kind.CLASSES: {
        "class_name": ["Tên lớp", "Lớp"],
        "grade": ["Khối", "Khối lớp", "Khối học"],
        "homeroom_code": ["Mã GVCN", "Mã giáo viên chủ nhiệm", "Mã định danh GVCN"],
        "homeroom_name": ["GVCN", "Giáo viên chủ nhiệm", "Họ tên GVCN", "Tên GVCN"],
        "max_size": ["Sĩ số tối đa"],
    },
    Kind.GUARDIANS: {
        "national_id": ["Mã định danh học sinh", "Mã định danh", "Mã học sinh", "Mã HS"],
        "pupil_name": ["Họ tên học sinh", "Họ và tên học sinh", "Tên học sinh"],
        "full_name": [
            "Họ tên phụ huynh",
            "Họ và tên phụ huynh",
            "Họ tên cha mẹ/người giám hộ",
            "Họ tên cha mẹ",
            "Họ tên người giám hộ",
            "Họ tên CMHS",
            "Phụ huynh",
        ],
        "relationship": ["Quan hệ", "Quan hệ với học sinh", "Mối quan hệ"],
        "phone": [*_PHONE, "Số điện thoại phụ huynh"],
        "email": _EMAIL,
    },
}

# How far down a file the header row is looked for.
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class ColumnMap:
    """Where each field is in a sheet: the header row and, per field, the column (0-based) and
    the header as the file writes it."""

    layout: Layout
    header_row: int  # 0-based index in the sheet
    columns: dict[str, tuple[int, str]]
    headers: list[str]  # every non-empty header of the row, as written

    def header(self, field: str) -> str:
        return self.columns[field][1]


def layout_headers(*, kind: Kind, layout: Layout) -> list[str]:
    """The headers an export in `layout` writes, after the row-number column."""
    return [header for _field, header in LAYOUTS[layout][kind]]


def field_header(*, kind: Kind, layout: Layout, field: str) -> str:
    """How `layout` names `field` (for messages about a column the file lacks)."""
    for name, header in LAYOUTS[layout][kind]:
        if name == field:
            return header
    if field == "full_name":
        return "Họ và tên"
    return ALIASES[kind][field][0]


def _aliases(kind: Kind, layout: Layout) -> dict[str, list[str]]:
    """Per field, the header keys accepted, the layout's own first."""
    own = dict(LAYOUTS[layout][kind])
    keys: dict[str, list[str]] = {}
    for field, others in ALIASES[kind].items():
        mine = [own[field]] if field in own else []
        # NOTE: a list with both a software's own pupil code and the ministry's identifier
        # (vnEdu: "Mã học sinh" and "Mã định danh") is matched by the identifier.
        ordered = others + mine if field == "national_id" else mine + others
        keys[field] = list(dict.fromkeys(header_key(h) for h in ordered))
    return keys


def _known_keys(kind: Kind) -> set[str]:
    return {header_key(h) for names in ALIASES[kind].values() for h in names} | {
        header_key(h) for layout in Layout for _f, h in LAYOUTS[layout][kind]
    }


def header_row_find(rows: list[list[str]], *, kind: Kind) -> int | None:
    """The index of the row (among the first HEADER_SEARCH_ROWS) with the most known headers,
    or None when no row has two."""
    known = _known_keys(kind)
    best, best_hits = None, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if cell and header_key(cell) in known)
        if hits > best_hits:
            best, best_hits = index, hits
    return best


def layout_detect(headers: list[str], *, kind: Kind) -> Layout:
    """The layout whose own headers the row uses most (the ministry's on a tie)."""
    keys = {header_key(h) for h in headers if h}
    scores = {
        layout: sum(1 for h in layout_headers(kind=kind, layout=layout) if header_key(h) in keys)
        for layout in Layout
    }
    return max(Layout, key=lambda layout: scores[layout])


def columns_map(headers: list[str], *, kind: Kind, layout: Layout, header_row: int) -> ColumnMap:
    """Match the header row to the fields of `kind` in `layout` (each column serves one
    field; the layout's own header wins, then the aliases in order)."""
    by_key: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = header_key(header) if header else ""
        if key and key not in by_key:
            by_key[key] = index
    used: set[int] = set()
    columns: dict[str, tuple[int, str]] = {}
    aliases = _aliases(kind, layout)
    # Whole names before their halves, so that "Họ và tên" is not read as "Họ".
    fields = sorted(aliases, key=lambda f: f in SPLIT_NAME)
    for field in fields:
        for key in aliases[field]:
            index = by_key.get(key)
            if index is not None and index not in used:
                columns[field] = (index, headers[index])
                used.add(index)
                break
    if "full_name" in columns:
        for half in SPLIT_NAME:
            columns.pop(half, None)
    return ColumnMap(
        layout=layout,
        header_row=header_row,
        columns=columns,
        headers=[h for h in headers if h],
    )


def missing_fields(columns: ColumnMap, *, kind: Kind) -> list[str]:
    """The required fields the columns lack (a full name given as two halves counts)."""
    missing = []
    for field in REQUIRED[kind]:
        if field in columns.columns:
            continue
        if field == "full_name" and all(half in columns.columns for half in SPLIT_NAME):
            continue
        missing.append(field)
    return missing
