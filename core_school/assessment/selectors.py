"""Reads on marks and results. Runs inside the current school's schema."""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet

from core_school.academics import selectors as academics_selectors
from core_school.academics.models import Enrolment, SchoolYear, Term
from core_school.assessment import columns as sheet_columns
from core_school.assessment import services
from core_school.assessment.models import (
    ConductGrade,
    CorrectionRequest,
    LearningResult,
    Mark,
    MarkSheet,
    SubjectResult,
    YearOutcome,
)
from core_school.people import selectors as people_selectors
from core_school.people.access import Actor
from core_school.people.models import Pupil
from core_school.people.names import name_sort_key


@dataclass(frozen=True)
class GradebookRow:
    pupil_id: int
    name: str
    cells: dict[str, str]
    result: str
    columns: list[sheet_columns.Column]

    @property
    def cell_list(self) -> list[tuple[sheet_columns.Column, str]]:
        """The cells in column order, for templates."""
        return [(column, self.cells[column.code]) for column in self.columns]


@dataclass(frozen=True)
class Gradebook:
    sheet: MarkSheet
    columns: list[sheet_columns.Column]
    rows: list[GradebookRow]
    locked: bool
    pending_corrections: list[CorrectionRequest]


def current_term() -> Term | None:
    """The open term of the current school year (the first one not closed), else the last."""
    terms = list(Term.objects.filter(school_year__is_current=True).select_related("school_year"))
    return next((t for t in terms if not t.is_closed), terms[-1] if terms else None)


def mark_sheet_list_for_actor(*, actor: Actor, term: Term) -> QuerySet[MarkSheet]:
    """The sheets of `term` the actor may open, with how many marks each holds."""
    sheets = MarkSheet.objects.filter(term=term).select_related("school_class", "subject")
    if not actor.sees_whole_school:
        visible = Q(pk__in=[])
        for class_id, subject_id in actor.teaches:
            visible |= Q(school_class_id=class_id, subject_id=subject_id)
        if actor.homeroom_class_ids:
            visible |= Q(school_class_id__in=actor.homeroom_class_ids)
        sheets = sheets.filter(visible)
    return sheets.annotate(
        mark_count=Count(
            "marks", filter=Q(marks__score__isnull=False) | Q(marks__passed__isnull=False)
        )
    ).order_by("school_class__grade", "school_class__name", "subject__order")


def mark_sheet_get(*, sheet_id: int) -> MarkSheet | None:
    return (
        MarkSheet.objects.select_related("school_class", "subject", "term__school_year")
        .filter(pk=sheet_id)
        .first()
    )


def gradebook_get(*, sheet: MarkSheet) -> Gradebook:
    """Everything the gradebook page shows for one sheet (loaded by mark_sheet_get), in a
    fixed number of queries."""
    n_regular = services.required_regular(subject=sheet.subject, grade=sheet.school_class.grade)
    columns = sheet_columns.sheet_columns(n_regular)
    pupils = list(
        Enrolment.objects.filter(school_class=sheet.school_class, ends_on__isnull=True).values_list(
            "pupil_id", "pupil__full_name"
        )
    )
    pupils.sort(key=lambda row: name_sort_key(row[1]))
    cells: dict[int, dict[str, Decimal | bool | None]] = {pupil_id: {} for pupil_id, _ in pupils}
    for mark in Mark.objects.filter(sheet=sheet).only(
        "pupil_id", "kind", "index", "score", "passed"
    ):
        if mark.pupil_id in cells:
            cells[mark.pupil_id][mark.column] = services._cell_value(mark)
    rows = [
        GradebookRow(
            pupil_id=pupil_id,
            name=name,
            cells={c.code: services._format_cell(cells[pupil_id].get(c.code)) for c in columns},
            result=services._row_result(sheet.subject, n_regular, cells[pupil_id]),
            columns=columns,
        )
        for pupil_id, name in pupils
    ]
    pending = list(
        CorrectionRequest.objects.filter(
            sheet=sheet, status=CorrectionRequest.Status.PENDING
        ).select_related("pupil", "requested_by")
    )
    return Gradebook(
        sheet=sheet,
        columns=columns,
        rows=rows,
        locked=sheet.term.is_closed,
        pending_corrections=pending,
    )


