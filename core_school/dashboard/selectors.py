"""Reads for the principal's dashboard. Runs inside the current school's schema.

Every figure is an aggregate computed by PostgreSQL (GROUP BY, conditional counts); Python only
arranges the few aggregated rows. The page therefore runs a fixed number of queries, whatever
the size of the school or the day of the week.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Round

from core_school.academics.models import Enrolment, SchoolClass, SchoolYear, Subject, Term
from core_school.assessment.models import (
    ConductGrade,
    LearningResult,
    Level,
    Mark,
    MarkSheet,
    SubjectResult,
    YearOutcome,
)
from core_school.assessment.rules import AbsenceUnit, RulesConfig
from core_school.attendance.models import Absence, AttendanceRegister, Session
from core_school.attendance.selectors import absence_risk_threshold, counted_absences
from core_school.people.models import Pupil, Sex
from core_school.standard.selectors import rules_config

GRADES = (6, 7, 8, 9)
# A subject average below this is listed (it is the re-assessment threshold, TT22 Art. 14).
LOW_AVERAGE = Decimal("5.0")
TENTH = Decimal("0.1")
# Mark bins of the distribution charts: [low, high) except the last, which includes 10.
BINS: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal("0"), Decimal("3.5")),
    (Decimal("3.5"), Decimal("5")),
    (Decimal("5"), Decimal("6.5")),
    (Decimal("6.5"), Decimal("8")),
    (Decimal("8"), Decimal("10")),
)
# Weights of a term average (TT22 Art. 9): regular 1, mid-term 2, end-of-term 3.
MARK_WEIGHT = Case(
    When(kind=Mark.Kind.MIDTERM, then=Value(2)),
    When(kind=Mark.Kind.FINAL, then=Value(3)),
    default=Value(1),
    output_field=IntegerField(),
)
SCHOOL_WEEKDAYS = range(6)  # Monday to Saturday


# --- The frame: which year, which term, which week ------------------------------------------


@dataclass(frozen=True)
class Frame:
    today: datetime.date
    year: SchoolYear | None
    previous_year: SchoolYear | None
    term: Term | None  # the open term of the current year (as the gradebook's current_term)
    week_start: datetime.date

    @property
    def is_school_day(self) -> bool:
        """A day with registers due: Monday to Saturday, inside a term of the current year."""
        return (
            self.term is not None
            and self.today.weekday() in SCHOOL_WEEKDAYS
            and self.term.starts_on <= self.today <= self.term.ends_on
        )

    @property
    def term_days(self) -> tuple[datetime.date, datetime.date]:
        """The term so far (an empty range without a term)."""
        if self.term is None:
            return self.today, self.today - datetime.timedelta(days=1)
        return self.term.starts_on, min(self.today, self.term.ends_on)


def frame_get(*, today: datetime.date) -> Frame:
    """The current and previous school years and the open term, in two queries."""
    years = list(SchoolYear.objects.order_by("-starts_on"))
    year = next((y for y in years if y.is_current), None)
    previous = (
        next((y for y in years if y.starts_on < year.starts_on), None) if year is not None else None
    )
    terms = list(Term.objects.filter(school_year=year).select_related("school_year"))
    term = next((t for t in terms if not t.is_closed), terms[-1] if terms else None)
    return Frame(
        today=today,
        year=year,
        previous_year=previous,
        term=term,
        week_start=today - datetime.timedelta(days=today.weekday()),
    )


# --- 1. Enrolment ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeEnrolment:
    grade: int
    male: int
    female: int

    @property
    def total(self) -> int:
        return self.male + self.female


def enrolment_by_grade_and_sex(*, year: SchoolYear | None) -> list[GradeEnrolment]:
    """Open enrolments of the year's classes per grade and sex (every grade, even empty)."""
    rows = {
        row["school_class__grade"]: row
        for row in Enrolment.objects.filter(school_class__school_year=year, ends_on__isnull=True)
        .values("school_class__grade")
        .annotate(
            male=Count("pk", filter=Q(pupil__sex=Sex.MALE)),
            female=Count("pk", filter=Q(pupil__sex=Sex.FEMALE)),
        )
        .order_by()
    }
    return [
        GradeEnrolment(
            grade=grade,
            male=rows.get(grade, {}).get("male", 0),
            female=rows.get(grade, {}).get("female", 0),
        )
        for grade in GRADES
    ]


# --- 2. Attendance --------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceDay:
    date: datetime.date
    registers: int
    pupil_sessions: int  # pupils on the class lists of the day's registers
    excused: int = 0
    unexcused: int = 0
    late: int = 0

    @property
    def absent(self) -> int:
        return self.excused + self.unexcused


