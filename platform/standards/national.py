"""The national standard as it stands today: version 1 of the published standards.

Plain data, no Django and no school code: the standards app installs it as version 1 (data
migration 0002), and the subject catalogue is the same as the one the template schema holds
(core_school/academics/catalogue.py; tests/standards/test_national.py keeps the two equal).
"""

from typing import Any

ALL_GRADES = range(6, 10)


def _subject(
    code: str,
    vi: str,
    en: str,
    fr: str,
    short_name: str,
    mode: str,
    periods: dict[int, int],
) -> dict[str, Any]:
    return {
        "code": code,
        "names": {"vi": vi, "en": en, "fr": fr},
        "short_name": short_name,
        "mode": mode,
        "periods": {str(grade): count for grade, count in periods.items()},
    }


def _every_grade(periods: int) -> dict[int, int]:
    return dict.fromkeys(ALL_GRADES, periods)


SUBJECTS: list[dict[str, Any]] = [
    _subject("TOAN", "Toán", "Mathematics", "Mathématiques", "Toán", "scored", _every_grade(140)),
    _subject("NGUVAN", "Ngữ văn", "Literature", "Littérature", "Văn", "scored", _every_grade(140)),
    _subject(
        "NN1",
        "Ngoại ngữ 1 (Tiếng Anh)",
        "Foreign language 1 (English)",
        "Langue étrangère 1 (anglais)",
        "Anh",
        "scored",
        _every_grade(105),
    ),
    _subject(
        "GDCD",
        "Giáo dục công dân",
        "Civic education",
        "Éducation civique",
        "GDCD",
        "scored",
        _every_grade(35),
    ),
    _subject(
        "LSDL",
        "Lịch sử và Địa lí",
        "History and geography",
        "Histoire et géographie",
        "Sử-Địa",
        "scored",
        _every_grade(105),
    ),
    _subject(
        "KHTN",
        "Khoa học tự nhiên",
        "Natural sciences",
        "Sciences de la nature",
        "KHTN",
        "scored",
        _every_grade(140),
    ),
    _subject(
        "CN",
        "Công nghệ",
        "Technology",
        "Technologie",
        "CN",
        "scored",
        {6: 35, 7: 35, 8: 52, 9: 52},
    ),
    _subject("TIN", "Tin học", "Computing", "Informatique", "Tin", "scored", _every_grade(35)),
    _subject(
        "GDTC",
        "Giáo dục thể chất",
        "Physical education",
        "Éducation physique",
        "GDTC",
        "comment",
        _every_grade(70),
    ),
    _subject("AN", "Âm nhạc", "Music", "Musique", "Nhạc", "comment", _every_grade(35)),
    _subject("MT", "Mĩ thuật", "Fine arts", "Arts plastiques", "MT", "comment", _every_grade(35)),
    _subject(
        "HDTN",
        "Hoạt động trải nghiệm, hướng nghiệp",
        "Experiential activities and career guidance",
        "Activités expérientielles et orientation",
        "HĐTN",
        "comment",
        _every_grade(105),
    ),
    _subject(
        "GDDP",
        "Nội dung giáo dục của địa phương",
        "Local education content",
        "Contenus éducatifs locaux",
        "GDĐP",
        "comment",
        _every_grade(35),
    ),
]

# The grading scheme flags of DOMAIN.md §5 with their national defaults (and the absence limit
# of TT22 Art. 12 the rules read as max_absences).
GRADING: dict[str, Any] = {
    "nghe_thuat_split": True,
    "adjustment_mode": "removal",
    "missing_policy": "block",
    "absence_unit": "official_session",
    "max_class_size": 45,
    "max_absences": 45,
    "awards_enabled": True,
    "elective_counts": True,
    "reassessment_replaces_even_if_lower": True,
}


def _code(code: str, vi: str, en: str, fr: str) -> dict[str, Any]:
    return {"code": code, "names": {"vi": vi, "en": en, "fr": fr}}


