"""Data quality: the school's records checked against its adopted data dictionary.

Runs inside the current school's schema. The report names the failing records (for the
principal's page inside the school only); what leaves the school is its counts.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from core_school.people.models import Pupil, StaffMember
from core_school.standard.models import ConformanceCheck

# The records a data dictionary sets rules on, and the fields that label them on the page.
RECORD_SOURCES: dict[str, tuple[type[Pupil] | type[StaffMember], str]] = {
    "pupil": (Pupil, "full_name"),
    "staff": (StaffMember, "full_name"),
}


@dataclass(frozen=True)
class Failure:
    """One rule a record breaks: which record, which field, which rule, the value found."""

    record: str  # "pupil" | "staff"
    record_id: int
    label: str
    field: str
    rule: str
    value: str


@dataclass
class ConformanceReport:
    records: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failing_keys(self) -> set[tuple[str, int]]:
        return {(f.record, f.record_id) for f in self.failures}

    @property
    def failing(self) -> int:
        return len(self.failing_keys)

    @property
    def score(self) -> Decimal:
        """Percent of records passing every rule, one decimal, half up (100.0 if none)."""
        if not self.records:
            return Decimal("100.0")
        passing = Decimal(self.records - self.failing) * 100 / Decimal(self.records)
        return passing.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def per_rule_counts(self) -> dict[str, int]:
        """{"pupil.national_id.pattern": failing records, ...}"""
        counts = Counter(f"{f.record}.{f.field}.{f.rule}" for f in self.failures)
        return dict(sorted(counts.items()))


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def rule_breaks(rule: dict[str, Any], value: str) -> list[str]:
    """The rules (required, max_length, pattern, allowed) that `value` breaks."""
    broken = []
    if not value.strip():
        return ["required"] if rule.get("required") else []
    if "max_length" in rule and len(value) > rule["max_length"]:
        broken.append("max_length")
    if "pattern" in rule and not re.fullmatch(rule["pattern"], value):
        broken.append("pattern")
    if "allowed" in rule and value not in rule["allowed"]:
        broken.append("allowed")
    return broken


def conformance_check(*, dictionary: dict[str, list[dict[str, Any]]]) -> ConformanceReport:
    """Check every pupil and staff record against `dictionary` (one query per kind)."""
    report = ConformanceReport()
    for record, (model, label_field) in RECORD_SOURCES.items():
        rules = dictionary.get(record, [])
        fields = sorted({rule["field"] for rule in rules})
        rows = model.objects.order_by("pk").values("pk", label_field, *fields)
        for row in rows:
            report.records += 1
            for rule in rules:
                value = _text(row[rule["field"]])
                for broken in rule_breaks(rule, value):
                    report.failures.append(
                        Failure(record, row["pk"], row[label_field], rule["field"], broken, value)
                    )
    return report


def conformance_check_keep(
    *, version: int, report: ConformanceReport, checked_at: datetime.datetime
) -> ConformanceCheck:
    """Keep the counts of a check whose score was stored (sent to the authority) in the
    school's own schema: the pilot's data quality reads them week by week."""
    return ConformanceCheck.objects.create(
        checked_at=checked_at, version=version, records=report.records, failing=report.failing
    )
