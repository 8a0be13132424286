"""The shape of a standard's content, checked in code. Plain Python (no Django model, no school
code; only django.utils.translation, for the messages).

`content_problems(content)` lists every problem as (where, why), e.g.
("subjects[3].periods.7", "must be a whole number of periods between 1 and 400"); the services
refuse a draft with any problem and show them all.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

# NOTE: the messages are read by operators editing the JSON, in their language; `where` (a
# JSON path) is not translated. gettext at call time: the checks run per request.
from django.utils.translation import gettext as _

LANGUAGES = ("vi", "en", "fr")
GRADES = ("6", "7", "8", "9")
SUBJECT_MODES = ("scored", "comment")
SUBJECT_KEYS = frozenset({"code", "names", "short_name", "mode", "periods"})
CODE_PATTERN = re.compile(r"[A-Za-z0-9_]{1,16}")
# Nghệ thuật as two comment subjects (Âm nhạc, Mĩ thuật) or as one (DOMAIN.md §2).
ARTS_PARTS = ("AN", "MT")
ARTS_WHOLE = "NT"

# The flags of DOMAIN.md §5: name -> allowed values (a tuple) or a type.
GRADING_FLAGS: dict[str, tuple[str, ...] | type] = {
    "nghe_thuat_split": bool,
    "adjustment_mode": ("removal", "replacement"),
    "missing_policy": ("block", "zero"),
    "absence_unit": ("official_session", "calendar_day"),
    "max_class_size": int,
    "max_absences": int,
    "awards_enabled": bool,
    "elective_counts": bool,
    "reassessment_replaces_even_if_lower": bool,
}

# The fields of a school's records a data dictionary may set rules on.
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "pupil": ("national_id", "full_name", "birth_date", "sex", "ethnicity", "address", "status"),
    "staff": (
        "staff_code",
        "full_name",
        "sex",
        "birth_date",
        "phone",
        "email",
        "position",
        "specialty",
    ),
}
RULE_KEYS = ("required", "pattern", "allowed", "max_length")
# The early-warning rules the platform can evaluate (core_school.earlywarning), each with its
# parameters: int = a whole number of at least 1, float = a number above 0.
EARLY_WARNING_PARAMETERS: dict[str, dict[str, type]] = {
    "absences_14d": {"unexcused_absences": int, "days": int},
    "subject_drop": {"drop": float},
    "conduct_notes": {"notes": int, "days": int},
}
PARTS = (
    "subjects",
    "grading",
    "attendance_codes",
    "conduct_codes",
    "data_dictionary",
    "early_warning_rules",
)
# Parts a standard may leave out: the national values apply (versions published before the
# part existed lack it).
OPTIONAL_PARTS = ("deadlines",)
# The deadlines a standard sets (standards.national.DEADLINES): "HH:MM" times or whole days.
DEADLINE_TIMES = ("attendance_morning_by", "attendance_afternoon_by")
DEADLINE_DAYS = ("midterm_marks_due_days", "marks_due_days")
TIME_PATTERN = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


@dataclass(frozen=True)
class Problem:
    """One problem in a standard's content: where (a JSON path) and why."""

    where: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


def content_problems(content: object) -> list[Problem]:
    """Every problem with `content`, in document order (empty when it is valid)."""
    if not isinstance(content, dict):
        return [Problem("content", _("must be a JSON object"))]
    problems = [Problem(key, _("is missing")) for key in PARTS if key not in content]
    problems += [
        Problem(key, _("is not a part of a standard"))
        for key in content
        if key not in PARTS + OPTIONAL_PARTS
    ]
    checks = {
        "subjects": _subjects,
        "grading": _grading,
        "attendance_codes": _codes,
        "conduct_codes": _codes,
        "data_dictionary": _dictionary,
        "early_warning_rules": _early_warnings,
        "deadlines": _deadlines,
    }
    for key, check in checks.items():
        if key in content:
            problems += list(check(key, content[key]))
    problems += list(_arts_split(content))
    return problems


def _arts_split(content: dict[str, object]) -> Iterator[Problem]:
    """``nghe_thuat_split`` must say how the catalogue records Nghệ thuật (DOMAIN.md §2).

    The platform assesses the subjects the catalogue lists, so the flag has no behaviour of
    its own: split means Âm nhạc (ARTS_PARTS) and Mĩ thuật are two comment subjects and there
    is no single Nghệ thuật (ARTS_WHOLE); not split means the reverse. The flag and the
    catalogue may not disagree.
    """
    grading, subjects = content.get("grading"), content.get("subjects")
    if not isinstance(grading, dict) or not isinstance(subjects, list):
        return
    split = grading.get("nghe_thuat_split")
    if not isinstance(split, bool):
        return
    codes = {s.get("code") for s in subjects if isinstance(s, dict)}
    wrong = (codes & {ARTS_WHOLE}) if split else (codes & set(ARTS_PARTS))
    for code in sorted(wrong):
        why = (
            _("is true (Âm nhạc and Mĩ thuật as two subjects) but the subjects include %(code)s")
            if split
            else _("is false (one Nghệ thuật subject) but the subjects include %(code)s")
        )
        yield Problem("grading.nghe_thuat_split", why % {"code": code})


