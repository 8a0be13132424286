"""What changes between two standards' contents. Pure Python: the operators' version page and
the school's adoption preview (which adds its own affected counts) both read it."""

from dataclasses import dataclass, field
from typing import Any

from standards.national import DEADLINES


@dataclass(frozen=True)
class SubjectChange:
    code: str
    kind: str  # "added" | "removed" | "renamed" | "mode"
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class PeriodChange:
    code: str
    grade: int
    old: int | None
    new: int | None


@dataclass(frozen=True)
class FlagChange:
    name: str
    old: Any
    new: Any


@dataclass(frozen=True)
class CodeSetChange:
    part: str  # "attendance_codes" | "conduct_codes"
    added: tuple[str, ...]
    removed: tuple[str, ...]
    renamed: tuple[str, ...]


@dataclass(frozen=True)
class RuleChange:
    record: str  # "pupil" | "staff"
    field: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass(frozen=True)
class ContentDiff:
    subjects: list[SubjectChange] = field(default_factory=list)
    periods: list[PeriodChange] = field(default_factory=list)
    flags: list[FlagChange] = field(default_factory=list)
    code_sets: list[CodeSetChange] = field(default_factory=list)
    rules: list[RuleChange] = field(default_factory=list)
    early_warning_changed: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.subjects
            or self.periods
            or self.flags
            or self.code_sets
            or self.rules
            or self.early_warning_changed
        )


def _by_code(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["code"]: item for item in items}


def _subject_label(subject: dict[str, Any]) -> str:
    return f"{subject['names']['vi']} ({subject['short_name']})"


def content_diff(old: dict[str, Any], new: dict[str, Any]) -> ContentDiff:
    """The changes from `old` to `new` (both valid contents), in catalogue order."""
    diff = ContentDiff()
    old_subjects, new_subjects = _by_code(old["subjects"]), _by_code(new["subjects"])
    for code, subject in new_subjects.items():
        before = old_subjects.get(code)
        if before is None:
            diff.subjects.append(SubjectChange(code, "added", new=_subject_label(subject)))
            continue
        if before["names"] != subject["names"] or before["short_name"] != subject["short_name"]:
            diff.subjects.append(
                SubjectChange(code, "renamed", _subject_label(before), _subject_label(subject))
            )
        if before["mode"] != subject["mode"]:
            diff.subjects.append(SubjectChange(code, "mode", before["mode"], subject["mode"]))
        for grade in sorted({*before["periods"], *subject["periods"]}):
            was, now = before["periods"].get(grade), subject["periods"].get(grade)
            if was != now:
                diff.periods.append(PeriodChange(code, int(grade), was, now))
    for code, subject in old_subjects.items():
        if code not in new_subjects:
            diff.subjects.append(SubjectChange(code, "removed", old=_subject_label(subject)))
    for name, value in new["grading"].items():
        if old["grading"].get(name) != value:
            diff.flags.append(FlagChange(name, old["grading"].get(name), value))
    for part in ("attendance_codes", "conduct_codes"):
        was, now = _by_code(old[part]), _by_code(new[part])
        added = tuple(c for c in now if c not in was)
        removed = tuple(c for c in was if c not in now)
        renamed = tuple(c for c in now if c in was and now[c] != was[c])
        if added or removed or renamed:
            diff.code_sets.append(CodeSetChange(part, added, removed, renamed))
    for record in sorted({*old["data_dictionary"], *new["data_dictionary"]}):
        was = {r["field"]: r for r in old["data_dictionary"].get(record, [])}
        now = {r["field"]: r for r in new["data_dictionary"].get(record, [])}
        for name in [*now, *(n for n in was if n not in now)]:
            if was.get(name) != now.get(name):
                diff.rules.append(RuleChange(record, name, was.get(name), now.get(name)))
    # The deadlines, shown with the flags; a version without them means the national ones.
    was = {**DEADLINES, **(old.get("deadlines") or {})}
    now = {**DEADLINES, **(new.get("deadlines") or {})}
    for name in sorted({*was, *now}):
        if was.get(name) != now.get(name):
            diff.flags.append(FlagChange(f"deadlines.{name}", was.get(name), now.get(name)))
    object.__setattr__(
        diff, "early_warning_changed", old["early_warning_rules"] != new["early_warning_rules"]
    )
    return diff
