"""Write-side operations on marks, results and conduct. Runs inside the current school's schema.

Every service is one transaction: it validates everything first and writes nothing when one
value is wrong. Changes to marks and conduct are recorded by pghistory triggers, with the
acting user and the reason attached as context.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pghistory
import pgtrigger
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from config import bulk_copy
from core_school.academics.models import (
    Enrolment,
    SchoolClass,
    SchoolYear,
    Subject,
    SubjectGradePlan,
    TeachingAssignment,
    Term,
)
from core_school.assessment import columns as sheet_columns_module
from core_school.assessment import rules
from core_school.assessment.exceptions import (
    AssessmentPermissionError,
    MarkInputError,
    MarkSheetLockedError,
)
from core_school.assessment.models import (
    ConductGrade,
    CorrectionRequest,
    LearningResult,
    Level,
    Mark,
    MarkSheet,
    Reassessment,
    SubjectResult,
    YearOutcome,
)
from core_school.attendance.models import Absence
from core_school.attendance.selectors import counted_absences
from core_school.notifications import events
from core_school.people.access import Actor
from core_school.people.models import Pupil
from core_school.standard.selectors import rules_config


@dataclass(frozen=True)
class MarkEntry:
    """One cell typed in the gradebook: a pupil, a column (tx1…tx4, gk, ck) and the text."""

    pupil_id: int
    column: str
    value: str


@dataclass(frozen=True)
class RowResult:
    """A pupil's row after a save: the stored cells and the term result so far."""

    pupil_id: int
    cells: dict[str, str]
    result: str  # ĐTBmhk ("7.8"), "Đ" / "CĐ", or "" while incomplete


def required_regular(*, subject: Subject, grade: int) -> int:
    """How many regular marks (ĐĐGtx) a subject records per term in a grade (TT22 Art. 6)."""
    if not subject.is_scored:
        return 2
    periods = (
        SubjectGradePlan.objects.filter(subject=subject, grade=grade)
        .values_list("periods_per_year", flat=True)
        .first()
    )
    return rules.n_regular(periods or 35)


def _row_result(subject: Subject, n_regular: int, cells: dict[str, Decimal | bool | None]) -> str:
    regular = [cells.get(f"tx{i}") for i in range(1, n_regular + 1)]
    if subject.is_scored:
        average = rules.term_average(
            regular, cells.get("gk"), cells.get("ck"), required_regular=n_regular
        )
        return sheet_columns_module.format_score(average)
    values = [*regular, cells.get("gk"), cells.get("ck")]
    if any(value is None for value in values):
        return ""
    return sheet_columns_module.format_comment(
        rules.comment_term_result(values, required=n_regular + 2)
    )


def _cell_value(mark: Mark) -> Decimal | bool | None:
    return mark.score if mark.score is not None else mark.passed


def _format_cell(value: Decimal | bool | None) -> str:
    if isinstance(value, bool):
        return sheet_columns_module.format_comment(value)
    return sheet_columns_module.format_score(value)