def _names(where: str, names: object) -> Iterator[Problem]:
    if not isinstance(names, dict):
        yield Problem(where, _("must be an object with the names in vi, en and fr"))
        return
    for language in LANGUAGES:
        value = names.get(language)
        if not isinstance(value, str) or not value.strip():
            yield Problem(f"{where}.{language}", _("the name in this language is missing"))
    for language in names:
        if language not in LANGUAGES:
            yield Problem(f"{where}.{language}", _("is not one of vi, en, fr"))


def _code(at: str, code: object, seen: set[str]) -> Iterator[Problem]:
    """A subject's or a code set's code: well formed, and once in its list."""
    if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
        yield Problem(f"{at}.code", _("must be 1 to 16 letters, digits or _"))
    elif code in seen:
        yield Problem(f"{at}.code", _("%(code)s appears twice") % {"code": code})
    else:
        seen.add(code)


def _subjects(where: str, subjects: object) -> Iterator[Problem]:
    if not isinstance(subjects, list) or not subjects:
        yield Problem(where, _("must be a non-empty list of subjects"))
        return
    seen: set[str] = set()
    for index, subject in enumerate(subjects):
        at = f"{where}[{index}]"
        if not isinstance(subject, dict):
            yield Problem(at, _("must be an object"))
            continue
        yield from _code(at, subject.get("code"), seen)
        for key in sorted(set(subject) - SUBJECT_KEYS):
            yield Problem(f"{at}.{key}", _("is not a field of a subject"))
        yield from _names(f"{at}.names", subject.get("names"))
        short = subject.get("short_name")
        if not isinstance(short, str) or not short.strip() or len(short) > 20:
            yield Problem(f"{at}.short_name", _("must be 1 to 20 characters"))
        if subject.get("mode") not in SUBJECT_MODES:
            yield Problem(f"{at}.mode", _("must be “scored” or “comment”"))
        periods = subject.get("periods")
        if not isinstance(periods, dict) or not periods:
            yield Problem(f"{at}.periods", _("must give the periods per year for grades 6 to 9"))
            continue
        for grade, count in periods.items():
            if grade not in GRADES:
                yield Problem(f"{at}.periods.{grade}", _("is not a grade (6, 7, 8 or 9)"))
            elif isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 400:
                yield Problem(
                    f"{at}.periods.{grade}",
                    _("must be a whole number of periods between 1 and 400"),
                )


def _grading(where: str, grading: object) -> Iterator[Problem]:
    if not isinstance(grading, dict):
        yield Problem(where, _("must be an object of flags"))
        return
    for name, kind in GRADING_FLAGS.items():
        at = f"{where}.{name}"
        if name not in grading:
            yield Problem(at, _("is missing"))
            continue
        value = grading[name]
        if isinstance(kind, tuple):
            if value not in kind:
                yield Problem(
                    at,
                    _("must be one of %(values)s") % {"values": ", ".join(f"“{v}”" for v in kind)},
                )
        elif kind is bool:
            if not isinstance(value, bool):
                yield Problem(at, _("must be true or false"))
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365:
            yield Problem(at, _("must be a whole number between 1 and 365"))
    for name in grading:
        if name not in GRADING_FLAGS:
            yield Problem(f"{where}.{name}", _("is not a grading flag"))


def _codes(where: str, codes: object) -> Iterator[Problem]:
    if not isinstance(codes, list) or not codes:
        yield Problem(where, _("must be a non-empty list of codes"))
        return
    seen: set[str] = set()
    for index, item in enumerate(codes):
        at = f"{where}[{index}]"
        if not isinstance(item, dict):
            yield Problem(at, _("must be an object with a code and its names"))
            continue
        yield from _code(at, item.get("code"), seen)
        yield from _names(f"{at}.names", item.get("names"))


