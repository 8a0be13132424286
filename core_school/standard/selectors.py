"""Reads of the school's adopted standard. Runs inside the current school's schema.

The services read the grading flags from here (one query per call; a computation calls it
once), not from constants: `rules_config()` turns the adopted flags into the rules' config.
A schema that has adopted nothing yet (the template) gets the national defaults.
"""

import dataclasses
import datetime
from typing import Any

from core_school.assessment.rules import DEFAULT_CONFIG, RulesConfig
from core_school.standard.models import AdoptedStandard

_CONFIG_FIELDS = frozenset(f.name for f in dataclasses.fields(RulesConfig))


def adopted_standard() -> AdoptedStandard | None:
    """The school's standard: the newest adoption (None before the first)."""
    return AdoptedStandard.objects.order_by("-adopted_at", "-pk").first()


def standard_flags(*, adopted: AdoptedStandard | None = None) -> dict[str, Any]:
    """The grading flags of the adopted standard (DOMAIN.md §5); the defaults before any."""
    adopted = adopted if adopted is not None else adopted_standard()
    flags = dataclasses.asdict(DEFAULT_CONFIG)
    if adopted is not None:
        flags.update(
            {k: v for k, v in adopted.content.get("grading", {}).items() if k in _CONFIG_FIELDS}
        )
    return flags


def rules_config(*, adopted: AdoptedStandard | None = None) -> RulesConfig:
    """The rules' configuration from the adopted flags (one query unless `adopted` is given)."""
    return RulesConfig(**standard_flags(adopted=adopted))


# The national deadlines (standards.national.DEADLINES, kept equal by
# tests/reporting/test_pilot_kpis.py): a school whose adopted copy predates the block uses them.
NATIONAL_DEADLINES: dict[str, Any] = {
    "attendance_morning_by": "09:00",
    "attendance_afternoon_by": "14:00",
    "midterm_marks_due_days": 7,
    "marks_due_days": 7,
}


@dataclasses.dataclass(frozen=True)
class Deadlines:
    """When the authority expects the school's records (the standard's `deadlines`)."""

    attendance_morning_by: datetime.time
    attendance_afternoon_by: datetime.time
    midterm_marks_due_days: int
    marks_due_days: int


def standard_deadlines(*, adopted: AdoptedStandard | None = None) -> Deadlines:
    """The adopted standard's deadlines, each one the national value when it is absent."""
    adopted = adopted if adopted is not None else adopted_standard()
    values = dict(NATIONAL_DEADLINES)
    if adopted is not None:
        values.update(adopted.content.get("deadlines") or {})
    return Deadlines(
        attendance_morning_by=datetime.time.fromisoformat(values["attendance_morning_by"]),
        attendance_afternoon_by=datetime.time.fromisoformat(values["attendance_afternoon_by"]),
        midterm_marks_due_days=int(values["midterm_marks_due_days"]),
        marks_due_days=int(values["marks_due_days"]),
    )
