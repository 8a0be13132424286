"""Reads for report cards and class summaries. Runs inside the current school's schema.

Every selector here runs a fixed number of queries, whatever the number of pupils or subjects:
results are read per kind (subject results, levels, conduct, outcomes, absences) for all the
pupils at once and grouped in Python.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from core_school.academics.models import Enrolment, SchoolClass, SchoolYear, Subject, Term
from core_school.assessment.models import (
    ConductGrade,
    LearningResult,
    Reassessment,
    SubjectResult,
    YearOutcome,
)
from core_school.attendance.models import Absence
from core_school.people import selectors as people_selectors
from core_school.people.access import Actor
from core_school.people.models import Pupil, StaffMember
from core_school.people.names import name_sort_key

# A period of a school year: a term number (1, 2), or None for the whole year.
Period = int | None


@dataclass(frozen=True)
class PupilResults:
    """One pupil's stored results in a school year, by period (term number, None = year)."""

    pupil: Pupil
    # subject id → period → the stored ĐTBmhk / ĐTBmcn or Đ / CĐ
    subjects: dict[int, dict[Period, SubjectResult]] = field(default_factory=dict)
    learning: dict[Period, str] = field(default_factory=dict)
    conduct: dict[Period, str] = field(default_factory=dict)
    # Only the periods whose count is meaningful yet (see _absences).
    absences: dict[Period, int] = field(default_factory=dict)
    outcomes: dict[str, YearOutcome] = field(default_factory=dict)  # by YearOutcome.Stage
    reassessments: list[Reassessment] = field(default_factory=list)

    @property
    def initial_outcome(self) -> YearOutcome | None:
        return self.outcomes.get(YearOutcome.Stage.INITIAL)

    @property
    def after_summer_outcome(self) -> YearOutcome | None:
        return self.outcomes.get(YearOutcome.Stage.AFTER_SUMMER)


@dataclass(frozen=True)
class ReportCardData:
    """Everything a pupil's report card for one school year prints."""

    pupil: Pupil
    school_year: SchoolYear
    school_class: SchoolClass
    terms: dict[int, Term]
    subjects: list[Subject]
    results: PupilResults
    principal: StaffMember | None


@dataclass(frozen=True)
class ClassSummaryData:
    """A class's results for one term or the year (term None), one row per pupil."""

    school_class: SchoolClass
    school_year: SchoolYear
    term: Term | None
    subjects: list[Subject]
    rows: list[PupilResults]  # in Vietnamese class-list order
    principal: StaffMember | None


@dataclass(frozen=True)
class ClassLink:
    """A class on the reports index, with the periods its summary sheet exists for."""

    school_class: SchoolClass
    terms: list[Term]
    may_download_summary: bool


def class_sort_key(name: str) -> tuple[object, ...]:
    """Natural order of class names: 6A2 before 6A10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


def terms_of_year(*, school_year: SchoolYear) -> dict[int, Term]:
    return {term.number: term for term in Term.objects.filter(school_year=school_year)}


def principal_get() -> StaffMember | None:
    """The principal (hiệu trưởng) who signs the school's documents."""
    return (
        StaffMember.objects.filter(position=StaffMember.Position.PRINCIPAL).order_by("pk").first()
    )


def pupil_classes_in_year(*, pupil_id: int, school_year: SchoolYear) -> list[SchoolClass]:
    """The classes a pupil was enrolled in during a school year, the latest first."""
    return [
        enrolment.school_class
        for enrolment in Enrolment.objects.filter(
            pupil_id=pupil_id, school_class__school_year=school_year
        )
        .select_related("school_class__homeroom_teacher")
        .order_by("-starts_on", "-pk")
    ]


def _subjects_taught(class_ids: Collection[int]) -> list[Subject]:
    return list(
        Subject.objects.filter(assignments__school_class_id__in=list(class_ids))
        .distinct()
        .order_by("order", "code")
    )


def _with_result_subjects(taught: list[Subject], rows: Iterable[PupilResults]) -> list[Subject]:
    """The subjects taught, plus any subject a pupil has a result in, in catalogue order."""
    subjects = {subject.pk: subject for subject in taught}
    for row in rows:
        for by_period in row.subjects.values():
            for result in by_period.values():
                subjects.setdefault(result.subject_id, result.subject)
    return sorted(subjects.values(), key=lambda subject: (subject.order, subject.code))