@transaction.atomic(durable=True)
def marks_save(*, sheet: MarkSheet, entries: Sequence[MarkEntry], actor: Actor) -> list[RowResult]:
    """Save typed gradebook cells of one sheet; return the changed rows with their averages.

    All or nothing: raises MarkInputError listing every bad cell (pupil, column, why), or
    MarkSheetLockedError once the term is closed. Runs a fixed number of queries whatever the
    number of cells.
    """
    sheet = (
        MarkSheet.objects.select_for_update(of=("self",))
        .select_related("term", "subject", "school_class")
        .get(pk=sheet.pk)
    )
    if not actor.can_enter_marks(sheet.school_class_id, sheet.subject_id):
        raise AssessmentPermissionError(
            _("Only the teacher of %(subject)s in %(class)s enters these marks.")
            % {"subject": sheet.subject.name, "class": sheet.school_class.name}
        )
    if sheet.term.is_closed:
        raise MarkSheetLockedError(
            _("Term %(term)s is closed: ask for a correction instead.") % {"term": sheet.term}
        )
    n_regular = required_regular(subject=sheet.subject, grade=sheet.school_class.grade)
    columns = {c.code: c for c in sheet_columns_module.sheet_columns(n_regular)}
    pupils = dict(
        Pupil.objects.filter(
            enrolments__school_class=sheet.school_class, enrolments__ends_on__isnull=True
        ).values_list("pk", "full_name")
    )

    errors: list[dict[str, object]] = []
    parsed: dict[tuple[int, str], Decimal | bool | None] = {}
    for entry in entries:
        problem = None
        name = pupils.get(entry.pupil_id)
        if name is None:
            problem = _("this pupil is not in class %(class)s") % {"class": sheet.school_class.name}
        elif entry.column not in columns:
            problem = _("there is no column “%(column)s” in this sheet") % {"column": entry.column}
        elif entry.value.strip() == "":
            parsed[(entry.pupil_id, entry.column)] = None
        else:
            try:
                parsed[(entry.pupil_id, entry.column)] = (
                    sheet_columns_module.parse_score(entry.value)
                    if sheet.subject.is_scored
                    else sheet_columns_module.parse_comment(entry.value)
                )
            except ValueError as error:
                problem = str(error)
        if problem:
            column = columns.get(entry.column)
            errors.append(
                {
                    "pupil_id": entry.pupil_id,
                    "pupil": name or str(entry.pupil_id),
                    "column": entry.column,
                    "column_label": column.label if column else entry.column,
                    "value": entry.value,
                    "message": _("%(pupil)s, %(column)s: %(why)s.")
                    % {
                        "pupil": name or entry.pupil_id,
                        "column": column.label if column else entry.column,
                        "why": problem,
                    },
                }
            )
    if errors:
        raise MarkInputError(
            errors[0]["message"]
            if len(errors) == 1
            else _("%(count)s values were not saved; nothing was changed.")
            % {"count": len(errors)},
            extra={"errors": errors},
        )

    touched = {pupil_id for pupil_id, _column in parsed}
    existing = {
        (mark.pupil_id, mark.column): mark
        for mark in Mark.objects.filter(sheet=sheet, pupil_id__in=touched)
    }
    to_create, to_update, to_delete = [], [], []
    for (pupil_id, column_code), value in parsed.items():
        mark = existing.get((pupil_id, column_code))
        if value is None:
            if mark is not None:
                to_delete.append(mark.pk)
                existing.pop((pupil_id, column_code))
            continue
        score = value if not isinstance(value, bool) else None
        passed = value if isinstance(value, bool) else None
        if mark is None:
            column = columns[column_code]
            mark = Mark(
                sheet=sheet,
                pupil_id=pupil_id,
                kind=column.kind,
                index=column.index,
                score=score,
                passed=passed,
                updated_by=actor.staff,
            )
            to_create.append(mark)
            existing[(pupil_id, column_code)] = mark
        elif (mark.score, mark.passed) != (score, passed):
            mark.score, mark.passed, mark.updated_by = score, passed, actor.staff
            to_update.append(mark)

    with pghistory.context(user=actor.user.pk, reason="gradebook"):
        if to_delete:
            Mark.objects.filter(pk__in=to_delete).delete()
        if to_create:
            Mark.objects.bulk_create(to_create)
        if to_update:
            Mark.objects.bulk_update(to_update, ["score", "passed", "updated_by", "updated_at"])

    # Averages of the touched rows need every cell of those rows: the rows are in `existing`
    # for the pupils touched, except cells not typed now; read those in one more query.
    cells: dict[int, dict[str, Decimal | bool | None]] = defaultdict(dict)
    for mark in Mark.objects.filter(sheet=sheet, pupil_id__in=touched):
        cells[mark.pupil_id][mark.column] = _cell_value(mark)
    return [
        RowResult(
            pupil_id=pupil_id,
            cells={code: _format_cell(cells[pupil_id].get(code)) for code in columns},
            result=_row_result(sheet.subject, n_regular, cells[pupil_id]),
        )
        for pupil_id in sorted(touched)
    ]


@transaction.atomic(durable=True)
def sheet_publish(*, sheet: MarkSheet, actor: Actor) -> MarkSheet:
    """Make a sheet's marks visible to guardians (and publish again after changes)."""
    sheet = (
        MarkSheet.objects.select_for_update(of=("self",))
        .select_related("subject", "school_class")
        .get(pk=sheet.pk)
    )
    if not actor.can_enter_marks(sheet.school_class_id, sheet.subject_id):
        raise AssessmentPermissionError(
            _("Only the teacher of %(subject)s in %(class)s publishes these marks.")
            % {"subject": sheet.subject.name, "class": sheet.school_class.name}
        )
    sheet.published_at = timezone.now()
    sheet.published_by = actor.staff
    sheet.save(update_fields=["published_at", "published_by"])
    events.marks_published(sheet=sheet)
    return sheet


