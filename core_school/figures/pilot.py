"""The pilot's KPIs of one school, week by week (config.pilot), counted in its schema.

Each metric is one rate per week (the week's Monday): `value` out of `denominator`, counts only.
A week with nothing to count (denominator 0) gives no row. The deadlines are the adopted
standard's (core_school.standard.selectors.standard_deadlines; the national ones when the
adopted copy has none). Every metric reads its tables in a few set-based queries whatever the
number of weeks, pupils or sheets; the rest is counting in Python.

- ACTIVE_STAFF / ACTIVE_GUARDIANS: accounts of that kind recorded as using the platform in
  the week (core_school.activity: a sign-in, or any signed-in page or API call) / accounts of
  that kind: active accounts opened by the week's end, plus any account recorded that week
  that is no longer one of those. The kind comes from the roles: a member of staff if any
  staff role, else a guardian (parent role), else a pupil.
- ATTENDANCE_ON_TIME: attendance registers of the week's days first taken on their own day by
  the standard's time for their session (09:00 morning, 14:00 afternoon; the deadline minute
  included, up to 09:00:59) / registers of the week's days. A register corrected later keeps
  its first time.
- MARKS_ON_TIME: mark sheets whose deadline fell in the week and has passed, complete by the
  end of the deadline day / sheets due that week. Each sheet of a term is due twice: its
  mid-term column (ĐĐGgk) for every pupil enrolled in the class at the term's midpoint, within
  `midterm_marks_due_days` of that midpoint (Term has no mid-term date: its midpoint stands for
  it), and every required column (ĐĐGtx 1…n, ĐĐGgk, ĐĐGck; n from the subject's periods,
  DOMAIN.md §1.3) for every pupil enrolled on the term's last day, within `marks_due_days` of
  the term's end. A sheet is complete at the time its last required mark was entered
  (Mark.created_at; a cleared cell deletes its mark, so a stored mark was entered then).
- MARKS_COMPLETE: at the week's end (or now, for the current week), among the marks expected
  so far in that school year — for each sheet, its mid-term column once the mid-term deadline
  has passed, every required column once the term's deadline has passed — those entered by
  then / those expected. Early in a school year nothing is due yet: no row.
- DATA_QUALITY: the records passing every rule of the adopted data dictionary / the records
  checked, from the week's latest stored conformance check (core_school.standard); a week
  with no check gives no row.

Approximations, said plainly: marks and registers entered before their timestamps existed
carry their last change as their first time (the migrations' best knowledge); a mark deleted
after a deadline no longer counts for the weeks before its deletion.
"""

import bisect
import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.db.models import BigIntegerField, Count, F, Func, Max, Q
from django.db.models.functions import TruncDate, TruncTime, TruncWeek
from django.utils import timezone

from accounts.models import User
from accounts.roles import STAFF_ROLES, Role
from config.pilot import (
    ACTIVE_GUARDIANS,
    ACTIVE_STAFF,
    ATTENDANCE_ON_TIME,
    DATA_QUALITY,
    MARKS_COMPLETE,
    MARKS_ON_TIME,
    KpiRow,
    week_of,
)
from core_school.academics.models import (
    Enrolment,
    SchoolYear,
    SubjectGradePlan,
    Term,
)
from core_school.activity.models import UserKind, WeeklyActivity
from core_school.assessment import rules
from core_school.assessment.models import Mark, MarkSheet
from core_school.attendance.models import AttendanceRegister, Session
from core_school.standard.models import ConformanceCheck
from core_school.standard.selectors import Deadlines, standard_deadlines

WEEK = datetime.timedelta(days=7)
DAY = datetime.timedelta(days=1)
_STAFF = frozenset(role.value for role in STAFF_ROLES)


def weeks_between(since: datetime.date, until: datetime.date) -> list[datetime.date]:
    """The Mondays of the weeks from `since`'s to `until`'s, both included."""
    weeks, monday = [], week_of(since)
    while monday <= until:
        weeks.append(monday)
        monday += WEEK
    return weeks