def _absences(
    *,
    pupil_ids: Collection[int],
    school_year: SchoolYear,
    terms: dict[int, Term],
    today: datetime.date,
) -> dict[int, dict[Period, int]]:
    """Sessions missed that count for promotion (TT22 Art. 12, excused or not), per period.

    A term's count shows once the term has started (so far, while it runs). The year's count
    shows once every term is closed; the year outcome's own count replaces it when there is one.
    """
    second = terms.get(2)
    split = second.starts_on if second else school_year.ends_on + datetime.timedelta(days=1)
    rows = (
        Absence.objects.filter(
            pupil_id__in=list(pupil_ids),
            register__school_class__school_year=school_year,
            register__counts_for_promotion=True,
            status__in=Absence.ABSENT,
        )
        .order_by()
        .values("pupil_id")
        .annotate(
            first=Count("pk", filter=Q(register__date__lt=split)),
            second=Count("pk", filter=Q(register__date__gte=split)),
            total=Count("pk"),
        )
    )
    counts = {row["pupil_id"]: row for row in rows}
    year_done = set(terms) == {1, 2} and all(term.is_closed for term in terms.values())
    shown: dict[int, dict[Period, int]] = {}
    for pupil_id in pupil_ids:
        row = counts.get(pupil_id, {"first": 0, "second": 0, "total": 0})
        periods: dict[Period, int] = {}
        for number, key in ((1, "first"), (2, "second")):
            if number in terms and terms[number].starts_on <= today:
                periods[number] = row[key]
        if year_done:
            periods[None] = row["total"]
        shown[pupil_id] = periods
    return shown


def _results_for(
    *,
    pupils: list[Pupil],
    school_year: SchoolYear,
    terms: dict[int, Term],
    periods: Collection[Period],
    with_outcomes: bool,
    with_reassessments: bool,
) -> list[PupilResults]:
    """The stored results of `pupils` for the given periods of a year: up to six queries."""
    pupil_ids = [pupil.pk for pupil in pupils]
    number_of = {term.pk: term.number for term in terms.values()}
    period_filter = Q(pk__in=[])
    for period in periods:
        if period is None:
            period_filter |= Q(term__isnull=True)
        elif period in terms:
            period_filter |= Q(term_id=terms[period].pk)
    rows = {pupil.pk: PupilResults(pupil=pupil) for pupil in pupils}

    for result in SubjectResult.objects.filter(
        period_filter, pupil_id__in=pupil_ids, school_year=school_year
    ).select_related("subject"):
        row = rows[result.pupil_id]
        row.subjects.setdefault(result.subject_id, {})[number_of.get(result.term_id)] = result
    for pupil_id, term_id, level in LearningResult.objects.filter(
        period_filter, pupil_id__in=pupil_ids, school_year=school_year
    ).values_list("pupil_id", "term_id", "level"):
        rows[pupil_id].learning[number_of.get(term_id)] = level
    for pupil_id, term_id, level in ConductGrade.objects.filter(
        period_filter, pupil_id__in=pupil_ids, school_year=school_year
    ).values_list("pupil_id", "term_id", "level"):
        rows[pupil_id].conduct[number_of.get(term_id)] = level
    if with_outcomes:
        for outcome in YearOutcome.objects.filter(pupil_id__in=pupil_ids, school_year=school_year):
            rows[outcome.pupil_id].outcomes[outcome.stage] = outcome
    if with_reassessments:
        for reassessment in (
            Reassessment.objects.filter(pupil_id__in=pupil_ids, school_year=school_year)
            .select_related("subject")
            .order_by("subject__order", "subject__code")
        ):
            rows[reassessment.pupil_id].reassessments.append(reassessment)
    absences = _absences(
        pupil_ids=pupil_ids, school_year=school_year, terms=terms, today=timezone.localdate()
    )
    for pupil_id, row in rows.items():
        row.absences.update(
            {period: count for period, count in absences[pupil_id].items() if period in periods}
        )
        outcome = row.initial_outcome or row.after_summer_outcome
        if None in periods and outcome is not None:
            row.absences[None] = outcome.absences
    return list(rows.values())


def report_card_get(*, pupil: Pupil, school_year: SchoolYear) -> ReportCardData | None:
    """A pupil's results for a school year, as the report card prints them; None when the
    pupil was not enrolled that year. Ten queries."""
    classes = pupil_classes_in_year(pupil_id=pupil.pk, school_year=school_year)
    if not classes:
        return None
    terms = terms_of_year(school_year=school_year)
    (results,) = _results_for(
        pupils=[pupil],
        school_year=school_year,
        terms=terms,
        periods=(1, 2, None),
        with_outcomes=True,
        with_reassessments=True,
    )
    return ReportCardData(
        pupil=pupil,
        school_year=school_year,
        school_class=classes[0],
        terms=terms,
        subjects=_with_result_subjects(_subjects_taught([c.pk for c in classes]), [results]),
        results=results,
        principal=principal_get(),
    )