def _missing_cells(term: Term, limit: int = 50) -> list[dict[str, object]]:
    """Every pupil × subject × column of the term with no mark, for the first `limit`."""
    missing: list[dict[str, object]] = []
    assignments = (
        TeachingAssignment.objects.filter(school_class__school_year=term.school_year)
        .values_list("school_class_id", "subject_id")
        .distinct()
    )
    classes = {c.pk: c for c in SchoolClass.objects.filter(school_year=term.school_year)}
    subjects = {s.pk: s for s in Subject.objects.all()}
    plans = {(p.subject_id, p.grade): p.periods_per_year for p in SubjectGradePlan.objects.all()}
    enrolled: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for class_id, pupil_id, name in Enrolment.objects.filter(
        school_class__school_year=term.school_year, ends_on__isnull=True
    ).values_list("school_class_id", "pupil_id", "pupil__full_name"):
        enrolled[class_id].append((pupil_id, name))
    filled: dict[tuple[int, int], set[tuple[int, str]]] = defaultdict(set)
    for class_id, subject_id, pupil_id, kind, index in (
        Mark.objects.filter(sheet__term=term)
        .filter(Q(score__isnull=False) | Q(passed__isnull=False))
        .values_list("sheet__school_class_id", "sheet__subject_id", "pupil_id", "kind", "index")
    ):
        filled[(class_id, subject_id)].add((pupil_id, f"tx{index}" if kind == "tx" else kind))
    for class_id, subject_id in sorted(assignments):
        school_class, subject = classes[class_id], subjects[subject_id]
        n = (
            rules.n_regular(plans.get((subject_id, school_class.grade), 35))
            if subject.is_scored
            else 2
        )
        codes = [c.code for c in sheet_columns_module.sheet_columns(n)]
        for pupil_id, name in enrolled[class_id]:
            for code in codes:
                if (pupil_id, code) not in filled[(class_id, subject_id)]:
                    missing.append(
                        {
                            "class": school_class.name,
                            "subject": subject.name,
                            "pupil": name,
                            "pupil_id": pupil_id,
                            "column": code,
                        }
                    )
                    if len(missing) >= limit:
                        return missing
    return missing


@transaction.atomic(durable=True)
def term_close(*, term: Term, actor: Actor) -> Term:
    """Close a term: check every mark is there, compute every result, lock the marks.

    Raises ApplicationError listing the first missing marks (class, subject, pupil, column);
    nothing is closed then.
    """
    term = Term.objects.select_for_update().select_related("school_year").get(pk=term.pk)
    if not actor.is_principal:
        raise AssessmentPermissionError(_("Only the principal closes a term."))
    if term.is_closed:
        raise MarkSheetLockedError(_("Term %(term)s is already closed.") % {"term": term})
    missing = _missing_cells(term)
    if missing:
        first = missing[0]
        raise MarkInputError(
            _(
                "Term %(term)s cannot be closed: marks are missing, first %(pupil)s in "
                "%(class)s, %(subject)s, column %(column)s."
            )
            % {"term": term, **first},
            extra={"missing": missing},
        )
    results_compute_term(term=term)
    term.is_closed = True
    term.save(update_fields=["is_closed"])
    return term


SUBJECT_RESULT_FIELDS = (
    "pupil_id",
    "subject_id",
    "school_year_id",
    "term_id",
    "average",
    "passed",
    "computed_at",
)
LEARNING_RESULT_FIELDS = (
    "pupil_id",
    "school_year_id",
    "term_id",
    "computed_level",
    "level",
    "adjusted_for",
    "computed_at",
)


def _learning_row(
    pupil_id: int, year_id: int, term_id: int | None, level: rules.LevelResult, now: object
) -> tuple[object, ...]:
    return (
        pupil_id,
        year_id,
        term_id,
        level.computed.value,
        level.final.value,
        level.culprit or "",
        now,
    )


