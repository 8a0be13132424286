"""Reads for the family portal: a guardian's (a pupil's) own children, as families see them.
Runs inside the current school's schema.

The portal always reads as family: `family_actor` has no role and no staff record, so the
child is found among `family_pupil_ids` (the user's children, or the pupil themself), and a
child's page shows only published mark sheets. A teacher who is also a parent at her school
sees on the portal what every parent sees, never her classes' drafts. Once the child is
checked (`portal_child_get`, `portal_section_child_get`), the child's own rows are read by
the child's id (and classes) without joining the family again: these pages are what every
family opens at once when results are released, and what open pages re-read on a push.
Every page runs a fixed number of queries, whatever the number of marks, subjects or years.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal

from django.db.models import F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import User
from core_school.academics.models import (
    Enrolment,
    SchoolClass,
    SchoolYear,
    Subject,
    SubjectGradePlan,
    TeachingAssignment,
    Term,
    TimetableSlot,
)
from core_school.assessment import columns as sheet_columns
from core_school.assessment import rules
from core_school.assessment import selectors as assessment_selectors
from core_school.assessment.models import (
    ConductGrade,
    LearningResult,
    Mark,
    MarkSheet,
    SubjectResult,
    YearOutcome,
)
from core_school.attendance.models import Absence, AttendanceRegister, BehaviourNote
from core_school.people import selectors as people_selectors
from core_school.people.access import Actor
from core_school.people.models import Pupil
from core_school.portal.types import (
    AttendanceSummary,
    Cell,
    ChildOverview,
    NoteList,
    PeriodCells,
    PortalChild,
    SubjectMarks,
    TermMarks,
    TimetableDay,
    YearResults,
)
from core_school.standard.selectors import rules_config

# Periods a year assumed for a subject with no plan for the grade, as the gradebook does.
DEFAULT_PERIODS_PER_YEAR = 35
# Comment-only subjects record 2 regular assessments a term (TT22 Art. 6; DOMAIN.md §1.3).
COMMENT_REGULAR = 2
# Behaviour notes shown for a year: a child with more is a conversation, not a list.
NOTES_SHOWN = 50
# The parts of a child's page, each a template portal/_<name>.html.
SECTIONS = frozenset({"marks", "results", "attendance", "notes", "timetable"})


def family_actor(*, user: User) -> Actor:
    """Return `user` as family only: no role, no staff record, no query (see the module)."""
    return Actor(user=user, roles=frozenset(), staff=None)


def family_child_list(*, user: User) -> list[Pupil]:
    """The pupils `user` is family of (their children, or themself), eldest first, each with
    their open enrolments (`open_enrolments`, the current class). Two queries."""
    return list(
        people_selectors.pupil_list_for_actor(actor=family_actor(user=user)).order_by(
            "birth_date", "pk"
        )
    )


def portal_child_get(*, user: User, pupil_id: int) -> PortalChild | None:
    """The child `pupil_id` with their family, or None unless `user` is one of the pupil's
    guardians (Guardianship) or the pupil themself. Staff rights do not count here: staff
    open a pupil's record at /pupils/<id>/. One query (the family, eldest first)."""
    family = tuple(
        Pupil.objects.filter(
            pk__in=people_selectors.family_pupil_ids(actor=family_actor(user=user))
        ).order_by("birth_date", "pk")
    )
    pupil = next((p for p in family if p.pk == pupil_id), None)
    return PortalChild(pupil=pupil, family=family) if pupil is not None else None


def portal_section_child_get(*, user: User, pupil_id: int) -> PortalChild | None:
    """The child `pupil_id`, as `portal_child_get` decides (None unless `user` is one of the
    pupil's guardians or the pupil themself), for one section of the page: the family is not
    read (`family` holds the child alone; the sections do not show it). One query.

    What an open page re-reads on every push (static/js/live.js), so it stays small.
    """
    pupil = (
        Pupil.objects.filter(
            pk=pupil_id, pk__in=people_selectors.family_pupil_ids(actor=family_actor(user=user))
        )
        .order_by()
        .first()
    )
    return PortalChild(pupil=pupil, family=(pupil,)) if pupil is not None else None


