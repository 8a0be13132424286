"""Write-side logbook and staff tasks. Runs inside the current school's schema."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass, TimetableSlot
from core_school.people.access import Actor
from core_school.people.models import StaffMember
from core_school.teaching.models import LogbookEntry, PlannedLesson, StaffTask


class TeachingPermissionError(ApplicationError):
    """The acting person may not record this period or give or move this task."""

    status_code = 403


@transaction.atomic(durable=True)
def logbook_record(
    *,
    school_class: SchoolClass,
    date: datetime.date,
    period: int,
    lesson_id: int | None,
    lesson_title: str,
    absent_pupil_ids: Sequence[int],
    remark: str,
    actor: Actor,
) -> LogbookEntry:
    """Record what was taught in one timetabled period (sổ đầu bài), or correct it.

    The period's teacher records it (the office may too). Raises ApplicationError for a future
    day, a period not in the timetable, a lesson of another subject, or a pupil not in class.
    """
    slot = (
        TimetableSlot.objects.select_related("assignment__subject")
        .filter(school_class=school_class, weekday=date.isoweekday(), period=period)
        .first()
    )
    if slot is None:
        raise ApplicationError(
            _("%(class)s has no period %(period)s on %(date)s.")
            % {"class": school_class.name, "period": period, "date": date.strftime("%d/%m/%Y")},
            {"field": "period"},
        )
    if not (
        actor.sees_whole_school or slot.assignment.teacher_id == getattr(actor.staff, "pk", None)
    ):
        raise TeachingPermissionError(_("Only the teacher of this period records it."))
    if date > timezone.localdate():
        raise ApplicationError(
            _("A lesson cannot be recorded before it happens."), {"field": "date"}
        )
    lesson = None
    if lesson_id:
        lesson = PlannedLesson.objects.filter(
            pk=lesson_id, subject=slot.assignment.subject, grade=school_class.grade
        ).first()
        if lesson is None:
            raise ApplicationError(
                _("That lesson is not in the %(subject)s plan for grade %(grade)s.")
                % {"subject": slot.assignment.subject.name, "grade": school_class.grade},
                {"field": "lesson"},
            )
    title = (lesson.title if lesson else "") or lesson_title.strip()
    if not title:
        raise ApplicationError(_("Say which lesson was taught."), {"field": "lesson"})
    members = set(
        Enrolment.objects.filter(school_class=school_class, ends_on__isnull=True).values_list(
            "pupil_id", flat=True
        )
    )
    strangers = [pupil for pupil in absent_pupil_ids if pupil not in members]
    if strangers:
        raise ApplicationError(
            _("Pupil %(id)s is not in class %(class)s.")
            % {"id": strangers[0], "class": school_class.name},
            {"field": "absent"},
        )
    entry, _created = LogbookEntry.objects.update_or_create(
        school_class=school_class,
        date=date,
        period=period,
        defaults={
            "assignment": slot.assignment,
            "lesson": lesson,
            "lesson_title": title,
            "remark": remark.strip(),
            "recorded_by": actor.staff,
        },
    )
    entry.absent_pupils.set(absent_pupil_ids)
    return entry


@transaction.atomic(durable=True)
def task_create(
    *, title: str, description: str, assignee_id: int, due_on: datetime.date, actor: Actor
) -> StaffTask:
    """Give a member of staff a task with a due date (principal or school admin)."""
    if not actor.sees_whole_school:
        raise TeachingPermissionError(
            _("Only the principal or the school administrator gives tasks.")
        )
    if not title.strip():
        raise ApplicationError(_("Give the task a title."), {"field": "title"})
    assignee = StaffMember.objects.filter(pk=assignee_id).first()
    if assignee is None:
        raise ApplicationError(_("Choose who does the task."), {"field": "assignee"})
    return StaffTask.objects.create(
        title=title.strip(),
        description=description.strip(),
        assignee=assignee,
        due_on=due_on,
        created_by=actor.staff,
    )


@transaction.atomic(durable=True)
def task_set_status(*, task: StaffTask, status: str, actor: Actor) -> StaffTask:
    """Move a task to do / in progress / done (its assignee, or the office)."""
    task = StaffTask.objects.select_for_update().get(pk=task.pk)
    if not (actor.sees_whole_school or task.assignee_id == getattr(actor.staff, "pk", None)):
        raise TeachingPermissionError(_("This is not your task."))
    if status not in StaffTask.Status.values:
        raise ApplicationError(_("Unknown status “%(s)s”.") % {"s": status}, {"field": "status"})
    task.status = status
    task.completed_at = timezone.now() if status == StaffTask.Status.DONE else None
    task.save(update_fields=["status", "completed_at"])
    return task