def _counts_for_level(subject: Subject, config: rules.RulesConfig) -> bool:
    """Whether the subject's result enters the learning level, the awards and the year
    decision: an elective subject (môn tự chọn) only when the adopted standard says
    ``elective_counts`` (DOMAIN.md §2); its own result is stored either way."""
    return config.elective_counts or not subject.is_elective


def results_compute_term(*, term: Term, class_ids: Iterable[int] | None = None) -> int:
    """Compute and store each pupil's term subject results and learning level. Returns the
    number of pupils. Incomplete subjects are left without a result."""
    enrolments = Enrolment.objects.filter(school_class__school_year=term.school_year)
    if class_ids is not None:
        enrolments = enrolments.filter(school_class_id__in=list(class_ids))
    grade_of = dict(enrolments.values_list("pupil_id", "school_class__grade"))
    subjects = {s.pk: s for s in Subject.objects.all()}
    plans = {(p.subject_id, p.grade): p.periods_per_year for p in SubjectGradePlan.objects.all()}
    cells: dict[tuple[int, int], dict[str, Decimal | bool | None]] = defaultdict(dict)
    # NOTE: tuples, not model instances: a school term holds ~100,000 marks.
    for pupil_id, subject_id, kind, index, score, passed in Mark.objects.filter(
        sheet__term=term, pupil_id__in=list(grade_of)
    ).values_list("pupil_id", "sheet__subject_id", "kind", "index", "score", "passed"):
        column = f"tx{index}" if kind == Mark.Kind.REGULAR else kind
        cells[(pupil_id, subject_id)][column] = score if score is not None else passed

    # The grading flags of the school's adopted standard (missing policy, adjustment mode).
    config = rules_config()
    now = timezone.now()
    year_id = term.school_year_id
    subject_rows: list[tuple[object, ...]] = []
    scored: dict[int, dict[str, Decimal]] = defaultdict(dict)
    commented: dict[int, dict[str, bool]] = defaultdict(dict)
    for (pupil_id, subject_id), row in cells.items():
        subject = subjects[subject_id]
        if subject.is_scored:
            n = rules.n_regular(plans.get((subject_id, grade_of[pupil_id]), 35))
            average = rules.term_average(
                [row.get(f"tx{i}") for i in range(1, n + 1)],
                row.get("gk"),
                row.get("ck"),
                required_regular=n,
                config=config,
            )
            if average is None:
                continue
            if _counts_for_level(subject, config):
                scored[pupil_id][subject.code] = average
            subject_rows.append((pupil_id, subject_id, year_id, term.pk, average, None, now))
        else:
            values = [row.get("tx1"), row.get("tx2"), row.get("gk"), row.get("ck")]
            passed = rules.comment_term_result(values, required=4)
            if _counts_for_level(subject, config):
                commented[pupil_id][subject.code] = passed
            subject_rows.append((pupil_id, subject_id, year_id, term.pk, None, passed, now))
    learning_rows = [
        _learning_row(
            pupil_id,
            year_id,
            term.pk,
            rules.learning_level(scored[pupil_id], commented[pupil_id], config=config),
            now,
        )
        for pupil_id in grade_of
        if scored[pupil_id] or commented[pupil_id]
    ]
    _delete(SubjectResult.objects.filter(term=term, pupil_id__in=list(grade_of)))
    _delete(LearningResult.objects.filter(term=term, pupil_id__in=list(grade_of)))
    bulk_copy.copy_insert(SubjectResult, SUBJECT_RESULT_FIELDS, subject_rows)
    bulk_copy.copy_insert(LearningResult, LEARNING_RESULT_FIELDS, learning_rows)
    return len(grade_of)


def _delete(queryset: QuerySet[Any]) -> None:
    """Delete rows in one statement, without loading them: derived rows with no dependants.
    (Triggers still fire: a deleted year conduct grade is recorded with its context.)"""
    queryset._raw_delete(queryset.db)