def _midnight(day: datetime.date) -> datetime.datetime:
    """The start of `day` in the school's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def kind_of(roles: Iterable[str | None]) -> str:
    """A user's kind from their role names: staff first, then guardian, then pupil."""
    names = set(roles)
    if names & _STAFF:
        return UserKind.STAFF
    if Role.PARENT.value in names:
        return UserKind.GUARDIAN
    if Role.PUPIL.value in names:
        return UserKind.PUPIL
    return UserKind.OTHER


def _rows(metric: str, counts: dict[datetime.date, tuple[int, int]]) -> list[KpiRow]:
    return [
        KpiRow(week=week, metric=metric, value=value, denominator=denominator)
        for week, (value, denominator) in sorted(counts.items())
        if denominator
    ]


# ---------------------------------------------------------------------------------------------
# Adoption
# ---------------------------------------------------------------------------------------------


def adoption_kpis(weeks: list[datetime.date]) -> list[KpiRow]:
    """ACTIVE_STAFF and ACTIVE_GUARDIANS of each week (two queries)."""
    if not weeks:
        return []
    accounts: dict[int, tuple[str, bool, datetime.datetime]] = {}
    joined: dict[str, list[datetime.datetime]] = defaultdict(list)
    for pk, is_active, date_joined, roles in User.objects.annotate(
        roles=ArrayAgg("groups__name")
    ).values_list("pk", "is_active", "date_joined", "roles"):
        kind = kind_of(roles)
        accounts[pk] = (kind, is_active, date_joined)
        if is_active:
            joined[kind].append(date_joined)
    for times in joined.values():
        times.sort()
    ends = {week: _midnight(week + WEEK) for week in weeks}
    active: dict[tuple[datetime.date, str], int] = defaultdict(int)
    outside: dict[tuple[datetime.date, str], int] = defaultdict(int)
    for user_id, week, kind in WeeklyActivity.objects.filter(
        week__gte=weeks[0], week__lte=weeks[-1]
    ).values_list("user_id", "week", "kind"):
        active[(week, kind)] += 1
        current, is_active, date_joined = accounts[user_id]
        if not (is_active and current == kind and date_joined < ends[week]):
            outside[(week, kind)] += 1
    rows = []
    for metric, kind in ((ACTIVE_STAFF, UserKind.STAFF), (ACTIVE_GUARDIANS, UserKind.GUARDIAN)):
        counts = {}
        for week in weeks:
            opened = bisect.bisect_left(joined[kind], ends[week])
            counts[week] = (active[(week, kind)], opened + outside[(week, kind)])
        rows += _rows(metric, counts)
    return rows


# ---------------------------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------------------------


def _minute_end(deadline: datetime.time) -> datetime.time:
    """The last instant of the deadline's minute: "by 09:00" includes 09:00:59."""
    return deadline.replace(second=59, microsecond=999999)


def attendance_kpis(weeks: list[datetime.date], deadlines: Deadlines) -> list[KpiRow]:
    """ATTENDANCE_ON_TIME of each week (one query)."""
    if not weeks:
        return []
    on_time = Q(first_day=F("date")) & (
        Q(session=Session.MORNING, first_time__lte=_minute_end(deadlines.attendance_morning_by))
        | Q(
            session=Session.AFTERNOON,
            first_time__lte=_minute_end(deadlines.attendance_afternoon_by),
        )
    )
    counts = {
        row["week"]: (row["on_time"], row["taken"])
        for row in AttendanceRegister.objects.filter(date__gte=weeks[0], date__lt=weeks[-1] + WEEK)
        .annotate(
            week=TruncWeek("date"),
            first_day=TruncDate("first_taken_at"),
            first_time=TruncTime("first_taken_at"),
        )
        .order_by()
        .values("week")
        .annotate(taken=Count("pk"), on_time=Count("pk", filter=on_time))
    }
    return _rows(ATTENDANCE_ON_TIME, counts)


# ---------------------------------------------------------------------------------------------
# Marks
# ---------------------------------------------------------------------------------------------


