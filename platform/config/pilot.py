"""Pilot KPIs: school-side apps compute them in their own schema, week by week; reporting
publishes them to the public schema without importing school code (as config.figures does for
the aggregate figures).

A computer is a function `computer(*, since: date, until: date) -> list[KpiRow]` that runs
inside one school's schema (the caller enters it) and returns one row per metric and week
(the week's Monday) between `since` and `until`: counts only, never a person. core_school
registers its computers when its apps are ready; reporting calls every registered computer.
"""

import datetime
from dataclasses import dataclass
from typing import Protocol

# Adoption: staff (or guardians) who used the platform in the week / staff (guardian) accounts.
ACTIVE_STAFF = "active_staff"
ACTIVE_GUARDIANS = "active_guardians"
# Timeliness: attendance registers taken by the standard's deadline (09:00) / registers taken.
ATTENDANCE_ON_TIME = "attendance_on_time"
# Timeliness: mark sheets complete by the authority's deadline / mark sheets due that week.
MARKS_ON_TIME = "marks_on_time"
# Completeness: marks entered / marks expected so far, at the week's end.
MARKS_COMPLETE = "marks_complete"
# Data quality: records passing every rule of the data dictionary / records checked.
DATA_QUALITY = "data_quality"
KPI_METRICS = (
    ACTIVE_STAFF,
    ACTIVE_GUARDIANS,
    ATTENDANCE_ON_TIME,
    MARKS_ON_TIME,
    MARKS_COMPLETE,
    DATA_QUALITY,
)


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s week: how every KPI, activity row and pilot page names a week."""
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class KpiRow:
    """One KPI of one week: `value` out of `denominator` (a rate; 0 out of 0 is no data)."""

    week: datetime.date  # the Monday
    metric: str
    value: int
    denominator: int


class KpiComputer(Protocol):
    def __call__(self, *, since: datetime.date, until: datetime.date) -> list[KpiRow]: ...


_computers: dict[str, KpiComputer] = {}


def kpi_register(name: str, func: KpiComputer) -> None:
    """Register `func` under `name` (again with the same function is harmless)."""
    existing = _computers.get(name)
    if existing is not None and existing is not func:
        raise ValueError(f"A KPI computer named {name!r} is already registered.")
    _computers[name] = func


def kpi_computers() -> dict[str, KpiComputer]:
    """Every registered computer by name (a copy)."""
    return dict(_computers)