def mark_history(*, sheet: MarkSheet, pupil_id: int, column: str) -> list[dict[str, object]]:
    """Every recorded change of a pupil's marks in a sheet (one column, or "all"), oldest
    first: when, which column, who, old → new, why. Three queries."""
    from accounts.models import User

    events = Mark.pgh_event_model.objects.filter(sheet_id=sheet.pk, pupil_id=pupil_id)
    if column != "all":
        kind, index = ("tx", int(column[2:])) if column.startswith("tx") else (column, 1)
        events = events.filter(kind=kind, index=index)
    events = list(events.select_related("pgh_context").order_by("pgh_created_at", "pgh_id"))
    user_ids = {e.pgh_context.metadata.get("user") for e in events if e.pgh_context_id is not None}
    users = {u.pk: str(u) for u in User.objects.filter(pk__in=[i for i in user_ids if i])}
    history = []
    previous: dict[str, str] = {}
    for event in events:
        context = event.pgh_context.metadata if event.pgh_context_id else {}
        code = f"tx{event.index}" if event.kind == "tx" else event.kind
        value = (
            ""
            if event.pgh_label == "delete"
            else services._format_cell(event.score if event.score is not None else event.passed)
        )
        history.append(
            {
                "at": event.pgh_created_at,
                "column": code,
                "by": users.get(context.get("user"), ""),
                "old": previous.get(code, ""),
                "new": value,
                "why": context.get("reason", ""),
            }
        )
        previous[code] = value
    return history


def school_year_current() -> SchoolYear | None:
    return SchoolYear.objects.filter(is_current=True).first()


@dataclass(frozen=True)
class YearEndRow:
    pupil_id: int
    name: str
    class_name: str
    decision: str
    reassess_subjects: list[str]
    award: str
    absences: int
    after_summer: str


def year_end_rows(*, school_year: SchoolYear) -> list[YearEndRow]:
    """Every pupil's end-of-year decision, with the decision after the summer if any."""
    from core_school.assessment.models import YearOutcome

    classes = dict(
        Enrolment.objects.filter(school_class__school_year=school_year).values_list(
            "pupil_id", "school_class__name"
        )
    )
    after = dict(
        YearOutcome.objects.filter(
            school_year=school_year, stage=YearOutcome.Stage.AFTER_SUMMER
        ).values_list("pupil_id", "decision")
    )
    rows = [
        YearEndRow(
            pupil_id=o.pupil_id,
            name=o.pupil.full_name,
            class_name=classes.get(o.pupil_id, ""),
            decision=o.decision,
            reassess_subjects=list(o.reassess_subjects),
            award=o.award,
            absences=o.absences,
            after_summer=after.get(o.pupil_id, ""),
        )
        for o in YearOutcome.objects.filter(
            school_year=school_year, stage=YearOutcome.Stage.INITIAL
        ).select_related("pupil")
    ]
    rows.sort(key=lambda r: (r.class_name, name_sort_key(r.name)))
    return rows


def mark_sheet_list_for_reader(*, actor: Actor, term: Term | None = None) -> QuerySet[MarkSheet]:
    """The sheets the actor may read, of `term` (or of every term), with their mark counts.

    Staff see what `mark_sheet_list_for_actor` shows them: every sheet for the office, their
    own class × subject sheets, every sheet of their homeroom classes. Guardians and pupils
    see only the published sheets of their children's (their own) classes.
    """
    sheets = MarkSheet.objects.select_related("school_class", "subject", "term")
    if term is not None:
        sheets = sheets.filter(term=term)
    if not actor.sees_whole_school:
        visible = Q(pk__in=[])
        for class_id, subject_id in actor.teaches:
            visible |= Q(school_class_id=class_id, subject_id=subject_id)
        if actor.homeroom_class_ids:
            visible |= Q(school_class_id__in=actor.homeroom_class_ids)
        family_classes = Enrolment.objects.filter(
            pupil_id__in=people_selectors.family_pupil_ids(actor=actor)
        ).values("school_class_id")
        visible |= Q(published_at__isnull=False, school_class_id__in=family_classes)
        sheets = sheets.filter(visible)
    return sheets.annotate(
        mark_count=Count(
            "marks", filter=Q(marks__score__isnull=False) | Q(marks__passed__isnull=False)
        )
    ).order_by(
        "-term__starts_on", "school_class__grade", "school_class__name", "subject__order", "pk"
    )