class _Epoch(Func):
    """A time as whole seconds since 1970: thousands of them load far faster than datetimes."""

    template = "floor(extract(epoch FROM %(expressions)s))::bigint"
    output_field = BigIntegerField()


def _seconds(moment: datetime.datetime) -> int:
    return int(moment.timestamp())


class _Due:
    """One deadline of one sheet: the cells expected and when each was entered (seconds since
    1970; None: not entered)."""

    __slots__ = ("complete_at", "due", "entered", "expected", "sheet_id", "year_id")

    def __init__(
        self,
        *,
        sheet_id: int,
        year_id: int,
        due: datetime.date,
        times: list[int | None],
    ) -> None:
        self.sheet_id = sheet_id
        self.year_id = year_id
        self.due = due
        self.expected = len(times)
        entered = [t for t in times if t is not None]
        self.entered = sorted(entered)
        self.complete_at = max(entered) if entered and len(entered) == len(times) else None

    def on_time(self) -> bool:
        return self.complete_at is not None and self.complete_at < _seconds(
            _midnight(self.due + DAY)
        )

    def entered_by(self, moment: int) -> int:
        """How many of the expected cells were entered by `moment` (seconds), included."""
        return bisect.bisect_right(self.entered, moment)


def _year_of(years: list[SchoolYear], day: datetime.date) -> int | None:
    """The school year a day belongs to: the latest one started by then (a summer belongs
    to the year just ended)."""
    started = [year for year in years if year.starts_on <= day]
    return started[-1].pk if started else None


def _dues(weeks: list[datetime.date], deadlines: Deadlines) -> tuple[list[_Due], list[SchoolYear]]:
    """Both deadlines of every sheet of the school years the weeks fall in (five queries)."""
    years = list(SchoolYear.objects.order_by("starts_on"))
    year_ids = {_year_of(years, week + 6 * DAY) for week in weeks} - {None}
    terms = {term.pk: term for term in Term.objects.filter(school_year_id__in=year_ids)}
    if not terms:
        return [], years
    sheets = list(
        MarkSheet.objects.filter(term_id__in=terms).values_list(
            "pk", "term_id", "school_class_id", "school_class__grade", "subject_id", "subject__mode"
        )
    )
    plans = {
        (subject_id, grade): periods
        for subject_id, grade, periods in SubjectGradePlan.objects.values_list(
            "subject_id", "grade", "periods_per_year"
        )
    }
    enrolments: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(list)
    for class_id, pupil_id, starts_on, ends_on in Enrolment.objects.filter(
        school_class__school_year_id__in=year_ids
    ).values_list("school_class_id", "pupil_id", "starts_on", "ends_on"):
        enrolments[class_id].append((pupil_id, starts_on, ends_on))
    columns = [f"tx{i}" for i in range(1, 5)] + ["gk", "ck"]
    regular = {f"tx{i}": Q(kind=Mark.Kind.REGULAR, index=i) for i in range(1, 5)}
    cells: dict[tuple[int, int], tuple[int | None, ...]] = {}
    marks = (
        Mark.objects.filter(sheet__term_id__in=terms)
        .filter(Q(score__isnull=False) | Q(passed__isnull=False))
        .order_by()
        .values("sheet_id", "pupil_id")
        .annotate(
            **{code: _Epoch(Max("created_at", filter=where)) for code, where in regular.items()},
            gk=_Epoch(Max("created_at", filter=Q(kind=Mark.Kind.MIDTERM))),
            ck=_Epoch(Max("created_at", filter=Q(kind=Mark.Kind.FINAL))),
        )
        .values_list("sheet_id", "pupil_id", *columns)
    )
    # Tens of thousands of rows of plain integers: read without the ORM's per-row converters.
    sql, params = marks.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for sheet_id, pupil_id, *times in cursor.fetchall():
            cells[(sheet_id, pupil_id)] = tuple(times)
    position = {code: index for index, code in enumerate(columns)}
    none = (None,) * len(columns)

    def enrolled(class_id: int, day: datetime.date) -> list[int]:
        return [
            pupil_id
            for pupil_id, starts_on, ends_on in enrolments[class_id]
            if starts_on <= day and (ends_on is None or ends_on >= day)
        ]

    dues = []
    for sheet_id, term_id, class_id, grade, subject_id, mode in sheets:
        term = terms[term_id]
        n = rules.n_regular(plans.get((subject_id, grade), 35)) if mode == "scored" else 2
        required = [position[f"tx{i}"] for i in range(1, n + 1)] + [position["gk"], position["ck"]]
        midpoint = term.starts_on + (term.ends_on - term.starts_on) // 2
        for day, due, wanted in (
            (
                midpoint,
                midpoint + deadlines.midterm_marks_due_days * DAY,
                [position["gk"]],
            ),
            (term.ends_on, term.ends_on + deadlines.marks_due_days * DAY, required),
        ):
            times: list[int | None] = []
            for pupil_id in enrolled(class_id, day):
                row = cells.get((sheet_id, pupil_id), none)
                times += [row[index] for index in wanted]
            dues.append(_Due(sheet_id=sheet_id, year_id=term.school_year_id, due=due, times=times))
    return dues, years