def subject_term_result(
    *, is_scored: bool, n_regular: int, cells: Mapping[str, Decimal | bool | None]
) -> Decimal | bool | None:
    """Return a subject's term result from its marks by column (tx1…, gk, ck), as the
    gradebook computes it: ĐTBmhk for a scored subject, Đạt (True) / Chưa đạt (False) for a
    comment-only one, or None while a mark is missing."""
    regular = [cells.get(f"tx{i}") for i in range(1, n_regular + 1)]
    if is_scored:
        return rules.term_average(
            regular, cells.get("gk"), cells.get("ck"), required_regular=n_regular
        )
    values = [*regular, cells.get("gk"), cells.get("ck")]
    if any(value is None for value in values):
        return None
    return rules.comment_term_result(values, required=n_regular + 2)


def child_overview_get(
    *, child: PortalChild, sections: Collection[str] = SECTIONS
) -> ChildOverview:
    """Everything on a child's portal page, in a fixed number of queries: thirteen (fewer
    when the child has no class this year, or nothing published this term).

    With `sections`, only those parts are read (the others are left empty): a live page
    re-reads one section when it changes (push.server, static/js/live.js).

    `child` comes from `portal_child_get` / `portal_section_child_get`, which checked that
    the child is the user's: the reads of the child's own rows below filter on the child
    (and the child's classes) without joining the family again.
    """
    pupil_id = child.pupil.pk
    term = assessment_selectors.current_term()
    year = term.school_year if term is not None else None
    enrolments = list(
        Enrolment.objects.filter(pupil_id=pupil_id)
        .select_related("school_class")
        .order_by("-starts_on", "-pk")
    )
    class_of_year: dict[int, SchoolClass] = {}
    for enrolment in reversed(enrolments):  # the latest class of each year wins
        class_of_year[enrolment.school_class.school_year_id] = enrolment.school_class
    year_class_ids = [
        e.school_class_id for e in enrolments if year and e.school_class.school_year_id == year.pk
    ]
    school_class = next(
        (
            e.school_class
            for e in enrolments
            if e.ends_on is None and year and e.school_class.school_year_id == year.pk
        ),
        None,
    )
    results = (
        _year_results(pupil_id=pupil_id, class_of_year=class_of_year)
        if "results" in sections
        else []
    )
    this_year = next((r for r in results if year and r.school_year.pk == year.pk), None)
    return ChildOverview(
        child=child,
        school_class=school_class,
        school_year=year,
        marks=(
            _term_marks(pupil_id=pupil_id, term=term, class_ids=year_class_ids)
            if "marks" in sections and term is not None and year_class_ids
            else None
        ),
        this_year=this_year,
        history=tuple(r for r in results if r is not this_year),
        attendance=(
            _attendance(pupil_id=pupil_id, term=term, class_ids=year_class_ids)
            if "attendance" in sections and term is not None and year_class_ids
            else None
        ),
        notes=(
            _notes(pupil_id=pupil_id, year=year)
            if "notes" in sections and year is not None
            else None
        ),
        timetable=(
            _timetable(class_id=school_class.pk)
            if "timetable" in sections and school_class is not None
            else ()
        ),
    )


def _cell(value: Decimal | bool | None) -> Cell:
    if isinstance(value, bool):
        return sheet_columns.format_comment(value)
    return value


def _newest(times: Iterable[datetime.datetime | None]) -> datetime.datetime | None:
    return max((t for t in times if t is not None), default=None)