ATTENDANCE_CODES: list[dict[str, Any]] = [
    _code("excused", "Vắng có phép", "Absent, excused", "Absent, excusé"),
    _code("unexcused", "Vắng không phép", "Absent, unexcused", "Absent, non excusé"),
    _code("late", "Đi muộn", "Late", "En retard"),
]

CONDUCT_CODES: list[dict[str, Any]] = [
    _code("tot", "Tốt", "Good", "Bien"),
    _code("kha", "Khá", "Fairly good", "Assez bien"),
    _code("dat", "Đạt", "Pass", "Satisfaisant"),
    _code("chua_dat", "Chưa đạt", "Not yet pass", "Pas encore satisfaisant"),
]

# The 54 ethnic groups of Viet Nam (Tổng cục Thống kê), as schools write them.
ETHNIC_GROUPS: list[str] = [
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao", "Gia Rai",
    "Ê Đê", "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai",
    "Mnông", "Thổ", "Xtiêng", "Khơ Mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ",
    "Giẻ - Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "Kháng", "La Chí",
    "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao",
    "Bố Y", "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
]  # fmt: skip

# What each record of a school must hold. Rules: required (not empty), pattern (the whole
# value matches), allowed (one of the values), max_length.
DATA_DICTIONARY: dict[str, list[dict[str, Any]]] = {
    "pupil": [
        # The sector's 10-digit pupil code or the 12-digit personal identifier (CCCD).
        {"field": "national_id", "required": True, "pattern": r"[0-9]{10}([0-9]{2})?"},
        {"field": "full_name", "required": True, "max_length": 150},
        {"field": "birth_date", "required": True},
        {"field": "sex", "required": True, "allowed": ["M", "F"]},
        {"field": "ethnicity", "required": True, "allowed": ETHNIC_GROUPS},
    ],
    "staff": [
        {"field": "staff_code", "required": True, "max_length": 20},
        {"field": "full_name", "required": True, "max_length": 150},
        {"field": "sex", "required": True, "allowed": ["M", "F"]},
        {"field": "phone", "pattern": r"0[0-9]{9}"},
        {"field": "position", "required": True},
    ],
}

# Evaluated nightly in each school (core_school.earlywarning) with the parameters of the
# version it adopted; standards.schema.EARLY_WARNING_PARAMETERS lists the codes it can evaluate.
EARLY_WARNING_RULES: list[dict[str, Any]] = [
    # Unexcused absences (sessions) of at least `unexcused_absences` in the last `days` days.
    {"code": "absences_14d", "unexcused_absences": 3, "days": 14},
    # A subject's term average down by more than `drop` from the term before.
    {"code": "subject_drop", "drop": 1.5},
    # At least `notes` conduct incidents (behaviour notes of the negative kind) in `days` days.
    {"code": "conduct_notes", "notes": 2, "days": 7},
]

# When the authority expects the school's records (the pilot's timeliness, reported upward by
# each school): attendance registers by these times (local, on the register's day), the
# mid-term marks (ĐĐGgk) within `midterm_marks_due_days` days of the term's midpoint, and every
# mark of a term within `marks_due_days` days of the term's end. A school whose adopted copy
# lacks this block uses these values (core_school.standard.selectors.standard_deadlines).
DEADLINES: dict[str, Any] = {
    "attendance_morning_by": "09:00",
    "attendance_afternoon_by": "14:00",
    "midterm_marks_due_days": 7,
    "marks_due_days": 7,
}


def national_content() -> dict[str, Any]:
    """Version 1: today's national standard, as a fresh JSON-ready dict."""
    import copy

    return copy.deepcopy(
        {
            "subjects": SUBJECTS,
            "grading": GRADING,
            "attendance_codes": ATTENDANCE_CODES,
            "conduct_codes": CONDUCT_CODES,
            "data_dictionary": DATA_DICTIONARY,
            "early_warning_rules": EARLY_WARNING_RULES,
            "deadlines": DEADLINES,
        }
    )