@dataclass(frozen=True)
class AttendanceTotals:
    registers: int
    pupil_sessions: int
    excused: int
    unexcused: int
    late: int

    @property
    def absent(self) -> int:
        return self.excused + self.unexcused

    @property
    def present(self) -> int:
        return self.pupil_sessions - self.absent

    @property
    def rate(self) -> float | None:
        """Sessions present / sessions recorded, in per cent (late counts as present)."""
        return 100 * self.present / self.pupil_sessions if self.pupil_sessions else None

    @staticmethod
    def of(days: list[AttendanceDay]) -> "AttendanceTotals":
        return AttendanceTotals(
            registers=sum(d.registers for d in days),
            pupil_sessions=sum(d.pupil_sessions for d in days),
            excused=sum(d.excused for d in days),
            unexcused=sum(d.unexcused for d in days),
            late=sum(d.late for d in days),
        )


@dataclass(frozen=True)
class ClassRegister:
    class_id: int
    name: str
    grade: int
    taken: bool


@dataclass(frozen=True)
class Attendance:
    week: AttendanceTotals
    term: AttendanceTotals
    term_days: list[AttendanceDay]  # the days of the term with registers, in order
    today_classes: list[ClassRegister]

    @property
    def missing_today(self) -> list[ClassRegister]:
        return [c for c in self.today_classes if not c.taken]


def attendance_days(
    *, year: SchoolYear | None, first: datetime.date, last: datetime.date
) -> list[AttendanceDay]:
    """Registers, pupil-sessions and absences per day of the year's classes, in two queries.

    A register's pupil-sessions are the pupils enrolled in its class on its date: everyone not
    marked absent was present (late counts as present).
    """
    # NOTE: a correlated count per register; joining enrolments and counting distinct
    # registers costs three times as much on the demo school.
    class_size = (
        Enrolment.objects.filter(school_class=OuterRef("school_class_id"))
        .filter(starts_on__lte=OuterRef("date"))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("date")))
        .order_by()
        .values("school_class")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sessions = (
        AttendanceRegister.objects.filter(school_class__school_year=year, date__range=(first, last))
        .values("date")
        .annotate(registers=Count("pk"), pupil_sessions=Sum(Subquery(class_size)))
        .order_by("date")
    )
    absences = {
        row["register__date"]: row
        for row in Absence.objects.filter(
            register__school_class__school_year=year, register__date__range=(first, last)
        )
        .values("register__date")
        .annotate(
            excused=Count("pk", filter=Q(status=Absence.Status.EXCUSED)),
            unexcused=Count("pk", filter=Q(status=Absence.Status.UNEXCUSED)),
            late=Count("pk", filter=Q(status=Absence.Status.LATE)),
        )
        .order_by()
    }
    return [
        AttendanceDay(
            date=row["date"],
            registers=row["registers"],
            pupil_sessions=row["pupil_sessions"] or 0,
            excused=absences.get(row["date"], {}).get("excused", 0),
            unexcused=absences.get(row["date"], {}).get("unexcused", 0),
            late=absences.get(row["date"], {}).get("late", 0),
        )
        for row in sessions
    ]


def class_registers_on(*, year: SchoolYear | None, day: datetime.date) -> list[ClassRegister]:
    """Every class of the year, with whether its morning register of `day` exists. One query."""
    taken = AttendanceRegister.objects.filter(
        school_class=OuterRef("pk"), date=day, session=Session.MORNING
    )
    return [
        ClassRegister(class_id=pk, name=name, grade=grade, taken=was_taken)
        for pk, name, grade, was_taken in SchoolClass.objects.filter(school_year=year)
        .annotate(taken=Exists(taken))
        .order_by("grade", "name")
        .values_list("pk", "name", "grade", "taken")
    ]


def attendance_get(*, frame: Frame) -> Attendance:
    """This week, this term so far, and today's morning registers, in three queries."""
    term_first, term_last = frame.term_days
    first = min(frame.week_start, term_first)
    days = attendance_days(year=frame.year, first=first, last=frame.today)
    return Attendance(
        week=AttendanceTotals.of([d for d in days if d.date >= frame.week_start]),
        term=AttendanceTotals.of([d for d in days if term_first <= d.date <= term_last]),
        term_days=[d for d in days if term_first <= d.date <= term_last],
        today_classes=class_registers_on(year=frame.year, day=frame.today),
    )