def _term_marks(*, pupil_id: int, term: Term, class_ids: Sequence[int]) -> TermMarks:
    """The child's marks in the term's published sheets of the child's classes `class_ids`
    (a family reads only published sheets): three queries, two when nothing is published.
    Plain values, no model instances: this is what every open page of a class re-reads
    when a sheet is published."""
    plan = SubjectGradePlan.objects.filter(
        subject_id=OuterRef("subject_id"), grade=OuterRef("school_class__grade")
    ).values("periods_per_year")[:1]
    sheets = list(
        MarkSheet.objects.filter(
            term=term, school_class_id__in=class_ids, published_at__isnull=False
        )
        .annotate(periods=Subquery(plan))
        .order_by("subject__order", "subject__code", "pk")
        .values_list(
            "pk", "subject_id", "subject__name", "subject__mode", "published_at", "periods"
        )
    )
    child_marks: dict[int, list[tuple[str, Decimal | None, bool | None, datetime.datetime]]]
    child_marks = defaultdict(list)
    if sheets:
        for sheet_id, kind, index, score, passed, updated_at in Mark.objects.filter(
            sheet_id__in=[sheet[0] for sheet in sheets], pupil_id=pupil_id
        ).values_list("sheet_id", "kind", "index", "score", "passed", "updated_at"):
            column = f"tx{index}" if kind == Mark.Kind.REGULAR else kind
            child_marks[sheet_id].append((column, score, passed, updated_at))
    taught = (
        TeachingAssignment.objects.filter(school_class_id__in=class_ids)
        .order_by("subject__order", "subject__code", "pk")
        .values_list("subject_id", "subject__name")
    )
    subjects = []
    for sheet_id, _subject_id, name, mode, _published_at, periods in sheets:
        is_scored = mode == Subject.Mode.SCORED
        n_regular = (
            rules.n_regular(periods if periods is not None else DEFAULT_PERIODS_PER_YEAR)
            if is_scored
            else COMMENT_REGULAR
        )
        cells: dict[str, Decimal | bool | None] = {}
        for column, score, passed, _updated_at in child_marks[sheet_id]:
            cells[column] = score if score is not None else passed
        subjects.append(
            SubjectMarks(
                subject=name,
                is_scored=is_scored,
                regular=tuple(_cell(cells.get(f"tx{i}")) for i in range(1, n_regular + 1)),
                midterm=_cell(cells.get("gk")),
                final=_cell(cells.get("ck")),
                average=_cell(
                    subject_term_result(is_scored=is_scored, n_regular=n_regular, cells=cells)
                ),
            )
        )
    published = {sheet[1] for sheet in sheets}
    waiting = dict.fromkeys(name for subject_id, name in taught if subject_id not in published)
    # NOTE: a mark changed after its sheet was published is shown at once (the sheet stays
    # published), so the stamp is the newest of the publications and of the marks shown.
    updated = _newest(
        [sheet[4] for sheet in sheets]
        + [mark[3] for marks in child_marks.values() for mark in marks]
    )
    return TermMarks(
        term=term, subjects=tuple(subjects), waiting=tuple(waiting), updated_at=updated
    )


def _year_results(*, pupil_id: int, class_of_year: Mapping[int, SchoolClass]) -> list[YearResults]:
    """Every school year's released results of the child, newest year first: four queries.

    Term rows count once their term is closed (the school releases a term's results then);
    year rows exist only once the year is computed.
    """
    released = Q(term__isnull=True) | Q(term__is_closed=True)
    # The child's own rows (the child is checked), in the order of the *_for_actor selectors
    # for one pupil.
    newest_first = ("-school_year__starts_on", F("term__number").asc(nulls_last=True), "pk")
    subject_results = list(
        SubjectResult.objects.filter(released, pupil_id=pupil_id)
        .select_related("subject", "school_year", "term")
        .order_by(*newest_first[:2], "subject__order", "pk")
    )
    learning = list(
        LearningResult.objects.filter(released, pupil_id=pupil_id)
        .select_related("school_year", "term")
        .order_by(*newest_first)
    )
    conduct = list(
        ConductGrade.objects.filter(released, pupil_id=pupil_id)
        .select_related("school_year", "term")
        .order_by(*newest_first)
    )
    outcomes = list(
        YearOutcome.objects.filter(pupil_id=pupil_id)
        .select_related("school_year")
        .order_by("-school_year__starts_on", "stage", "pk")
    )
    years: dict[int, SchoolYear] = {}
    for row in [*subject_results, *learning, *conduct, *outcomes]:
        years[row.school_year_id] = row.school_year

    by_subject: dict[int, dict[Subject, dict[int | None, Cell]]] = defaultdict(dict)
    for result in subject_results:
        value = result.average if result.average is not None else result.passed
        by_subject[result.school_year_id].setdefault(result.subject, {})[
            result.term.number if result.term else None
        ] = _cell(value)
    levels: dict[tuple[str, int], dict[int | None, Cell]] = defaultdict(dict)
    for row in learning:
        levels[("learning", row.school_year_id)][row.term.number if row.term else None] = (
            row.get_level_display()
        )
    for row in conduct:
        levels[("conduct", row.school_year_id)][row.term.number if row.term else None] = (
            row.get_level_display()
        )
    stamps: dict[int, list[datetime.datetime | None]] = defaultdict(list)
    for row in [*subject_results, *learning]:
        stamps[row.school_year_id].append(row.computed_at)
    for row in conduct:
        stamps[row.school_year_id].append(row.updated_at)

    names = {r.subject.code: r.subject.name for r in subject_results}
    results = []
    for year_id, school_year in sorted(years.items(), key=lambda item: item[1].starts_on):
        initial = next(
            (
                o
                for o in outcomes
                if o.school_year_id == year_id and o.stage == YearOutcome.Stage.INITIAL
            ),
            None,
        )
        after = next(
            (
                o
                for o in outcomes
                if o.school_year_id == year_id and o.stage == YearOutcome.Stage.AFTER_SUMMER
            ),
            None,
        )
        school_class = class_of_year.get(year_id)
        subjects = sorted(
            by_subject[year_id].items(), key=lambda item: (item[0].order, item[0].code)
        )
        results.append(
            YearResults(
                school_year=school_year,
                class_name=str(school_class) if school_class is not None else "",
                subjects=tuple((s.name, _period_cells(cells)) for s, cells in subjects),
                learning=_period_cells(levels[("learning", year_id)]),
                conduct=_period_cells(levels[("conduct", year_id)]),
                decision=initial.get_decision_display() if initial else "",
                after_summer=after.get_decision_display() if after else "",
                reassess_subjects=tuple(
                    names.get(code, code) for code in (initial.reassess_subjects if initial else [])
                ),
                award=initial.get_award_display() if initial and initial.award else "",
                absences=initial.absences if initial else None,
                updated_at=_newest(
                    [
                        *stamps[year_id],
                        *(o.decided_at for o in outcomes if o.school_year_id == year_id),
                    ]
                ),
            )
        )
    results.reverse()
    return results