def _year_conduct_store(*, school_year: SchoolYear, rows: list[ConductGrade]) -> None:
    """Store computed year conduct, touching only the rows that change: each change is an
    audited event, and a recomputation that changes nothing writes nothing."""
    existing = {
        grade.pupil_id: grade
        for grade in ConductGrade.objects.filter(school_year=school_year, term__isnull=True)
    }
    wanted = {row.pupil_id: row for row in rows}
    changed = []
    for pupil_id, row in wanted.items():
        grade = existing.get(pupil_id)
        if grade is not None and grade.level != row.level:
            grade.level = row.level
            changed.append(grade)
    with pghistory.context(reason="year results"):
        gone = [g.pk for pupil_id, g in existing.items() if pupil_id not in wanted]
        if gone:
            ConductGrade.objects.filter(pk__in=gone).delete()
        # NOTE: a computed year grade appearing is not a change anybody made: its insert is not
        # recorded (its later changes, e.g. after summer training, are).
        with pgtrigger.ignore("assessment.ConductGrade:insert_insert"):
            ConductGrade.objects.bulk_create([r for p, r in wanted.items() if p not in existing])
        ConductGrade.objects.bulk_update(changed, ["level"], batch_size=1000)


def absences_by_pupil(
    *, school_year: SchoolYear, unit: str = rules.AbsenceUnit.OFFICIAL_SESSION
) -> dict[int, int]:
    """Absences of the year that count for promotion (TT22 Art. 12, excused or not), in the
    adopted standard's `unit`: sessions, or days with a missed session (DOMAIN.md §3.4)."""
    return dict(
        Absence.objects.filter(
            register__school_class__school_year=school_year,
            register__counts_for_promotion=True,
            status__in=Absence.ABSENT,
        )
        .values("pupil_id")
        .annotate(n=counted_absences(unit=unit, year=school_year))
        .values_list("pupil_id", "n")
    )


def results_compute_year(*, school_year: SchoolYear) -> int:
    """Compute year subject results, learning and conduct levels, awards and the end-of-year
    decision of every pupil of the year, from the stored term results. Returns the pupils."""
    terms = {t.number: t for t in Term.objects.filter(school_year=school_year)}
    if set(terms) != {1, 2}:
        return 0
    pupils = set(
        Enrolment.objects.filter(school_class__school_year=school_year).values_list(
            "pupil_id", flat=True
        )
    )
    subjects = {s.pk: s for s in Subject.objects.all()}
    by_term: dict[tuple[int, int], dict[int, Decimal | bool | None]] = defaultdict(dict)
    for pupil_id, subject_id, term_id, average, passed in SubjectResult.objects.filter(
        term__in=terms.values(), pupil_id__in=pupils
    ).values_list("pupil_id", "subject_id", "term_id", "average", "passed"):
        by_term[(pupil_id, subject_id)][term_id] = average if average is not None else passed
    conduct: dict[int, dict[int, str]] = defaultdict(dict)
    for pupil_id, term_id, level in ConductGrade.objects.filter(
        term__in=terms.values(), pupil_id__in=pupils
    ).values_list("pupil_id", "term_id", "level"):
        conduct[pupil_id][term_id] = level
    # The grading flags of the school's adopted standard (adjustment, absences, awards).
    config = rules_config()
    absences = absences_by_pupil(school_year=school_year, unit=config.absence_unit)

    now = timezone.now()
    year_rows: list[tuple[object, ...]] = []
    scored: dict[int, dict[str, Decimal]] = defaultdict(dict)
    commented: dict[int, dict[str, bool]] = defaultdict(dict)
    t1, t2 = terms[1].pk, terms[2].pk
    for (pupil_id, subject_id), results in by_term.items():
        if t1 not in results or t2 not in results:
            continue
        subject = subjects[subject_id]
        if subject.is_scored:
            average = rules.year_average(results[t1], results[t2])
            if _counts_for_level(subject, config):
                scored[pupil_id][subject.code] = average
            year_rows.append((pupil_id, subject_id, school_year.pk, None, average, None, now))
        else:
            passed = rules.comment_year_result(results[t1], results[t2])
            if _counts_for_level(subject, config):
                commented[pupil_id][subject.code] = passed
            year_rows.append((pupil_id, subject_id, school_year.pk, None, None, passed, now))

    learning_rows: list[tuple[object, ...]] = []
    conduct_rows: list[ConductGrade] = []
    outcome_rows: list[YearOutcome] = []
    for pupil_id in pupils:
        if not scored[pupil_id] and not commented[pupil_id]:
            continue
        level = rules.learning_level(scored[pupil_id], commented[pupil_id], config=config)
        learning_rows.append(_learning_row(pupil_id, school_year.pk, None, level, now))
        terms_conduct = conduct[pupil_id]
        if t1 not in terms_conduct or t2 not in terms_conduct:
            continue
        conduct_level = rules.conduct_year(
            rules.Level(terms_conduct[t1]), rules.Level(terms_conduct[t2])
        )
        conduct_rows.append(
            ConductGrade(
                pupil_id=pupil_id, school_year=school_year, term=None, level=conduct_level.value
            )
        )
        outcome = rules.year_outcome(
            learning=level.final,
            conduct=conduct_level,
            absences=absences.get(pupil_id, 0),
            year_averages=scored[pupil_id],
            year_comments=commented[pupil_id],
            config=config,
        )
        award = rules.award(
            learning=level.final,
            conduct=conduct_level,
            year_averages=scored[pupil_id],
            config=config,
        )
        outcome_rows.append(
            YearOutcome(
                pupil_id=pupil_id,
                school_year=school_year,
                stage=YearOutcome.Stage.INITIAL,
                decision=outcome.decision,
                reassess_subjects=sorted(outcome.reassess_subjects),
                award=award or "",
                absences=absences.get(pupil_id, 0),
            )
        )
    _delete(SubjectResult.objects.filter(school_year=school_year, term__isnull=True))
    _delete(LearningResult.objects.filter(school_year=school_year, term__isnull=True))
    _delete(YearOutcome.objects.filter(school_year=school_year, stage=YearOutcome.Stage.INITIAL))
    bulk_copy.copy_insert(SubjectResult, SUBJECT_RESULT_FIELDS, year_rows)
    bulk_copy.copy_insert(LearningResult, LEARNING_RESULT_FIELDS, learning_rows)
    _year_conduct_store(school_year=school_year, rows=conduct_rows)
    YearOutcome.objects.bulk_create(outcome_rows, batch_size=5000)
    return len(learning_rows)


