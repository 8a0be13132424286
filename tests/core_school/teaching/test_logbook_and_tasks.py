"""The class logbook (sổ đầu bài) and staff tasks."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass, TimetableSlot
from core_school.people.access import Actor
from core_school.teaching import selectors, services
from core_school.teaching.models import LogbookEntry, PlannedLesson, StaffTask
from tenants.models import School
from tests.core_school.conftest import actor


def _past_day_with_slot(slot: TimetableSlot) -> datetime.date:
    day = timezone.localdate() - datetime.timedelta(days=1)
    while day.isoweekday() != slot.weekday:
        day -= datetime.timedelta(days=1)
    return day


@pytest.fixture
def slot(teacher: Actor) -> TimetableSlot:
    return (
        TimetableSlot.objects.filter(assignment__teacher=teacher.staff)
        .select_related("school_class", "assignment__subject")
        .first()
    )


def test_teacher_records_a_period_with_the_planned_lesson_and_absences(
    slot: TimetableSlot, teacher: Actor
) -> None:
    # given
    day = _past_day_with_slot(slot)
    LogbookEntry.objects.filter(
        school_class=slot.school_class, date=day, period=slot.period
    ).delete()
    lesson = PlannedLesson.objects.filter(
        subject=slot.assignment.subject, grade=slot.school_class.grade
    ).first()
    absent = list(
        Enrolment.objects.filter(school_class=slot.school_class).values_list("pupil_id", flat=True)[
            :2
        ]
    )
    # when
    entry = services.logbook_record(
        school_class=slot.school_class,
        date=day,
        period=slot.period,
        lesson_id=lesson.pk,
        lesson_title="",
        absent_pupil_ids=absent,
        remark="Lớp học tốt",
        actor=teacher,
    )
    # then
    assert entry.lesson_title == lesson.title
    assert set(entry.absent_pupils.values_list("pk", flat=True)) == set(absent)


def test_recording_a_period_not_in_the_timetable_is_refused(
    slot: TimetableSlot, teacher: Actor
) -> None:
    day = _past_day_with_slot(slot)
    with pytest.raises(ApplicationError) as raised:
        services.logbook_record(
            school_class=slot.school_class,
            date=day,
            period=9,
            lesson_id=None,
            lesson_title="Bài 1",
            absent_pupil_ids=[],
            remark="",
            actor=teacher,
        )
    assert raised.value.extra["field"] == "period"


def test_another_teacher_cannot_record_the_period(slot: TimetableSlot) -> None:
    with pytest.raises(ApplicationError):
        services.logbook_record(
            school_class=slot.school_class,
            date=_past_day_with_slot(slot),
            period=slot.period,
            lesson_id=None,
            lesson_title="Bài 1",
            absent_pupil_ids=[],
            remark="",
            actor=actor("gvcn")
            if slot.assignment.teacher.user.username != "gvcn"
            else actor("quantri"),
        )


def test_principal_sees_periods_not_recorded(slot: TimetableSlot, principal: Actor) -> None:
    day = _past_day_with_slot(slot)
    LogbookEntry.objects.filter(
        school_class=slot.school_class, date=day, period=slot.period
    ).delete()
    missing = selectors.logbook_missing(first=day, last=day)
    assert (day, slot.pk) in {(d, s.pk) for d, s in missing}


def test_tasks_are_given_by_the_office_and_done_by_their_assignee(
    teacher: Actor, principal: Actor
) -> None:
    task = services.task_create(
        title="Nhập điểm giữa kì Toán 7A3",
        description="",
        assignee_id=teacher.staff.pk,
        due_on=timezone.localdate(),
        actor=principal,
    )
    services.task_set_status(task=task, status=StaffTask.Status.DONE, actor=teacher)
    task.refresh_from_db()
    assert task.completed_at is not None
    with pytest.raises(ApplicationError):
        services.task_create(
            title="x",
            description="",
            assignee_id=principal.staff.pk,
            due_on=timezone.localdate(),
            actor=teacher,
        )


def test_logbook_week_page_in_a_fixed_number_of_queries(
    school_a: School, client_a: Client, django_assert_num_queries: object
) -> None:
    with tenant_context(school_a):
        user = User.objects.get(username="gvcn")
        school_class = SchoolClass.objects.get(
            homeroom_teacher__user=user, school_year__is_current=True
        )
        client_a.force_login(user)
    with django_assert_num_queries(15):  # type: ignore[operator]
        response = client_a.get(f"/teaching/logbook/{school_class.pk}/")
    assert response.status_code == 200


def test_teacher_home_shows_tasks_and_register_nudges(school_a: School, client_a: Client) -> None:
    with tenant_context(school_a):
        client_a.force_login(User.objects.get(username="gvcn"))
    response = client_a.get("/")
    assert response.status_code == 200
    assert (
        "Sổ đầu bài" in response.content.decode() or "logbook" in response.content.decode().lower()
    )