def class_pupils(*, school_class: SchoolClass, on: datetime.date | None = None) -> list[Pupil]:
    """The pupils of a class in Vietnamese class-list order (given name first). With `on`,
    only those enrolled on that day (joined by then and not left before)."""
    enrolments = Enrolment.objects.filter(school_class=school_class).select_related("pupil")
    if on is not None:
        enrolments = enrolments.filter(starts_on__lte=on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )
    pupils = {enrolment.pupil_id: enrolment.pupil for enrolment in enrolments}
    return sorted(pupils.values(), key=lambda pupil: (name_sort_key(pupil.full_name), pupil.pk))


def class_summary_get(*, school_class: SchoolClass, term: Term | None) -> ClassSummaryData:
    """A class's results for a term, or for the year when `term` is None, for the pupils
    enrolled at the end of that period. Nine queries (eight for a term), whatever the
    class size."""
    school_year = school_class.school_year
    terms = terms_of_year(school_year=school_year)
    period: Period = term.number if term is not None else None
    period_end = term.ends_on if term is not None else school_year.ends_on
    pupils = class_pupils(school_class=school_class, on=min(period_end, school_year.ends_on))
    rows = _results_for(
        pupils=pupils,
        school_year=school_year,
        terms=terms,
        periods=(period,),
        with_outcomes=term is None,
        with_reassessments=False,
    )
    return ClassSummaryData(
        school_class=school_class,
        school_year=school_year,
        term=term,
        subjects=_with_result_subjects(_subjects_taught([school_class.pk]), rows),
        rows=rows,
        principal=principal_get(),
    )


def school_class_get(*, class_id: int) -> SchoolClass | None:
    return (
        SchoolClass.objects.select_related("school_year", "homeroom_teacher")
        .filter(pk=class_id)
        .first()
    )


def class_list_for_actor(*, actor: Actor) -> list[ClassLink]:
    """The classes whose reports `actor` may open, newest year first, in natural class order.
    Two queries."""
    classes = SchoolClass.objects.select_related("school_year", "homeroom_teacher")
    if not actor.sees_whole_school:
        classes = classes.filter(pk__in=people_selectors.staff_class_ids(actor=actor))
    found = list(classes)
    if not found:
        return []
    terms: dict[int, list[Term]] = defaultdict(list)
    for term in Term.objects.filter(school_year_id__in={c.school_year_id for c in found}):
        terms[term.school_year_id].append(term)
    found.sort(key=lambda c: (-c.school_year.starts_on.toordinal(), class_sort_key(c.name)))
    return [
        ClassLink(
            school_class=school_class,
            terms=sorted(terms[school_class.school_year_id], key=lambda t: t.number),
            may_download_summary=actor.sees_whole_school
            or school_class.pk in actor.homeroom_class_ids,
        )
        for school_class in found
    ]


@dataclass(frozen=True)
class OwnReportCard:
    """A report card a guardian or pupil may open: one child, one school year."""

    pupil: Pupil
    school_year: SchoolYear
    school_class: SchoolClass


def own_report_cards(*, actor: Actor) -> list[OwnReportCard]:
    """The report cards of the signed-in pupil, or of a guardian's children: one per pupil
    and school year they were enrolled in, newest first. Two queries."""
    pupils = (
        Pupil.objects.filter(pk__in=people_selectors.family_pupil_ids(actor=actor))
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.select_related("school_class__school_year").order_by(
                    "-starts_on", "-pk"
                ),
            )
        )
        .order_by("birth_date", "pk")
    )
    cards = []
    for pupil in pupils:
        seen: set[int] = set()
        for enrolment in pupil.enrolments.all():
            year = enrolment.school_class.school_year
            if year.pk not in seen:
                seen.add(year.pk)
                cards.append(
                    OwnReportCard(
                        pupil=pupil, school_year=year, school_class=enrolment.school_class
                    )
                )
    return cards


def pupil_is_own(*, actor: Actor, pupil: Pupil) -> bool:
    """Whether `pupil` is the signed-in pupil, or a child of the signed-in guardian."""
    return Pupil.objects.filter(
        pk=pupil.pk, pk__in=people_selectors.family_pupil_ids(actor=actor)
    ).exists()