def _parse_for(subject: Subject, value: str) -> Decimal | bool | None:
    if value.strip() == "":
        return None
    if subject.is_scored:
        return sheet_columns_module.parse_score(value)
    return sheet_columns_module.parse_comment(value)


@transaction.atomic(durable=True)
def correction_request_create(
    *, sheet: MarkSheet, pupil_id: int, column: str, new_value: str, reason: str, actor: Actor
) -> CorrectionRequest:
    """Ask the principal to change a mark of a closed term, with a reason.

    Raises ApplicationError when the term is still open (change the mark directly), when the
    reason is empty, or when the new value is invalid.
    """
    sheet = MarkSheet.objects.select_related("term", "subject", "school_class").get(pk=sheet.pk)
    if not actor.can_enter_marks(sheet.school_class_id, sheet.subject_id):
        raise AssessmentPermissionError(
            _("Only the teacher of %(subject)s in %(class)s asks for corrections here.")
            % {"subject": sheet.subject.name, "class": sheet.school_class.name}
        )
    if not sheet.term.is_closed:
        raise MarkInputError(_("The term is open: change the mark in the gradebook."))
    if not reason.strip():
        raise MarkInputError(_("Give the reason for the correction."), extra={"field": "reason"})
    n_regular = required_regular(subject=sheet.subject, grade=sheet.school_class.grade)
    columns = {c.code: c for c in sheet_columns_module.sheet_columns(n_regular)}
    if column not in columns:
        raise MarkInputError(
            _("There is no column “%(column)s” in this sheet.") % {"column": column},
            extra={"field": "column"},
        )
    pupil = Pupil.objects.filter(pk=pupil_id, enrolments__school_class=sheet.school_class).first()
    if pupil is None:
        raise MarkInputError(
            _("This pupil is not in class %(class)s.") % {"class": sheet.school_class.name},
            extra={"field": "pupil"},
        )
    try:
        _parse_for(sheet.subject, new_value)
    except ValueError as error:
        raise MarkInputError(
            _("%(pupil)s, %(column)s: %(why)s.")
            % {"pupil": pupil.full_name, "column": columns[column].label, "why": error},
            extra={"field": "new_value"},
        ) from None
    current = Mark.objects.filter(
        sheet=sheet, pupil=pupil, kind=columns[column].kind, index=columns[column].index
    ).first()
    return CorrectionRequest.objects.create(
        sheet=sheet,
        pupil=pupil,
        kind=columns[column].kind,
        index=columns[column].index,
        old_value=_format_cell(_cell_value(current)) if current else "",
        new_value=new_value.strip(),
        reason=reason.strip(),
        requested_by=actor.staff,
    )


