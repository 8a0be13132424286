"""The onboarding checklist of a school, with the date of each step (what the pilot
evaluation measures): administrator invited → staff imported → classes and pupils imported →
timetable → first marks → guardians invited → live.

Dates come from the school's own records where they exist (the first committed import, the
first mark written, the first invitation sent); a step with no dated record (the timetable) is
dated when the periodic check first sees it done. Steps are stored in the public schema
(onboarding.Milestone) and only move earlier, never later. Runs in the public schema.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django_tenants.utils import tenant_context

from core_school.academics.models import TimetableSlot
from core_school.assessment.models import Mark
from core_school.dataimport.selectors import import_first_committed_at
from core_school.invitations.models import Invitation
from core_school.people.models import Pupil, StaffMember
from onboarding.models import Milestone
from tenants.models import School

STEPS = list(Milestone.Step)


@dataclass(frozen=True)
class ChecklistStep:
    code: str
    label: str
    reached_at: datetime.datetime | None
    from_records: bool = True


def school_checklist(*, school: School) -> list[ChecklistStep]:
    """Each step in order, with its date or None (one query)."""
    reached = {m.step: m for m in Milestone.objects.filter(school=school)}
    return [
        ChecklistStep(
            code=step.value,
            label=str(step.label),
            reached_at=reached[step].reached_at if step in reached else None,
            from_records=reached[step].from_records if step in reached else True,
        )
        for step in STEPS
    ]


def _event_first(app_label: str, event_model: str) -> datetime.datetime | None:
    """When the first row of a tracked model was written (its history's first insert)."""
    events = apps.get_model(app_label, event_model)
    return events.objects.filter(pgh_label="insert").aggregate(first=Min("pgh_created_at"))["first"]


def _first_mark_at() -> datetime.datetime | None:
    """When the first mark was written: its history, or the oldest mark's last write (marks
    loaded in bulk carry no history)."""
    dates = [
        _event_first("assessment", "MarkEvent"),
        Mark.objects.aggregate(first=Min("updated_at"))["first"],
    ]
    return min((d for d in dates if d), default=None)


def _dates_in_school() -> dict[str, tuple[datetime.datetime, bool] | None]:
    """The date of each step from the current school's records: (date, from records)."""
    now = timezone.now()

    def seen(exists: bool) -> tuple[datetime.datetime, bool] | None:
        return (now, False) if exists else None

    def dated(
        when: datetime.datetime | None, exists: bool
    ) -> tuple[datetime.datetime, bool] | None:
        return (when, True) if when else seen(exists)

    staff = import_first_committed_at("staff")
    pupils = import_first_committed_at("pupils") or _event_first("people", "PupilEvent")
    guardians = Invitation.objects.filter(
        kind=Invitation.Kind.GUARDIAN, sent_at__isnull=False
    ).aggregate(first=Min("sent_at"))["first"] or import_first_committed_at("guardians")
    return {
        Milestone.Step.STAFF_IMPORTED: dated(staff, StaffMember.objects.exists()),
        Milestone.Step.PUPILS_IMPORTED: dated(pupils, Pupil.objects.exists()),
        Milestone.Step.TIMETABLE: seen(TimetableSlot.objects.exists()),
        Milestone.Step.FIRST_MARKS: dated(_first_mark_at(), Mark.objects.exists()),
        Milestone.Step.GUARDIANS_INVITED: dated(
            guardians, Invitation.objects.filter(kind=Invitation.Kind.GUARDIAN).exists()
        ),
    }


@transaction.atomic
def milestones_refresh(*, school: School) -> list[ChecklistStep]:
    """Record the steps the school has reached; a school that reached them all goes live."""
    with tenant_context(school):
        dates = _dates_in_school()
    stored = {m.step: m for m in Milestone.objects.select_for_update().filter(school=school)}
    for step, found in dates.items():
        if found is None:
            continue
        when, from_records = found
        milestone = stored.get(step)
        if milestone is None:
            stored[step] = Milestone.objects.create(
                school=school, step=step, reached_at=when, from_records=from_records
            )
        elif from_records and (not milestone.from_records or when < milestone.reached_at):
            milestone.reached_at, milestone.from_records = when, True
            milestone.save(update_fields=["reached_at", "from_records"])
    before_live = [step for step in STEPS if step != Milestone.Step.LIVE]
    if school.status == School.Status.LIVE and Milestone.Step.LIVE not in stored:
        Milestone.objects.create(school=school, step=Milestone.Step.LIVE, reached_at=timezone.now())
    elif school.status == School.Status.ONBOARDING and all(s in stored for s in before_live):
        school_go_live(school=school, actor=None)
    return school_checklist(school=school)


@transaction.atomic
def school_go_live(*, school: School, actor: object | None) -> School:
    """The school is live: every step before is done (or an operator says so)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    school = School.objects.select_for_update().get(pk=school.pk)
    if school.status != School.Status.ONBOARDING:
        raise ValidationError(
            _("Only a school that is onboarding can go live (%(school)s is %(status)s).")
            % {"school": school.name, "status": school.get_status_display()}
        )
    school.status = School.Status.LIVE
    school.status_reason = ""
    school.save(update_fields=["status", "status_reason", "updated_at"])
    Milestone.objects.update_or_create(
        school=school,
        step=Milestone.Step.LIVE,
        defaults={"reached_at": timezone.now(), "from_records": True},
    )
    return school