# --- 3. Mark distributions ------------------------------------------------------------------


def _bin_of(field_name: str) -> Case:
    """The BINS index of a score column, computed by the database."""
    whens = [When(**{f"{field_name}__lt": high}, then=Value(i)) for i, (_, high) in enumerate(BINS)]
    return Case(*whens[:-1], default=Value(len(BINS) - 1), output_field=IntegerField())


@dataclass(frozen=True)
class Distribution:
    subject: Subject | None
    grade: int | None  # None: every grade
    source: str  # "averages" (term averages, ĐTBmhk) or "marks" (every entered mark)
    counts_by_grade: dict[int, list[int]]  # grade -> one count per bin

    @property
    def all_grades(self) -> list[int]:
        return [sum(column) for column in zip(*self.counts_by_grade.values(), strict=True)]

    @property
    def counts(self) -> list[int]:
        """The chart's counts: the selected grade, or every grade added up."""
        return self.counts_by_grade[self.grade] if self.grade is not None else self.all_grades

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def total_all_grades(self) -> int:
        return sum(self.all_grades)

    @property
    def rows(self) -> list[tuple[int, list[int], int]]:
        """(grade, counts, total) per grade, for the data table."""
        return [(g, counts, sum(counts)) for g, counts in self.counts_by_grade.items()]


def scored_subject_list() -> list[Subject]:
    return list(Subject.objects.filter(mode=Subject.Mode.SCORED).order_by("order", "code"))