@transaction.atomic(durable=True)
def correction_request_decide(
    *, correction: CorrectionRequest, approve: bool, note: str, actor: Actor
) -> CorrectionRequest:
    """Approve (the mark changes, results are recomputed) or reject a correction request.

    Only the principal decides. The change is recorded with the request's reason.
    """
    correction = (
        CorrectionRequest.objects.select_for_update(of=("self",))
        .select_related("sheet__term", "sheet__subject", "sheet__school_class")
        .get(pk=correction.pk)
    )
    if not actor.is_principal:
        raise AssessmentPermissionError(_("Only the principal decides corrections."))
    if correction.status != CorrectionRequest.Status.PENDING:
        raise MarkInputError(_("This request was already decided."))
    correction.status = (
        CorrectionRequest.Status.APPROVED if approve else CorrectionRequest.Status.REJECTED
    )
    correction.decided_by = actor.staff
    correction.decided_at = timezone.now()
    correction.decision_note = note.strip()
    correction.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if not approve:
        return correction
    sheet = correction.sheet
    value = _parse_for(sheet.subject, correction.new_value)
    with pghistory.context(
        user=actor.user.pk, reason=f"correction #{correction.pk}: {correction.reason}"
    ):
        if value is None:
            Mark.objects.filter(
                sheet=sheet, pupil=correction.pupil, kind=correction.kind, index=correction.index
            ).delete()
        else:
            Mark.objects.update_or_create(
                sheet=sheet,
                pupil=correction.pupil,
                kind=correction.kind,
                index=correction.index,
                defaults={
                    "score": None if isinstance(value, bool) else value,
                    "passed": value if isinstance(value, bool) else None,
                    "updated_by": correction.requested_by,
                },
            )
    results_compute_term(term=sheet.term, class_ids=[sheet.school_class_id])
    if Term.objects.filter(school_year=sheet.term.school_year, is_closed=False).count() == 0:
        results_compute_year(school_year=sheet.term.school_year)
    return correction


@transaction.atomic
def sheets_ensure_for_term(*, term: Term) -> int:
    """Create the mark sheet of every class × subject taught in the term's year."""
    existing = set(MarkSheet.objects.filter(term=term).values_list("school_class_id", "subject_id"))
    missing = [
        MarkSheet(school_class_id=class_id, subject_id=subject_id, term=term)
        for class_id, subject_id in TeachingAssignment.objects.filter(
            school_class__school_year=term.school_year
        )
        .values_list("school_class_id", "subject_id")
        .distinct()
        if (class_id, subject_id) not in existing
    ]
    MarkSheet.objects.bulk_create(missing)
    return len(missing)


def _year_inputs(
    *, pupil_id: int, school_year: SchoolYear, config: rules.RulesConfig
) -> tuple[dict[str, Decimal], dict[str, bool]]:
    averages: dict[str, Decimal] = {}
    comments: dict[str, bool] = {}
    for result in SubjectResult.objects.filter(
        pupil_id=pupil_id, school_year=school_year, term__isnull=True
    ).select_related("subject"):
        if not _counts_for_level(result.subject, config):
            continue
        if result.average is not None:
            averages[result.subject.code] = result.average
        elif result.passed is not None:
            comments[result.subject.code] = result.passed
    return averages, comments


@transaction.atomic(durable=True)
def year_results_compute(*, school_year: SchoolYear, actor: Actor) -> int:
    """Compute every pupil's year results and end-of-year decision (principal).

    Both terms must be closed. Returns the number of pupils decided.
    """
    if not actor.is_principal:
        raise AssessmentPermissionError(_("Only the principal computes the year results."))
    open_terms = Term.objects.filter(school_year=school_year, is_closed=False).count()
    if open_terms:
        raise MarkInputError(_("Close both terms before computing the year results."))
    return results_compute_year(school_year=school_year)


