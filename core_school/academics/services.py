"""Write-side academics: transfers between classes and the year-end rollover.

Runs inside the current school's schema. One transaction per action; history is kept: an
enrolment is ended, never deleted, and marks stay with the class and term they were given in.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass, SchoolYear, Term
from core_school.assessment.models import YearOutcome
from core_school.people.access import Actor
from core_school.people.models import Pupil
from core_school.standard.selectors import rules_config


class AcademicsPermissionError(ApplicationError):
    """The acting person may not move pupils between classes."""

    status_code = 403


@dataclass(frozen=True)
class TransferResult:
    enrolment: Enrolment
    warning: str  # non-empty when the class goes above its maximum size


@transaction.atomic(durable=True)
def pupil_transfer(
    *, pupil: Pupil, to_class: SchoolClass, on_date: datetime.date, actor: Actor
) -> TransferResult:
    """Move a pupil to another class of the same school year from `on_date`.

    The current enrolment ends the day before; a class above its own maximum size or the
    adopted standard's ``max_class_size`` is allowed with a warning naming the limit (DOMAIN.md
    §3.3: warn, don't block: schools above the limit exist and must record their pupils).
    Raises ApplicationError for another year's class, the same class, or a date outside the
    year.
    """
    if not actor.sees_whole_school:
        raise AcademicsPermissionError(
            _("Only the principal or the school administrator moves pupils.")
        )
    current = (
        Enrolment.objects.select_for_update()
        .select_related("school_class")
        .filter(pupil=pupil, ends_on__isnull=True, school_class__school_year=to_class.school_year)
        .first()
    )
    if current is None:
        raise ApplicationError(
            _("%(pupil)s is not in a class of %(year)s.")
            % {"pupil": pupil.full_name, "year": to_class.school_year.name}
        )
    if current.school_class_id == to_class.pk:
        raise ApplicationError(
            _("%(pupil)s is already in %(class)s.")
            % {"pupil": pupil.full_name, "class": to_class.name},
            {"field": "to_class"},
        )
    year = to_class.school_year
    if not (year.starts_on < on_date <= year.ends_on) or on_date <= current.starts_on:
        raise ApplicationError(
            _("The move date %(date)s must fall inside the school year, after the pupil joined.")
            % {"date": on_date.strftime("%d/%m/%Y")},
            {"field": "on_date"},
        )
    current.ends_on = on_date - datetime.timedelta(days=1)
    current.end_reason = _("moved to %(class)s") % {"class": to_class.name}
    current.save(update_fields=["ends_on", "end_reason"])
    enrolment = Enrolment.objects.create(pupil=pupil, school_class=to_class, starts_on=on_date)
    size = Enrolment.objects.filter(school_class=to_class, ends_on__isnull=True).count()
    limit = min(to_class.max_size, rules_config().max_class_size)
    warning = (
        _("%(class)s now has %(n)s pupils, above its maximum of %(max)s.")
        % {"class": to_class.name, "n": size, "max": limit}
        if size > limit
        else ""
    )
    return TransferResult(enrolment=enrolment, warning=warning)


@dataclass(frozen=True)
class RolloverResult:
    school_year: SchoolYear
    promoted: int
    retained: int
    graduated: int
    classes: int


def _final_decisions(school_year: SchoolYear) -> dict[int, str]:
    decisions: dict[int, str] = {}
    for pupil_id, stage, decision in YearOutcome.objects.filter(
        school_year=school_year
    ).values_list("pupil_id", "stage", "decision"):
        if stage == YearOutcome.Stage.AFTER_SUMMER or pupil_id not in decisions:
            decisions[pupil_id] = decision
    return decisions


@transaction.atomic(durable=True)
def year_rollover(
    *, from_year: SchoolYear, starts_on: datetime.date, ends_on: datetime.date, actor: Actor
) -> RolloverResult:
    """Open the next school year: its terms and classes, and every pupil's new enrolment.

    Promoted pupils go up one grade into the class with the same suffix (7A3 → 8A3), retained
    pupils stay in their grade, grade-9 pupils who completed the programme graduate. Nothing
    of the old year is changed except that it stops being current. Pending decisions
    (re-assessment, summer training) must be settled first.
    """
    if not actor.is_principal:
        raise ApplicationError(_("Only the principal opens the next school year."))
    name = f"{starts_on.year}-{starts_on.year + 1}"
    if SchoolYear.objects.filter(name=name).exists():
        raise ApplicationError(_("School year %(name)s already exists.") % {"name": name})
    decisions = _final_decisions(from_year)
    undecided = Enrolment.objects.filter(school_class__school_year=from_year).exclude(
        pupil_id__in=list(decisions)
    )
    if undecided.exists():
        raise ApplicationError(
            _("Compute the year results of %(year)s first: %(n)s pupils have no decision.")
            % {"year": from_year.name, "n": undecided.values("pupil_id").distinct().count()}
        )
    pending = [
        pupil_id
        for pupil_id, decision in decisions.items()
        if decision in (YearOutcome.Decision.REASSESS, YearOutcome.Decision.SUMMER_TRAINING)
    ]
    if pending:
        raise ApplicationError(
            _("%(n)s pupils still wait for their summer decision.") % {"n": len(pending)},
            {"pending": pending[:50]},
        )
    SchoolYear.objects.filter(is_current=True).update(is_current=False)
    year = SchoolYear.objects.create(
        name=name, starts_on=starts_on, ends_on=ends_on, is_current=True
    )
    middle = starts_on + (ends_on - starts_on) / 2
    Term.objects.bulk_create(
        [
            Term(school_year=year, number=1, starts_on=starts_on, ends_on=middle),
            Term(
                school_year=year,
                number=2,
                starts_on=middle + datetime.timedelta(days=1),
                ends_on=ends_on,
            ),
        ]
    )
    old_classes = list(SchoolClass.objects.filter(school_year=from_year))
    new_classes: dict[tuple[int, str], SchoolClass] = {}

    def class_for(grade: int, suffix: str, template: SchoolClass) -> SchoolClass:
        key = (grade, suffix)
        if key not in new_classes:
            new_classes[key] = SchoolClass.objects.create(
                school_year=year,
                grade=grade,
                name=f"{grade}{suffix}",
                homeroom_teacher=template.homeroom_teacher if grade == template.grade + 1 else None,
                max_size=template.max_size,
            )
        return new_classes[key]

    promoted = retained = graduated = 0
    enrolments = []
    last_class = {
        e.pupil_id: e.school_class
        for e in Enrolment.objects.filter(school_class__in=old_classes)
        .select_related("school_class")
        .order_by("starts_on")
    }
    for pupil_id, school_class in last_class.items():
        decision = decisions[pupil_id]
        suffix = school_class.name[len(str(school_class.grade)) :]
        if decision == YearOutcome.Decision.RETAINED:
            target = class_for(school_class.grade, suffix, school_class)
            retained += 1
        elif school_class.grade == 9:
            graduated += 1
            continue
        elif decision == YearOutcome.Decision.PROMOTED:
            target = class_for(school_class.grade + 1, suffix, school_class)
            promoted += 1
        else:
            continue
        enrolments.append(Enrolment(pupil_id=pupil_id, school_class=target, starts_on=starts_on))
    Enrolment.objects.bulk_create(enrolments)
    Enrolment.objects.filter(school_class__in=old_classes, ends_on__isnull=True).update(
        ends_on=from_year.ends_on, end_reason="rollover"
    )
    graduates = [
        pupil_id
        for pupil_id, c in last_class.items()
        if c.grade == 9 and decisions.get(pupil_id) != YearOutcome.Decision.RETAINED
    ]
    Pupil.objects.filter(pk__in=graduates).update(status=Pupil.Status.GRADUATED)
    return RolloverResult(
        school_year=year,
        promoted=promoted,
        retained=retained,
        graduated=graduated,
        classes=len(new_classes),
    )