def marks_kpis(
    weeks: list[datetime.date], deadlines: Deadlines, *, now: datetime.datetime
) -> list[KpiRow]:
    """MARKS_ON_TIME and MARKS_COMPLETE of each week (five queries)."""
    if not weeks:
        return []
    dues, years = _dues(weeks, deadlines)
    today = timezone.localdate(now)
    on_time: dict[datetime.date, tuple[int, int]] = {}
    complete: dict[datetime.date, tuple[int, int]] = {}
    for week in weeks:
        sunday = week + 6 * DAY
        # Deadlines whose day has ended by the week's end (or by now).
        passed = min(sunday, today - DAY)
        moment = _seconds(min(_midnight(week + WEEK), now))
        due_now = [due for due in dues if week <= due.due <= passed]
        on_time[week] = (sum(due.on_time() for due in due_now), len(due_now))
        year_id = _year_of(years, min(sunday, today))
        latest: dict[int, _Due] = {}
        for due in dues:
            if due.year_id == year_id and due.due <= passed:
                # The term's deadline (the later one) covers the mid-term column too.
                kept = latest.get(due.sheet_id)
                if kept is None or kept.due < due.due:
                    latest[due.sheet_id] = due
        complete[week] = (
            sum(due.entered_by(moment) for due in latest.values()),
            sum(due.expected for due in latest.values()),
        )
    return _rows(MARKS_ON_TIME, on_time) + _rows(MARKS_COMPLETE, complete)


# ---------------------------------------------------------------------------------------------
# Data quality
# ---------------------------------------------------------------------------------------------


def data_quality_kpis(weeks: list[datetime.date]) -> list[KpiRow]:
    """DATA_QUALITY of each week with a stored check: its latest one (one query)."""
    if not weeks:
        return []
    latest: dict[datetime.date, tuple[int, int]] = {}
    for checked_at, records, failing in (
        ConformanceCheck.objects.filter(
            checked_at__gte=_midnight(weeks[0]), checked_at__lt=_midnight(weeks[-1] + WEEK)
        )
        .order_by("checked_at", "pk")
        .values_list("checked_at", "records", "failing")
    ):
        week = week_of(timezone.localdate(checked_at))
        latest[week] = (records - failing, records)
    return _rows(DATA_QUALITY, latest)


def school_kpis(*, since: datetime.date, until: datetime.date) -> list[KpiRow]:
    """Every pilot KPI of the current school's schema for the weeks from `since`'s to
    `until`'s (the current week at most), one row per metric and week with data."""
    now = timezone.now()
    weeks = weeks_between(since, min(until, timezone.localdate(now)))
    deadlines = standard_deadlines()
    return (
        adoption_kpis(weeks)
        + attendance_kpis(weeks, deadlines)
        + marks_kpis(weeks, deadlines, now=now)
        + data_quality_kpis(weeks)
    )