def _rule(at: str, record: str, rule: object) -> Iterator[Problem]:
    if not isinstance(rule, dict):
        yield Problem(at, _("must be an object with a field and its rules"))
        return
    if rule.get("field") not in RECORD_FIELDS[record]:
        yield Problem(
            f"{at}.field",
            _("must be one of %(values)s") % {"values": ", ".join(RECORD_FIELDS[record])},
        )
    for key in rule:
        if key != "field" and key not in RULE_KEYS:
            yield Problem(
                f"{at}.{key}", _("is not a rule (required, pattern, allowed, max_length)")
            )
    if "required" in rule and not isinstance(rule["required"], bool):
        yield Problem(f"{at}.required", _("must be true or false"))
    if "pattern" in rule:
        pattern = rule["pattern"]
        if not isinstance(pattern, str) or not pattern:
            yield Problem(f"{at}.pattern", _("must be a regular expression"))
        else:
            try:
                re.compile(pattern)
            except re.error as error:
                yield Problem(
                    f"{at}.pattern",
                    _("is not a valid regular expression (%(error)s)") % {"error": error},
                )
    if "allowed" in rule:
        allowed = rule["allowed"]
        if (
            not isinstance(allowed, list)
            or not allowed
            or not all(isinstance(v, str) for v in allowed)
        ):
            yield Problem(f"{at}.allowed", _("must be a non-empty list of texts"))
    if "max_length" in rule:
        length = rule["max_length"]
        if isinstance(length, bool) or not isinstance(length, int) or length < 1:
            yield Problem(f"{at}.max_length", _("must be a whole number of at least 1"))


def _dictionary(where: str, dictionary: object) -> Iterator[Problem]:
    if not isinstance(dictionary, dict):
        yield Problem(where, _("must be an object with the rules for pupil and staff records"))
        return
    for record in dictionary:
        if record not in RECORD_FIELDS:
            yield Problem(f"{where}.{record}", _("is not a kind of record (pupil, staff)"))
    for record in RECORD_FIELDS:
        rules = dictionary.get(record, [])
        if not isinstance(rules, list):
            yield Problem(f"{where}.{record}", _("must be a list of field rules"))
            continue
        for index, rule in enumerate(rules):
            yield from _rule(f"{where}.{record}[{index}]", record, rule)


def _early_warnings(where: str, rules: object) -> Iterator[Problem]:
    if not isinstance(rules, list):
        yield Problem(where, _("must be a list of rules"))
        return
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        at = f"{where}[{index}]"
        if not isinstance(rule, dict):
            yield Problem(at, _("must be an object with a code and its parameters"))
            continue
        code = rule.get("code")
        if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
            yield Problem(f"{at}.code", _("must be 1 to 16 letters, digits or _"))
            continue
        if code not in EARLY_WARNING_PARAMETERS:
            known = ", ".join(sorted(EARLY_WARNING_PARAMETERS))
            yield Problem(
                f"{at}.code",
                _("%(code)s is not a rule the platform evaluates (%(known)s)")
                % {"code": code, "known": known},
            )
            continue
        if code in seen:
            yield Problem(f"{at}.code", _("%(code)s appears twice") % {"code": code})
        seen.add(code)
        yield from _rule_parameters(at, EARLY_WARNING_PARAMETERS[code], rule)


def _rule_parameters(
    at: str, parameters: dict[str, type], rule: dict[str, object]
) -> Iterator[Problem]:
    for key, kind in parameters.items():
        value = rule.get(key)
        if key not in rule:
            yield Problem(f"{at}.{key}", _("is missing"))
        elif kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            yield Problem(f"{at}.{key}", _("must be a whole number of at least 1"))
        elif kind is float and (
            isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
        ):
            yield Problem(f"{at}.{key}", _("must be a number above 0"))
    for key in rule:
        if key != "code" and key not in parameters:
            yield Problem(f"{at}.{key}", _("is not a parameter of this rule"))


def _deadlines(where: str, deadlines: object) -> Iterator[Problem]:
    if not isinstance(deadlines, dict):
        yield Problem(where, _("must be an object of deadlines"))
        return
    for key in DEADLINE_TIMES:
        value = deadlines.get(key)
        if key not in deadlines:
            yield Problem(f"{where}.{key}", _("is missing"))
        elif not isinstance(value, str) or not TIME_PATTERN.fullmatch(value):
            yield Problem(f"{where}.{key}", _("must be a time of day as HH:MM, e.g. 09:00"))
    for key in DEADLINE_DAYS:
        value = deadlines.get(key)
        if key not in deadlines:
            yield Problem(f"{where}.{key}", _("is missing"))
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 60:
            yield Problem(f"{where}.{key}", _("must be a whole number of days between 0 and 60"))
    for key in deadlines:
        if key not in DEADLINE_TIMES + DEADLINE_DAYS:
            yield Problem(f"{where}.{key}", _("is not a deadline the platform knows"))
