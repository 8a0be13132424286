"""What the family portal shows, as plain values the templates only lay out.

Scores stay `Decimal` so the page prints them with the reader's decimal separator ("7,8" in
Vietnamese); comment-only results are the strings "Đ" / "CĐ"; `None` is "nothing yet".
Every section carries `updated_at`, the newest time its data changed, for the "last updated"
stamp parents asked for instead of empty screens.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from core_school.academics.models import SchoolClass, SchoolYear, Term, TimetableSlot
from core_school.attendance.models import Absence, BehaviourNote
from core_school.people.models import Pupil

Cell = Decimal | str | None
"""A score, "Đ" / "CĐ" for a comment-only subject, or None when there is none (yet)."""


@dataclass(frozen=True)
class PortalChild:
    """A child the signed-in guardian (or pupil) may see, with the whole family for the
    switcher (eldest first)."""

    pupil: Pupil
    family: tuple[Pupil, ...]

    @property
    def others(self) -> tuple[Pupil, ...]:
        return tuple(p for p in self.family if p.pk != self.pupil.pk)


@dataclass(frozen=True)
class SubjectMarks:
    """One subject's published marks of the term: TX1…TXn, GK, CK and the term result."""

    subject: str
    is_scored: bool
    regular: tuple[Cell, ...]
    midterm: Cell
    final: Cell
    # ĐTBmhk (or Đ / CĐ) once every mark of the term is in, as the gradebook computes it.
    average: Cell


@dataclass(frozen=True)
class TermMarks:
    """The published marks of the child's class in the open term. Unpublished sheets are not
    here at all; `waiting` lists the class's other subjects, which have nothing published."""

    term: Term
    subjects: tuple[SubjectMarks, ...]
    waiting: tuple[str, ...]
    updated_at: datetime.datetime | None


@dataclass(frozen=True)
class PeriodCells:
    """One line across a school year: Term 1, Term 2 and the whole year."""

    term1: Cell = None
    term2: Cell = None
    year: Cell = None


@dataclass(frozen=True)
class YearResults:
    """A school year's results as the school released them: subject averages, learning and
    conduct levels of the closed terms and of the year, the year-end decision and award."""

    school_year: SchoolYear
    class_name: str
    subjects: tuple[tuple[str, PeriodCells], ...]
    learning: PeriodCells
    conduct: PeriodCells
    decision: str  # the end-of-year decision's label, "" before the year is decided
    after_summer: str  # the decision after the summer re-assessment or training, if any
    reassess_subjects: tuple[str, ...]
    award: str
    absences: int | None
    updated_at: datetime.datetime | None


@dataclass(frozen=True)
class AttendanceSummary:
    """This term's absences and late arrivals, and the year's count against the limit."""

    absences: tuple[Absence, ...]  # this term, newest first
    excused: int
    unexcused: int
    late: int
    year_count: int  # absences this year that count for promotion (TT22 Art. 12)
    limit: int  # the adopted standard's max_absences
    updated_at: datetime.datetime | None  # the class register last taken
    by_day: bool = False  # absence_unit = calendar_day: year_count is in days, not sessions


@dataclass(frozen=True)
class NoteList:
    notes: tuple[BehaviourNote, ...]
    praise: int
    incidents: int
    updated_at: datetime.datetime | None


@dataclass(frozen=True)
class TimetableDay:
    weekday: int
    label: str
    is_today: bool
    slots: tuple[TimetableSlot, ...]


@dataclass(frozen=True)
class ChildOverview:
    """Everything on a child's portal page."""

    child: PortalChild
    school_class: SchoolClass | None  # the current class, None when not enrolled this year
    school_year: SchoolYear | None
    marks: TermMarks | None
    this_year: YearResults | None
    history: tuple[YearResults, ...]
    attendance: AttendanceSummary | None
    notes: NoteList | None
    timetable: tuple[TimetableDay, ...]