def mark_distribution(
    *, year: SchoolYear | None, term: Term | None, subject: Subject | None, grade: int | None
) -> Distribution:
    """Term averages of one subject per grade and bin when the term has results, else every
    entered mark of the term. Two grouped queries (both always run: a fixed count)."""
    # The pupil's grade that year: of their latest class (enrolments close at the year's end).
    grade_that_year = Subquery(
        Enrolment.objects.filter(pupil=OuterRef("pupil_id"), school_class__school_year=year)
        .order_by("-starts_on", "-pk")
        .values("school_class__grade")[:1]
    )
    averages = (
        SubjectResult.objects.filter(term=term, subject=subject, average__isnull=False)
        .values(grade=grade_that_year, bin=_bin_of("average"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    marks = (
        Mark.objects.filter(sheet__term=term, sheet__subject=subject, score__isnull=False)
        .values(grade=F("sheet__school_class__grade"), bin=_bin_of("score"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    average_rows, mark_rows = list(averages), list(marks)
    rows, source = (average_rows, "averages") if average_rows else (mark_rows, "marks")
    counts = {g: [0] * len(BINS) for g in GRADES}
    for row in rows:
        if row["grade"] in counts:
            counts[row["grade"]][row["bin"]] += row["n"]
    return Distribution(subject=subject, grade=grade, source=source, counts_by_grade=counts)


# --- 4. Pupils at risk ----------------------------------------------------------------------


@dataclass(frozen=True)
class AbsenceRisk:
    pupil_id: int
    name: str
    class_name: str
    absences: int
    limit: int  # the adopted standard's max_absences

    @property
    def left(self) -> int:
        """Absences the pupil may still have and be promoted (the limit exactly is allowed)."""
        return self.limit - self.absences


@dataclass(frozen=True)
class LowSubject:
    subject: str
    average: Decimal
    marks: int  # entered marks behind a provisional average (0 for a term result)


@dataclass(frozen=True)
class LearningRisk:
    pupil_id: int
    name: str
    class_name: str
    subjects: list[LowSubject] = field(default_factory=list)

    @property
    def lowest(self) -> Decimal:
        return min(s.average for s in self.subjects)


@dataclass(frozen=True)
class ConductRisk:
    pupil_id: int
    name: str
    class_name: str
    term: int


def _class_of_pupil(year: SchoolYear | None) -> Subquery:
    """The name of the pupil's class this year (open enrolment), as a correlated subquery."""
    return Subquery(
        Enrolment.objects.filter(
            pupil=OuterRef("pupil_id"), school_class__school_year=year, ends_on__isnull=True
        )
        .order_by("-starts_on")
        .values("school_class__name")[:1]
    )


def at_risk_threshold(limit: int) -> int:
    """Counted absences from which a pupil is listed: two thirds of the adopted standard's
    limit, 30 of the national 45 buổi (TT22 Art. 12), as on the class register."""
    return absence_risk_threshold(limit)


def absence_risk_list(
    *, year: SchoolYear | None, config: RulesConfig | None = None, threshold: int | None = None
) -> list[AbsenceRisk]:
    """Pupils of the year with at least `threshold` counted absences, most first. One query
    (and one for the adopted standard unless `config` is given).

    Counted as the adopted standard says (DOMAIN.md §3.4): excused or unexcused, in sessions
    that count for promotion, per session or per day (``absence_unit``); the limit is its
    ``max_absences`` and the default threshold two thirds of it.
    """
    config = config if config is not None else rules_config()
    limit = config.max_absences
    threshold = threshold if threshold is not None else at_risk_threshold(limit)
    rows = (
        Enrolment.objects.filter(school_class__school_year=year, ends_on__isnull=True)
        .annotate(
            absences=counted_absences(
                unit=config.absence_unit, year=year, relation="pupil__absences"
            )
        )
        .filter(absences__gte=threshold)
        .order_by("-absences", "pupil__full_name", "pupil_id")
        .values_list("pupil_id", "pupil__full_name", "school_class__name", "absences")
    )
    return [
        AbsenceRisk(pupil_id=pk, name=name, class_name=class_name, absences=n, limit=limit)
        for pk, name, class_name, n in rows
    ]


def _latest_term_with(model: type, year: SchoolYear | None) -> Subquery:
    """The latest term of the year that holds any row of `model` (a term-keyed result)."""
    return Subquery(
        Term.objects.filter(school_year=year)
        .filter(Exists(model.objects.filter(term=OuterRef("pk"))))  # type: ignore[attr-defined]
        .order_by("-number")
        .values("pk")[:1]
    )


@dataclass(frozen=True)
class LearningRisks:
    pupils: list[LearningRisk]
    source: str  # "results" (term averages) or "marks" (entered marks, provisional)
    term: int | None  # the number of the term the list is about

    @property
    def provisional(self) -> bool:
        return self.source == "marks"


def learning_risk_list(*, year: SchoolYear | None, term: Term | None) -> LearningRisks:
    """Pupils with a subject average below 5.0, in two grouped queries (both always run).

    In the latest term of the year with results: its term averages (ĐTBmhk). Before any
    term of the year has results: the provisional average of the marks entered so far in the
    open term, weighted as the term average will be (regular 1, mid-term 2, end-of-term 3).
    """
    results = list(
        SubjectResult.objects.filter(
            school_year=year,
            term=_latest_term_with(SubjectResult, year),
            average__lt=LOW_AVERAGE,
        )
        .annotate(class_name=_class_of_pupil(year))
        .filter(class_name__isnull=False)
        .values_list(
            "pupil_id",
            "pupil__full_name",
            "class_name",
            "subject__short_name",
            "average",
            "term__number",
        )
    )
    weighted = ExpressionWrapper(
        F("score") * MARK_WEIGHT, output_field=DecimalField(max_digits=6, decimal_places=1)
    )
    has_results = SubjectResult.objects.filter(school_year=year, term__isnull=False)
    sheet = MarkSheet.objects.filter(pk=OuterRef("sheet_id")).order_by()
    # NOTE: grouped by ids only, the names looked up for the few groups kept: grouping the
    # term's marks by the name columns costs half as much again on the demo school.
    provisional = list(
        Mark.objects.filter(sheet__term=term, score__isnull=False)
        .filter(~Exists(has_results))
        .values("pupil_id", "sheet_id")
        .annotate(average=Round(Sum(weighted) / Sum(MARK_WEIGHT), 1), marks=Count("pk"))
        .filter(average__lt=LOW_AVERAGE)
        .annotate(
            name=Subquery(
                Pupil.objects.filter(pk=OuterRef("pupil_id")).order_by().values("full_name")
            ),
            class_name=Subquery(sheet.values("school_class__name")),
            subject=Subquery(sheet.values("subject__short_name")),
        )
        .order_by()
        .values_list("pupil_id", "name", "class_name", "subject", "average", "marks")
    )
    if results:
        source, term_number = "results", results[0][5]
        rows = [(p, n, c, s, a, 0) for p, n, c, s, a, _ in results]
    else:
        source, term_number = "marks", term.number if term else None
        rows = provisional
    by_pupil: dict[int, LearningRisk] = {}
    for pupil_id, name, class_name, subject, average, marks in rows:
        risk = by_pupil.setdefault(
            pupil_id, LearningRisk(pupil_id=pupil_id, name=name, class_name=class_name)
        )
        risk.subjects.append(
            LowSubject(subject=subject, average=Decimal(average).quantize(TENTH), marks=marks)
        )
    for risk in by_pupil.values():
        risk.subjects.sort(key=lambda s: (s.average, s.subject))
    pupils = sorted(by_pupil.values(), key=lambda r: (-len(r.subjects), r.lowest, r.name))
    return LearningRisks(pupils=pupils, source=source, term=term_number)


def conduct_risk_list(*, year: SchoolYear | None) -> list[ConductRisk]:
    """Pupils graded Chưa đạt in conduct in the latest term of the year graded. One query."""
    rows = (
        ConductGrade.objects.filter(
            school_year=year, term=_latest_term_with(ConductGrade, year), level=Level.CHUA_DAT
        )
        .annotate(class_name=_class_of_pupil(year))
        .filter(class_name__isnull=False)
        .order_by("class_name", "pupil__full_name")
        .values_list("pupil_id", "pupil__full_name", "class_name", "term__number")
    )
    return [
        ConductRisk(pupil_id=pk, name=name, class_name=class_name, term=number)
        for pk, name, class_name, number in rows
    ]


@dataclass(frozen=True)
class AtRisk:
    absences: list[AbsenceRisk]
    learning: LearningRisks
    conduct: list[ConductRisk]
    absence_limit: int = 45  # the adopted standard's max_absences
    absence_threshold: int = 30  # listed from this many
    absences_by_day: bool = False  # absence_unit = calendar_day: counted in days, not buổi

    @property
    def pupils(self) -> int:
        """Distinct pupils on any of the three lists."""
        ids = {r.pupil_id for r in self.absences} | {r.pupil_id for r in self.learning.pupils}
        return len(ids | {r.pupil_id for r in self.conduct})


def at_risk_get(*, frame: Frame, config: RulesConfig | None = None) -> AtRisk:
    """The three at-risk lists of the current year, in four queries (five without `config`,
    the adopted standard's rules)."""
    config = config if config is not None else rules_config()
    return AtRisk(
        absences=absence_risk_list(year=frame.year, config=config),
        learning=learning_risk_list(year=frame.year, term=frame.term),
        conduct=conduct_risk_list(year=frame.year),
        absence_limit=config.max_absences,
        absence_threshold=at_risk_threshold(config.max_absences),
        absences_by_day=config.absence_unit == AbsenceUnit.CALENDAR_DAY,
    )


# --- 5. Last year ---------------------------------------------------------------------------


@dataclass(frozen=True)
class YearSummary:
    year: SchoolYear | None
    learning: dict[str, int]  # Level value -> pupils (year level)
    conduct: dict[str, int]  # Level value -> pupils (year conduct)
    decisions: dict[str, int]  # Decision value -> pupils, end of year
    after_summer: dict[str, int]  # Decision value -> pupils, after the summer
    awards: dict[str, int]  # Award value -> pupils

    @property
    def pupils(self) -> int:
        return sum(self.decisions.values())

    @property
    def summer_pending(self) -> int:
        """Pupils sent to re-assessment or summer training with no decision after it yet."""
        summer = self.decisions.get(YearOutcome.Decision.REASSESS, 0) + self.decisions.get(
            YearOutcome.Decision.SUMMER_TRAINING, 0
        )
        return summer - sum(self.after_summer.values())


def _level_counts(model: type, year: SchoolYear | None) -> dict[str, int]:
    counts = dict(
        model.objects.filter(school_year=year, term__isnull=True)  # type: ignore[attr-defined]
        .values("level")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("level", "n")
    )
    return {level: counts.get(level, 0) for level in Level.values}


def year_summary(*, year: SchoolYear | None) -> YearSummary:
    """Year learning and conduct levels, decisions and awards of a school year, in 3 queries."""
    outcomes = list(
        YearOutcome.objects.filter(school_year=year)
        .values("stage", "decision", "award")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("stage", "decision", "award", "n")
    )
    decisions: dict[str, int] = defaultdict(int)
    after: dict[str, int] = defaultdict(int)
    awards: dict[str, int] = defaultdict(int)
    for stage, decision, award, n in outcomes:
        if stage == YearOutcome.Stage.INITIAL:
            decisions[decision] += n
            if award:
                awards[award] += n
        else:
            after[decision] += n
    return YearSummary(
        year=year,
        learning=_level_counts(LearningResult, year),
        conduct=_level_counts(ConductGrade, year),
        decisions={d: decisions.get(d, 0) for d in YearOutcome.Decision.values},
        after_summer={d: after[d] for d in YearOutcome.Decision.values if after.get(d)},
        awards={a: awards.get(a, 0) for a in YearOutcome.Award.values},
    )