def gradebook_get_for_reader(*, sheet: MarkSheet, actor: Actor) -> Gradebook:
    """The gradebook of a sheet from `mark_sheet_list_for_reader`, as the actor may read it.

    Staff who may view the sheet's marks get every row; a guardian (a pupil) gets only their
    children's (their own) rows of a published sheet, and no pending corrections.
    """
    book = gradebook_get(sheet=sheet)
    if actor.can_view_marks(sheet.school_class_id, sheet.subject_id):
        return book
    family: set[int] = set()
    if sheet.published_at is not None:
        family = set(
            Pupil.objects.filter(pk__in=people_selectors.family_pupil_ids(actor=actor)).values_list(
                "pk", flat=True
            )
        )
    return replace(
        book, rows=[row for row in book.rows if row.pupil_id in family], pending_corrections=[]
    )


def correction_request_list_for_actor(*, actor: Actor) -> QuerySet[CorrectionRequest]:
    """The correction requests the actor may see: all for the principal, who decides them;
    for a teacher those on the sheets she enters marks in (and may ask corrections for)."""
    corrections = CorrectionRequest.objects.select_related(
        "sheet__school_class",
        "sheet__subject",
        "sheet__term",
        "pupil",
        "requested_by",
        "decided_by",
    )
    if not actor.is_principal:
        visible = Q(pk__in=[])
        for class_id, subject_id in actor.teaches:
            visible |= Q(sheet__school_class_id=class_id, sheet__subject_id=subject_id)
        corrections = corrections.filter(visible)
    return corrections.order_by("status", "-requested_at", "pk")


def _pupil_record_scope(actor: Actor) -> Q:
    """Rows about a pupil's year (learning, conduct, outcome) the actor may see when not the
    office: those of her homeroom classes' pupils for a homeroom teacher (the register and
    conduct are hers), their children's (their own) for a guardian (a pupil)."""
    visible = Q(pupil_id__in=people_selectors.family_pupil_ids(actor=actor))
    if actor.homeroom_class_ids:
        visible |= Q(academics_selectors.pupil_enrolled_in(class_ids=actor.homeroom_class_ids))
    return visible


def subject_result_list_for_actor(*, actor: Actor) -> QuerySet[SubjectResult]:
    """The computed subject results (term and year) the actor may see.

    The office sees all; staff those `actor.can_view_marks` allows (every subject of their
    homeroom classes' pupils, their own subject for the classes they teach); a guardian
    their children's; a pupil their own.
    """
    results = SubjectResult.objects.select_related("pupil", "subject", "school_year", "term")
    if not actor.sees_whole_school:
        visible = _pupil_record_scope(actor)
        classes_by_subject: dict[int, set[int]] = defaultdict(set)
        for class_id, subject_id in actor.teaches:
            classes_by_subject[subject_id].add(class_id)
        for subject_id, class_ids in sorted(classes_by_subject.items()):
            visible |= Q(subject_id=subject_id) & Q(
                academics_selectors.pupil_enrolled_in(class_ids=class_ids)
            )
        results = results.filter(visible)
    return results.order_by(
        "-school_year__starts_on",
        F("term__number").asc(nulls_last=True),
        "pupil__full_name",
        "pupil_id",
        "subject__order",
        "pk",
    )


def learning_result_list_for_actor(*, actor: Actor) -> QuerySet[LearningResult]:
    """The learning levels (term and year) the actor may see: all for the office, her
    homeroom classes' for a homeroom teacher, a family's own."""
    results = LearningResult.objects.select_related("pupil", "school_year", "term")
    if not actor.sees_whole_school:
        results = results.filter(_pupil_record_scope(actor))
    return results.order_by(
        "-school_year__starts_on",
        F("term__number").asc(nulls_last=True),
        "pupil__full_name",
        "pk",
    )


def conduct_grade_list_for_actor(*, actor: Actor) -> QuerySet[ConductGrade]:
    """The conduct grades (term and year) the actor may see: all for the office, her
    homeroom classes' for a homeroom teacher, a family's own."""
    grades = ConductGrade.objects.select_related("pupil", "school_year", "term", "entered_by")
    if not actor.sees_whole_school:
        grades = grades.filter(_pupil_record_scope(actor))
    return grades.order_by(
        "-school_year__starts_on",
        F("term__number").asc(nulls_last=True),
        "pupil__full_name",
        "pk",
    )


def year_outcome_list_for_actor(*, actor: Actor) -> QuerySet[YearOutcome]:
    """The year-end decisions the actor may see: all for the office, her homeroom classes'
    for a homeroom teacher, a family's own."""
    outcomes = YearOutcome.objects.select_related("pupil", "school_year")
    if not actor.sees_whole_school:
        outcomes = outcomes.filter(_pupil_record_scope(actor))
    return outcomes.order_by("-school_year__starts_on", "pupil__full_name", "stage", "pk")
