"""Aggregate figures: school-side apps compute them in their own schema; reporting publishes
them to the public schema without importing school code (the import contracts forbid it both
ways), as config.metering does for billing.

A computer is a function `computer() -> list[FigureRow]` that runs inside one school's schema
(the caller enters it) and returns plain counts, never a person: every row is a count of pupils
(or guardians, or pupil-sessions) in a cell. core_school registers its computer when its apps
are ready (core_school.figures.apps); reporting.services calls every registered computer and
suppresses the small cells before anything is written.
"""

from dataclasses import dataclass
from typing import Protocol

# The metrics, each a count of something in a cell; `denominator` is the cell's population.
ENROLMENT = "enrolment"  # pupils enrolled; cells by grade and sex (and totals)
ATTENDANCE = "attendance"  # pupil-sessions attended / pupil-sessions expected, by grade
MARK_BAND = "mark_band"  # pupils whose subject average is in a band / pupils with an average
LEARNING_LEVEL = "learning_level"  # pupils at a learning level / pupils with a level
CONDUCT_LEVEL = "conduct_level"  # pupils at a conduct level / pupils with a level
PROMOTION = "promotion"  # pupils with a year-end decision (in `level`) / pupils decided
PORTAL_ADOPTION = "portal_adoption"  # guardians who signed in / all guardians
# Early-warning flags raised (resolved) in the period, the rule's code in `level`, out of the
# pupils evaluated (the year's enrolment, also the population: a count of flags is never a
# pupil count, and 2 flags in a school of 900 say nothing about anyone).
EARLY_WARNING_RAISED = "early_warning_raised"
EARLY_WARNING_RESOLVED = "early_warning_resolved"
METRICS = (
    ENROLMENT,
    ATTENDANCE,
    MARK_BAND,
    LEARNING_LEVEL,
    CONDUCT_LEVEL,
    PROMOTION,
    PORTAL_ADOPTION,
    EARLY_WARNING_RAISED,
    EARLY_WARNING_RESOLVED,
)

# Score bands of subject averages: [low, high) except the last, which includes 10.
MARK_BANDS: tuple[tuple[str, str], ...] = (
    ("0", "3.5"),
    ("3.5", "5"),
    ("5", "6.5"),
    ("6.5", "8"),
    ("8", "10"),
)


@dataclass(frozen=True)
class FigureRow:
    """One cell: `value` counted over `population` pupils (the number suppression looks at)
    out of `denominator` (for rates; for plain counts it equals `value`).

    `term` is None for a whole-year figure; empty strings and None mean "all" in a dimension.
    """

    school_year: str
    term: int | None
    metric: str
    value: int
    denominator: int
    population: int
    grade: int | None = None
    sex: str = ""
    subject: str = ""
    band: int | None = None
    level: str = ""


class FigureComputer(Protocol):
    def __call__(self) -> list[FigureRow]: ...


_computers: dict[str, FigureComputer] = {}


def figures_register(name: str, func: FigureComputer) -> None:
    """Register `func` under `name`.

    Registering the same function again is harmless (apps may be readied twice in a process);
    a different function under a name already taken is a programming error.
    """
    existing = _computers.get(name)
    if existing is not None and existing is not func:
        raise ValueError(f"A figure computer named {name!r} is already registered.")
    _computers[name] = func


def figure_computers() -> dict[str, FigureComputer]:
    """Every registered computer by name (a copy: callers cannot change the registry)."""
    return dict(_computers)
