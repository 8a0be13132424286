"""Reads for the family portal: a guardian's (a pupil's) own children, as families see them.
Runs inside the current school's schema.

The portal always reads as family: `family_actor` has no role and no staff record, so the
`*_for_actor` selectors of the other apps narrow it to `family_pupil_ids` (the user's
children, or the pupil themself) and show only published mark sheets. A teacher who is also
a parent at her school sees on the portal what every parent sees, never her classes' drafts.
Every page runs a fixed number of queries, whatever the number of marks, subjects or years.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal

from django.db.models import Max, Prefetch, Q
from django.utils import timezone

from accounts.models import User
from core_school.academics import selectors as academics_selectors
from core_school.academics.models import (
    SchoolClass,
    SchoolYear,
    Subject,
    SubjectGradePlan,
    Term,
    TimetableSlot,
)
from core_school.assessment import columns as sheet_columns
from core_school.assessment import rules
from core_school.assessment import selectors as assessment_selectors
from core_school.assessment.models import Mark, YearOutcome
from core_school.attendance import selectors as attendance_selectors
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
    open a pupil's record at /pupils/<id>/. Two queries."""
    family = tuple(family_child_list(user=user))
    pupil = next((p for p in family if p.pk == pupil_id), None)
    return PortalChild(pupil=pupil, family=family) if pupil is not None else None


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
    *, child: PortalChild, user: User, sections: Collection[str] = SECTIONS
) -> ChildOverview:
    """Everything on a child's portal page, in a fixed number of queries: fourteen (fewer
    when the child has no class this year, or nothing published this term).

    With `sections`, only those parts are read (the others are left empty): a live page
    re-reads one section when it changes (push.server, static/js/live.js).
    """
    actor = family_actor(user=user)
    pupil_id = child.pupil.pk
    term = assessment_selectors.current_term()
    year = term.school_year if term is not None else None
    enrolments = list(
        academics_selectors.enrolment_list_for_actor(actor=actor)
        .filter(pupil_id=pupil_id)
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
        _year_results(actor=actor, pupil_id=pupil_id, class_of_year=class_of_year)
        if "results" in sections
        else []
    )
    this_year = next((r for r in results if year and r.school_year.pk == year.pk), None)
    return ChildOverview(
        child=child,
        school_class=school_class,
        school_year=year,
        marks=(
            _term_marks(actor=actor, pupil_id=pupil_id, term=term, class_ids=year_class_ids)
            if "marks" in sections and term is not None and year_class_ids
            else None
        ),
        this_year=this_year,
        history=tuple(r for r in results if r is not this_year),
        attendance=(
            _attendance(actor=actor, pupil_id=pupil_id, term=term, class_ids=year_class_ids)
            if "attendance" in sections and term is not None and year_class_ids
            else None
        ),
        notes=(
            _notes(actor=actor, pupil_id=pupil_id, year=year)
            if "notes" in sections and year is not None
            else None
        ),
        timetable=(
            _timetable(actor=actor, class_id=school_class.pk)
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


def _term_marks(*, actor: Actor, pupil_id: int, term: Term, class_ids: Sequence[int]) -> TermMarks:
    """The child's marks in the term's published sheets of their classes: four queries."""
    sheets = list(
        assessment_selectors.mark_sheet_list_for_reader(actor=actor, term=term)
        .filter(school_class_id__in=class_ids)
        .prefetch_related(
            Prefetch("marks", queryset=Mark.objects.filter(pupil_id=pupil_id), to_attr="child")
        )
    )
    grades = {sheet.school_class.grade for sheet in sheets}
    periods = {
        (subject_id, grade): n
        for subject_id, grade, n in SubjectGradePlan.objects.filter(grade__in=grades).values_list(
            "subject_id", "grade", "periods_per_year"
        )
    }
    taught = [
        assignment.subject
        for assignment in academics_selectors.teaching_assignment_list_for_actor(actor=actor)
        .filter(school_class_id__in=class_ids)
        .order_by("subject__order", "subject__code", "pk")
    ]
    subjects = []
    for sheet in sorted(sheets, key=lambda s: (s.subject.order, s.subject.code, s.pk)):
        subject = sheet.subject
        n_regular = (
            rules.n_regular(
                periods.get((subject.pk, sheet.school_class.grade), DEFAULT_PERIODS_PER_YEAR)
            )
            if subject.is_scored
            else COMMENT_REGULAR
        )
        cells: dict[str, Decimal | bool | None] = {}
        for mark in sheet.child:
            cells[mark.column] = mark.score if mark.score is not None else mark.passed
        subjects.append(
            SubjectMarks(
                subject=subject.name,
                is_scored=subject.is_scored,
                regular=tuple(_cell(cells.get(f"tx{i}")) for i in range(1, n_regular + 1)),
                midterm=_cell(cells.get("gk")),
                final=_cell(cells.get("ck")),
                average=_cell(
                    subject_term_result(
                        is_scored=subject.is_scored, n_regular=n_regular, cells=cells
                    )
                ),
            )
        )
    published = {sheet.subject_id for sheet in sheets}
    waiting = dict.fromkeys(s.name for s in taught if s.pk not in published)
    # NOTE: a mark changed after its sheet was published is shown at once (the sheet stays
    # published), so the stamp is the newest of the publications and of the marks shown.
    updated = _newest(
        [sheet.published_at for sheet in sheets]
        + [mark.updated_at for sheet in sheets for mark in sheet.child]
    )
    return TermMarks(
        term=term, subjects=tuple(subjects), waiting=tuple(waiting), updated_at=updated
    )


def _year_results(
    *, actor: Actor, pupil_id: int, class_of_year: Mapping[int, SchoolClass]
) -> list[YearResults]:
    """Every school year's released results of the child, newest year first: four queries.

    Term rows count once their term is closed (the school releases a term's results then);
    year rows exist only once the year is computed.
    """
    released = Q(term__isnull=True) | Q(term__is_closed=True)
    subject_results = list(
        assessment_selectors.subject_result_list_for_actor(actor=actor).filter(
            released, pupil_id=pupil_id
        )
    )
    learning = list(
        assessment_selectors.learning_result_list_for_actor(actor=actor).filter(
            released, pupil_id=pupil_id
        )
    )
    conduct = list(
        assessment_selectors.conduct_grade_list_for_actor(actor=actor).filter(
            released, pupil_id=pupil_id
        )
    )
    outcomes = list(
        assessment_selectors.year_outcome_list_for_actor(actor=actor).filter(pupil_id=pupil_id)
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


def _attendance(
    *, actor: Actor, pupil_id: int, term: Term, class_ids: Sequence[int]
) -> AttendanceSummary:
    """The term's absences and the year's count: two queries (a pupil misses a few dozen
    sessions a year at most, so the year's rows are counted here, not in SQL)."""
    year_absences = list(
        attendance_selectors.absence_list_for_actor(actor=actor).filter(
            pupil_id=pupil_id, register__school_class_id__in=class_ids
        )
    )
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
        year_count=sum(
            1
            for a in year_absences
            if a.register.counts_for_promotion and a.status in Absence.ABSENT
        ),
        limit=rules.DEFAULT_CONFIG.max_absences,
        updated_at=last_taken,
    )


def _notes(*, actor: Actor, pupil_id: int, year: SchoolYear) -> NoteList:
    """The year's praise and incidents, newest first: one query."""
    notes = tuple(
        attendance_selectors.behaviour_note_list_for_actor(actor=actor).filter(
            pupil_id=pupil_id, school_class__school_year=year
        )[:NOTES_SHOWN]
    )
    kinds = [n.kind for n in notes]
    return NoteList(
        notes=notes,
        praise=kinds.count(BehaviourNote.Kind.PRAISE),
        incidents=kinds.count(BehaviourNote.Kind.INCIDENT),
        updated_at=_newest(n.created_at for n in notes),
    )


def _timetable(*, actor: Actor, class_id: int) -> tuple[TimetableDay, ...]:
    """The class's week, Monday to Saturday, day by day (none when the class has no
    timetable): one query."""
    by_day: dict[int, list[TimetableSlot]] = defaultdict(list)
    for slot in academics_selectors.timetable_slot_list_for_actor(actor=actor).filter(
        school_class_id=class_id
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
