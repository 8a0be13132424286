"""Daily attendance, conduct and behaviour notes: the homeroom teacher's minute."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass, Term
from core_school.assessment.models import ConductGrade
from core_school.attendance import selectors, services
from core_school.attendance.models import Absence, AttendanceRegister
from core_school.people.access import Actor
from tenants.models import School
from tests.core_school.conftest import actor


@pytest.fixture
def homeroom(in_school_a: School) -> Actor:
    return actor("gvcn")


@pytest.fixture
def own_class(homeroom: Actor) -> SchoolClass:
    return SchoolClass.objects.select_related("school_year").get(
        pk=next(iter(homeroom.homeroom_class_ids))
    )


def _pupils(school_class: SchoolClass) -> list[int]:
    return list(
        Enrolment.objects.filter(school_class=school_class, ends_on__isnull=True)
        .order_by("pupil_id")
        .values_list("pupil_id", flat=True)
    )


def _a_school_day() -> datetime.date:
    day = timezone.localdate() - datetime.timedelta(days=1)
    while day.weekday() == 6:
        day -= datetime.timedelta(days=1)
    return day


def test_register_marks_only_the_absent_and_replaces_on_correction(
    own_class: SchoolClass, homeroom: Actor
) -> None:
    # given
    first, second = _pupils(own_class)[:2]
    day = _a_school_day()
    # when
    services.register_take(
        school_class=own_class,
        date=day,
        session="am",
        actor=homeroom,
        absences=[
            services.AbsenceEntry(first, "excused", "Ốm"),
            services.AbsenceEntry(second, "late"),
        ],
    )
    register = services.register_take(
        school_class=own_class,
        date=day,
        session="am",
        actor=homeroom,
        absences=[services.AbsenceEntry(first, "unexcused")],
    )
    # then
    assert list(Absence.objects.filter(register=register).values_list("pupil_id", "status")) == [
        (first, "unexcused")
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "sick"), ("pupil", 0), ("date", "future")],
)
def test_register_rejects_bad_input_and_writes_nothing(
    own_class: SchoolClass, homeroom: Actor, field: str, value: object
) -> None:
    pupil = _pupils(own_class)[0]
    day = (
        timezone.localdate() + datetime.timedelta(days=2) if value == "future" else _a_school_day()
    )
    entry = services.AbsenceEntry(
        pupil_id=value if field == "pupil" else pupil,  # type: ignore[arg-type]
        status=value if field == "status" else "excused",  # type: ignore[arg-type]
    )
    before = AttendanceRegister.objects.count()
    with pytest.raises(ApplicationError):
        services.register_take(
            school_class=own_class, date=day, session="am", absences=[entry], actor=homeroom
        )
    assert AttendanceRegister.objects.count() == before


def test_a_subject_teacher_does_not_take_another_class_register(own_class: SchoolClass) -> None:
    with pytest.raises(ApplicationError):
        services.register_take(
            school_class=own_class,
            date=_a_school_day(),
            session="am",
            absences=[],
            actor=actor("giaovien"),
        )


def test_missing_registers_today_are_a_nudge(own_class: SchoolClass, homeroom: Actor) -> None:
    today = timezone.localdate()
    AttendanceRegister.objects.filter(school_class=own_class, date=today).delete()
    missing = selectors.classes_missing_register(actor=homeroom, date=today)
    assert missing == ([] if today.weekday() == 6 else [own_class])


def test_conduct_is_recorded_with_history(own_class: SchoolClass, homeroom: Actor) -> None:
    term = Term.objects.get(school_year=own_class.school_year, number=1)
    pupil = _pupils(own_class)[0]
    services.conduct_set(
        school_class=own_class,
        term=term,
        actor=homeroom,
        grades=[services.ConductEntry(pupil, "kha", "Cần cố gắng hơn")],
    )
    services.conduct_set(
        school_class=own_class,
        term=term,
        actor=homeroom,
        grades=[services.ConductEntry(pupil, "tot")],
    )
    grade = ConductGrade.objects.get(term=term, pupil_id=pupil)
    events = ConductGrade.pgh_event_model.objects.filter(pgh_obj=grade).order_by("pgh_id")
    assert grade.level == "tot"
    assert [e.level for e in events] == ["kha", "tot"]


def test_conduct_rejects_an_unknown_level(own_class: SchoolClass, homeroom: Actor) -> None:
    term = Term.objects.get(school_year=own_class.school_year, number=1)
    with pytest.raises(ApplicationError) as raised:
        services.conduct_set(
            school_class=own_class,
            term=term,
            actor=homeroom,
            grades=[services.ConductEntry(_pupils(own_class)[0], "gioi")],
        )
    assert "gioi" in raised.value.message


def test_register_page_takes_a_class_in_one_post(
    school_a: School, client_a: Client, django_assert_num_queries: object
) -> None:
    # given
    with tenant_context(school_a):
        user = User.objects.get(username="gvcn")
        school_class = SchoolClass.objects.get(
            homeroom_teacher__user=user, school_year__is_current=True
        )
        pupils = _pupils(school_class)
        client_a.force_login(user)
    day = _a_school_day()
    # when: the page, then one submit with two pupils marked (15 queries for the page: one
    # reads the adopted standard's absence limit and unit for the year's counts)
    with django_assert_num_queries(15):  # type: ignore[operator]
        page = client_a.get(f"/attendance/{school_class.pk}/?date={day}")
    response = client_a.post(
        f"/attendance/{school_class.pk}/",
        {
            "date": str(day),
            "session": "am",
            f"status-{pupils[0]}": "excused",
            f"reason-{pupils[0]}": "Ốm",
            f"status-{pupils[1]}": "unexcused",
        },
    )
    # then
    assert page.status_code == 200
    assert response.status_code == 302
    with tenant_context(school_a):
        register = AttendanceRegister.objects.get(school_class=school_class, date=day, session="am")
        assert register.absences.count() == 2


def test_parents_cannot_open_registers(school_a: School, client_a: Client) -> None:
    with tenant_context(school_a):
        client_a.force_login(User.objects.get(username="phuhuynh"))
        school_class = SchoolClass.objects.filter(school_year__is_current=True).first()
    assert client_a.get(f"/attendance/{school_class.pk}/").status_code == 403