@transaction.atomic(durable=True)
def reassessment_record(
    *,
    pupil_id: int,
    school_year: SchoolYear,
    results: dict[str, str],
    actor: Actor,
) -> YearOutcome:
    """Record a pupil's summer re-assessment results (subject code → typed value) and decide
    again (TT22 Art. 14): each result replaces the subject's year result; the learning level
    is recomputed; promoted if Đạt or better, else retained.
    """
    if not actor.is_principal:
        raise AssessmentPermissionError(_("Only the principal records re-assessment results."))
    initial = YearOutcome.objects.filter(
        pupil_id=pupil_id, school_year=school_year, stage=YearOutcome.Stage.INITIAL
    ).first()
    if initial is None or initial.decision != YearOutcome.Decision.REASSESS:
        raise MarkInputError(_("This pupil is not due for re-assessment."))
    subjects = {s.code: s for s in Subject.objects.filter(code__in=initial.reassess_subjects)}
    scores: dict[str, Decimal] = {}
    comments: dict[str, bool] = {}
    errors = []
    for code in initial.reassess_subjects:
        text = results.get(code, "")
        try:
            value = _parse_for(subjects[code], text)
        except ValueError as error:
            errors.append({"subject": code, "message": f"{subjects[code].name}: {error}"})
            continue
        if value is None:
            errors.append(
                {
                    "subject": code,
                    "message": _("%(subject)s: enter the re-assessment result.")
                    % {"subject": subjects[code].name},
                }
            )
        elif isinstance(value, bool):
            comments[code] = value
        else:
            scores[code] = value
    if errors:
        raise MarkInputError(str(errors[0]["message"]), extra={"errors": errors})
    config = rules_config()
    averages, year_comments = _year_inputs(
        pupil_id=pupil_id, school_year=school_year, config=config
    )
    outcome = rules.year_outcome_after_reassessment(
        year_averages=averages,
        year_comments=year_comments,
        reassessed_averages=scores,
        reassessed_comments=comments,
        config=config,
    )
    with pghistory.context(user=actor.user.pk, reason="summer re-assessment"):
        for code, subject in subjects.items():
            Reassessment.objects.update_or_create(
                pupil_id=pupil_id,
                school_year=school_year,
                subject=subject,
                defaults={
                    "score": scores.get(code),
                    "passed": comments.get(code),
                    "entered_by": actor.staff,
                },
            )
    after, _created = YearOutcome.objects.update_or_create(
        pupil_id=pupil_id,
        school_year=school_year,
        stage=YearOutcome.Stage.AFTER_SUMMER,
        defaults={"decision": outcome.decision.value, "absences": initial.absences},
    )
    return after


@transaction.atomic(durable=True)
def summer_training_record(
    *, pupil_id: int, school_year: SchoolYear, reevaluated_conduct: str, actor: Actor
) -> YearOutcome:
    """Record the principal's re-evaluation of conduct after summer training (TT22 Art. 13)
    and decide again: promoted if Đạt or better, else retained. An empty level means the
    tasks were not completed."""
    if not actor.is_principal:
        raise AssessmentPermissionError(_("Only the principal re-evaluates conduct."))
    initial = YearOutcome.objects.filter(
        pupil_id=pupil_id, school_year=school_year, stage=YearOutcome.Stage.INITIAL
    ).first()
    if initial is None or initial.decision != YearOutcome.Decision.SUMMER_TRAINING:
        raise MarkInputError(_("This pupil was not sent to summer training."))
    if reevaluated_conduct and reevaluated_conduct not in Level.values:
        raise MarkInputError(
            _("“%(level)s” is not a conduct level.") % {"level": reevaluated_conduct},
            extra={"field": "conduct"},
        )
    learning = LearningResult.objects.get(pupil_id=pupil_id, school_year=school_year, term=None)
    outcome = rules.year_outcome_after_summer_training(
        learning=learning.level, reevaluated_conduct=reevaluated_conduct or None
    )
    if reevaluated_conduct:
        with pghistory.context(user=actor.user.pk, reason="summer training re-evaluation"):
            ConductGrade.objects.filter(
                pupil_id=pupil_id, school_year=school_year, term=None
            ).update(level=reevaluated_conduct, entered_by=actor.staff)
    after, _created = YearOutcome.objects.update_or_create(
        pupil_id=pupil_id,
        school_year=school_year,
        stage=YearOutcome.Stage.AFTER_SUMMER,
        defaults={"decision": outcome.decision.value, "absences": initial.absences},
    )
    return after
