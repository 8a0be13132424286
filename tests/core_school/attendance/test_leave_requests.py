"""Leave requests: a guardian asks, the homeroom teacher decides, approved leave is excused."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass
from core_school.attendance import services
from core_school.attendance.models import Absence, AttendanceRegister, LeaveRequest
from core_school.people.access import actor_for_user
from core_school.people.models import Pupil
from tenants.models import School


def _school_day(back: int) -> datetime.date:
    day = timezone.localdate() - datetime.timedelta(days=back)
    while day.weekday() == 6:
        day -= datetime.timedelta(days=1)
    return day


@pytest.fixture
def child(in_school_a: School) -> Pupil:
    return Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").first()


def _homeroom_of(pupil: Pupil) -> User:
    school_class = SchoolClass.objects.get(
        enrolments__pupil=pupil, enrolments__ends_on__isnull=True, school_year__is_current=True
    )
    return school_class.homeroom_teacher.user


def test_approved_leave_excuses_past_absences_and_marks_future_registers(child: Pupil) -> None:
    # given: an unexcused absence two days ago, then a leave request covering it and today
    parent = User.objects.get(username="phuhuynh")
    teacher = actor_for_user(_homeroom_of(child))
    school_class = SchoolClass.objects.get(pk=next(iter(teacher.homeroom_class_ids)))
    past, today = _school_day(2), timezone.localdate()
    services.register_take(
        school_class=school_class,
        date=past,
        session="am",
        actor=teacher,
        absences=[services.AbsenceEntry(child.pk, "unexcused")],
    )
    AttendanceRegister.objects.filter(school_class=school_class, date=today).delete()
    leave = services.leave_request_create(
        user=parent, pupil_id=child.pk, first_day=past, last_day=today, reason="Ốm sốt"
    )
    # when
    services.leave_request_decide(leave=leave, approve=True, note="", actor=teacher)
    register = services.register_take(
        school_class=school_class, date=today, session="am", absences=[], actor=teacher
    )
    # then
    before = Absence.objects.get(pupil=child, register__date=past, register__session="am")
    now = Absence.objects.get(register=register, pupil=child)
    assert (before.status, now.status) == ("excused", "excused")
    assert "Ốm sốt" in now.reason


@pytest.mark.parametrize(
    ("first", "last", "reason", "field"),
    [
        (0, -1, "x", "last_day"),
        (0, 40, "x", "last_day"),
        (-30, -29, "x", "first_day"),
        (0, 0, " ", "reason"),
    ],
)
def test_leave_request_rejects_bad_input(
    child: Pupil, first: int, last: int, reason: str, field: str
) -> None:
    today = timezone.localdate()
    with pytest.raises(ApplicationError) as raised:
        services.leave_request_create(
            user=User.objects.get(username="phuhuynh"),
            pupil_id=child.pk,
            first_day=today + datetime.timedelta(days=first),
            last_day=today + datetime.timedelta(days=last),
            reason=reason,
        )
    assert raised.value.extra["field"] == field
    assert not LeaveRequest.objects.filter(pupil=child).exists()


def test_only_the_childs_guardian_asks_and_only_the_homeroom_teacher_decides(child: Pupil) -> None:
    today = timezone.localdate()
    with pytest.raises(ApplicationError):
        services.leave_request_create(
            user=User.objects.get(username="giaovien"),
            pupil_id=child.pk,
            first_day=today,
            last_day=today,
            reason="x",
        )
    leave = services.leave_request_create(
        user=User.objects.get(username="phuhuynh"),
        pupil_id=child.pk,
        first_day=today,
        last_day=today,
        reason="Việc gia đình",
    )
    with pytest.raises(ApplicationError):
        services.leave_request_decide(
            leave=leave,
            approve=True,
            note="",
            actor=actor_for_user(User.objects.get(username="giaovien")),
        )


def test_guardian_asks_in_the_portal_and_the_teacher_approves_in_her_page(
    school_a: School, client_a: Client
) -> None:
    # given
    with tenant_context(school_a):
        child = Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").first()
        client_a.force_login(User.objects.get(username="phuhuynh"))
        teacher = _homeroom_of(child)
        class_id = Enrolment.objects.get(pupil=child, ends_on__isnull=True).school_class_id
    today = timezone.localdate().isoformat()
    # when
    client_a.post(
        f"/family/{child.pk}/leave/", {"first_day": today, "last_day": today, "reason": "Khám bệnh"}
    )
    with tenant_context(school_a):
        leave = LeaveRequest.objects.get(pupil=child)
        client_a.force_login(teacher)
    page = client_a.get(f"/attendance/{class_id}/leave/")
    client_a.post(f"/attendance/{class_id}/leave/", {"leave": leave.pk, "decision": "approve"})
    # then
    assert "Khám bệnh" in page.content.decode()
    with tenant_context(school_a):
        assert LeaveRequest.objects.get(pk=leave.pk).status == "approved"