def _period_cells(cells: Mapping[int | None, Cell]) -> PeriodCells:
    return PeriodCells(term1=cells.get(1), term2=cells.get(2), year=cells.get(None))


def _attendance(*, pupil_id: int, term: Term, class_ids: Sequence[int]) -> AttendanceSummary:
    """The term's absences and the year's count against the adopted standard's limit: three
    queries (a pupil misses a few dozen sessions a year at most, so the year's rows are
    counted here, not in SQL). Counted as DOMAIN.md §3.4 says, in the standard's
    ``absence_unit``: each missed session, or each day with a missed session."""
    config = rules_config()
    year_absences = list(
        Absence.objects.filter(pupil_id=pupil_id, register__school_class_id__in=class_ids)
        .select_related("register")
        .order_by("-register__date", "register__session", "register__school_class__name", "pk")
    )
    by_day = config.absence_unit == rules.AbsenceUnit.CALENDAR_DAY
    in_term = tuple(a for a in year_absences if term.starts_on <= a.register.date <= term.ends_on)
    statuses = [a.status for a in in_term]
    last_taken = AttendanceRegister.objects.filter(school_class_id__in=class_ids).aggregate(
        last=Max("taken_at")
    )["last"]
    return AttendanceSummary(
        absences=in_term,
        excused=statuses.count(Absence.Status.EXCUSED),
        unexcused=statuses.count(Absence.Status.UNEXCUSED),
        late=statuses.count(Absence.Status.LATE),
        year_count=len(
            {
                a.register.date if by_day else a.pk
                for a in year_absences
                if a.register.counts_for_promotion and a.status in Absence.ABSENT
            }
        ),
        limit=config.max_absences,
        by_day=by_day,
        updated_at=last_taken,
    )


def _notes(*, pupil_id: int, year: SchoolYear) -> NoteList:
    """The year's praise and incidents, newest first: one query."""
    notes = tuple(
        BehaviourNote.objects.filter(pupil_id=pupil_id, school_class__school_year=year)
        .select_related("author")
        .order_by("-created_at", "pk")[:NOTES_SHOWN]
    )
    kinds = [n.kind for n in notes]
    return NoteList(
        notes=notes,
        praise=kinds.count(BehaviourNote.Kind.PRAISE),
        incidents=kinds.count(BehaviourNote.Kind.INCIDENT),
        updated_at=_newest(n.created_at for n in notes),
    )


def _timetable(*, class_id: int) -> tuple[TimetableDay, ...]:
    """The class's week, Monday to Saturday, day by day (none when the class has no
    timetable): one query."""
    by_day: dict[int, list[TimetableSlot]] = defaultdict(list)
    for slot in (
        TimetableSlot.objects.filter(school_class_id=class_id)
        .select_related("assignment__subject", "assignment__teacher")
        .order_by("weekday", "period", "pk")
    ):
        by_day[slot.weekday].append(slot)
    if not by_day:
        return ()
    # On Sunday the week to come is the one worth opening.
    today = timezone.localdate().isoweekday() % 7 or 1
    return tuple(
        TimetableDay(
            weekday=day,
            label=str(label),
            is_today=day == today,
            slots=tuple(by_day[day]),
        )
        for day, label in TimetableSlot.Weekday.choices
    )
