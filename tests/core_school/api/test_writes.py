"""The write endpoints of attendance, conduct, notes, logbook, tasks and transfers.

Each validates an input serializer and calls one service: the right role writes (201/200),
every other role is answered 403, bad input is 400 naming the pupil or field with nothing
written, and each write runs in a fixed number of queries, however many pupils it names.
"""

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core_school.academics.models import Enrolment, SchoolClass, SchoolYear, Term, TimetableSlot
from core_school.assessment.models import ConductGrade
from core_school.attendance.models import Absence, AttendanceRegister, BehaviourNote
from core_school.people.models import Pupil
from core_school.teaching import services as teaching_services
from core_school.teaching.models import LogbookEntry, PlannedLesson, StaffTask
from tenants.models import School
from tests.core_school.api.conftest import ApiAs
from tests.core_school.conftest import actor

FAMILY = ["phuhuynh", "hocsinh"]


def _pupils(school_class_id: int) -> list[int]:
    """The pupils in the class now, by id."""
    return list(
        Enrolment.objects.filter(school_class_id=school_class_id, ends_on__isnull=True)
        .order_by("pupil_id")
        .values_list("pupil_id", flat=True)
    )


def _stranger(school_class_id: int) -> int:
    """A pupil of another class of the same school year."""
    school_class = SchoolClass.objects.get(pk=school_class_id)
    return (
        Enrolment.objects.filter(
            school_class__school_year=school_class.school_year, ends_on__isnull=True
        )
        .exclude(school_class=school_class)
        .order_by("pupil_id")
        .values_list("pupil_id", flat=True)
        .first()
    )


def _a_school_day() -> datetime.date:
    day = timezone.localdate() - datetime.timedelta(days=1)
    while day.weekday() == 6:
        day -= datetime.timedelta(days=1)
    return day


# --- attendance registers ------------------------------------------------------------------


@pytest.fixture
def register_day(school_a: School) -> tuple[int, datetime.date]:
    """6A1 (gvcn's homeroom class) and a past school day whose afternoon is not taken yet."""
    day = _a_school_day()
    with tenant_context(school_a):
        school_class_id = next(iter(actor("gvcn").homeroom_class_ids))
        AttendanceRegister.objects.filter(school_class_id=school_class_id, date=day).delete()
    return school_class_id, day


def _register_body(school_class_id: int, day: datetime.date, absences: list[dict]) -> dict:
    return {
        "school_class": school_class_id,
        "date": str(day),
        "session": "pm",
        "absences": absences,
    }


def _registers_and_absences() -> tuple[int, int]:
    return AttendanceRegister.objects.count(), Absence.objects.count()


@pytest.mark.parametrize("username", ["gvcn", "hieutruong", "quantri"])
def test_register_take_answers_the_register_with_its_absences(
    school_a: School, api_as: ApiAs, register_day: tuple[int, datetime.date], username: str
) -> None:
    # given
    school_class_id, day = register_day
    with tenant_context(school_a):
        first, second = _pupils(school_class_id)[:2]
    # when
    response = api_as(username).post(
        "/api/v1/attendance-registers/take/",
        _register_body(
            school_class_id,
            day,
            [
                {"pupil": first, "status": "excused", "reason": "Ốm"},
                {"pupil": second, "status": "late"},
            ],
        ),
        format="json",
    )
    # then
    body = response.json()
    assert response.status_code == 201
    assert (body["school_class"]["id"], body["date"], body["session"]) == (
        school_class_id,
        str(day),
        "pm",
    )
    assert {(a["pupil"]["id"], a["status"], a["reason"]) for a in body["absences"]} == {
        (first, "excused", "Ốm"),
        (second, "late", ""),
    }
    with tenant_context(school_a):
        register = AttendanceRegister.objects.get(pk=body["id"])
        assert register.taken_by.user.username == username
        assert register.absences.count() == 2


def test_register_take_again_replaces_the_previous_marks(
    school_a: School, api_as: ApiAs, register_day: tuple[int, datetime.date]
) -> None:
    # given
    school_class_id, day = register_day
    client = api_as("gvcn")
    with tenant_context(school_a):
        first, second = _pupils(school_class_id)[:2]
    client.post(
        "/api/v1/attendance-registers/take/",
        _register_body(school_class_id, day, [{"pupil": first, "status": "late"}]),
        format="json",
    )
    # when
    response = client.post(
        "/api/v1/attendance-registers/take/",
        _register_body(school_class_id, day, [{"pupil": second, "status": "unexcused"}]),
        format="json",
    )
    # then
    assert response.status_code == 201
    assert [(a["pupil"]["id"], a["status"]) for a in response.json()["absences"]] == [
        (second, "unexcused")
    ]


@pytest.mark.parametrize("absent", [1, 8])
def test_register_take_in_a_fixed_number_of_queries(
    school_a: School,
    api_as: ApiAs,
    register_day: tuple[int, datetime.date],
    django_assert_num_queries: object,
    absent: int,
) -> None:
    # given
    school_class_id, day = register_day
    client = api_as("gvcn")
    with tenant_context(school_a):
        pupils = _pupils(school_class_id)[:absent]
    body = _register_body(
        school_class_id, day, [{"pupil": p, "status": "unexcused"} for p in pupils]
    )
    # when
    with django_assert_num_queries(24):  # type: ignore[operator]
        response = client.post("/api/v1/attendance-registers/take/", body, format="json")
    # then
    assert response.status_code == 201
    assert len(response.json()["absences"]) == absent


@pytest.mark.parametrize("username", ["giaovien", *FAMILY])
def test_register_take_is_403_for_anyone_but_the_homeroom_teacher_and_the_office(
    school_a: School, api_as: ApiAs, register_day: tuple[int, datetime.date], username: str
) -> None:
    # given
    school_class_id, day = register_day
    with tenant_context(school_a):
        pupil = _pupils(school_class_id)[0]
        before = _registers_and_absences()
    # when
    response = api_as(username).post(
        "/api/v1/attendance-registers/take/",
        _register_body(school_class_id, day, [{"pupil": pupil, "status": "late"}]),
        format="json",
    )
    # then
    assert response.status_code == 403
    assert set(response.json()) == {"message", "extra"}
    with tenant_context(school_a):
        assert _registers_and_absences() == before


def test_register_take_of_another_class_is_403_for_a_homeroom_teacher(
    school_a: School, api_as: ApiAs
) -> None:
    with tenant_context(school_a):
        other = SchoolClass.objects.filter(school_year__is_current=True).exclude(
            pk__in=actor("gvcn").homeroom_class_ids
        )
        other = other.order_by("pk").first()
    response = api_as("gvcn").post(
        "/api/v1/attendance-registers/take/",
        _register_body(other.pk, _a_school_day(), []),
        format="json",
    )
    assert response.status_code == 403
    assert other.name in response.json()["message"]


def test_register_take_rejects_a_pupil_of_another_class_and_writes_nothing(
    school_a: School, api_as: ApiAs, register_day: tuple[int, datetime.date]
) -> None:
    # given
    school_class_id, day = register_day
    with tenant_context(school_a):
        member, stranger = _pupils(school_class_id)[0], _stranger(school_class_id)
        before = _registers_and_absences()
    # when
    response = api_as("gvcn").post(
        "/api/v1/attendance-registers/take/",
        _register_body(
            school_class_id,
            day,
            [{"pupil": member, "status": "late"}, {"pupil": stranger, "status": "late"}],
        ),
        format="json",
    )
    # then
    error = response.json()["extra"]["errors"][0]
    assert response.status_code == 400
    assert (error["pupil_id"], error["field"]) == (stranger, "pupil")
    assert str(stranger) in response.json()["message"]
    with tenant_context(school_a):
        assert _registers_and_absences() == before


def test_register_take_rejects_an_unknown_status_naming_the_pupil(
    school_a: School, api_as: ApiAs, register_day: tuple[int, datetime.date]
) -> None:
    # given
    school_class_id, day = register_day
    with tenant_context(school_a):
        pupil = _pupils(school_class_id)[0]
        name = Pupil.objects.get(pk=pupil).full_name
        before = _registers_and_absences()
    # when
    response = api_as("gvcn").post(
        "/api/v1/attendance-registers/take/",
        _register_body(school_class_id, day, [{"pupil": pupil, "status": "sick"}]),
        format="json",
    )
    # then
    error = response.json()["extra"]["errors"][0]
    assert response.status_code == 400
    assert (error["pupil_id"], error["field"]) == (pupil, "status")
    assert name in response.json()["message"]
    assert "sick" in response.json()["message"]
    with tenant_context(school_a):
        assert _registers_and_absences() == before


def test_register_take_rejects_a_future_day(
    school_a: School, api_as: ApiAs, register_day: tuple[int, datetime.date]
) -> None:
    # given
    school_class_id, _day = register_day
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with tenant_context(school_a):
        before = _registers_and_absences()
    # when
    response = api_as("gvcn").post(
        "/api/v1/attendance-registers/take/",
        _register_body(school_class_id, tomorrow, []),
        format="json",
    )
    # then
    assert response.status_code == 400
    assert response.json()["extra"] == {"field": "date"}
    with tenant_context(school_a):
        assert _registers_and_absences() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"session": "evening"}, "session"),
        ({"date": "28/11/2026"}, "date"),
        ({"school_class": 999999}, "school_class"),
        ({"absences": [{"status": "late"}]}, "absences"),
    ],
)
def test_register_take_rejects_a_malformed_body_naming_the_field(
    school_a: School,
    api_as: ApiAs,
    register_day: tuple[int, datetime.date],
    change: dict,
    field: str,
) -> None:
    # given
    school_class_id, day = register_day
    with tenant_context(school_a):
        before = _registers_and_absences()
    # when
    response = api_as("gvcn").post(
        "/api/v1/attendance-registers/take/",
        {**_register_body(school_class_id, day, []), **change},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {field}
    with tenant_context(school_a):
        assert _registers_and_absences() == before


# --- conduct grades ------------------------------------------------------------------------


@pytest.fixture
def conduct_class(school_a: School) -> tuple[int, int]:
    """6A1 (gvcn's homeroom class) and the current year's first term, open."""
    with tenant_context(school_a):
        school_class = SchoolClass.objects.get(pk=next(iter(actor("gvcn").homeroom_class_ids)))
        term = Term.objects.get(school_year=school_class.school_year, number=1)
    assert not term.is_closed
    return school_class.pk, term.pk


def _conduct(term_id: int) -> list[tuple[int, str, str]]:
    return list(
        ConductGrade.objects.filter(term_id=term_id)
        .order_by("pupil_id")
        .values_list("pupil_id", "level", "comment")
    )


@pytest.mark.parametrize("username", ["gvcn", "hieutruong", "quantri"])
def test_conduct_set_records_the_grades_and_answers_how_many_changed(
    school_a: School, api_as: ApiAs, conduct_class: tuple[int, int], username: str
) -> None:
    # given
    school_class_id, term_id = conduct_class
    with tenant_context(school_a):
        first, second = _pupils(school_class_id)[:2]
    # when
    response = api_as(username).post(
        "/api/v1/conduct-grades/set/",
        {
            "school_class": school_class_id,
            "term": term_id,
            "grades": [
                {"pupil": first, "level": "tot", "comment": "Chăm ngoan."},
                {"pupil": second, "level": "chua_dat"},
            ],
        },
        format="json",
    )
    # then
    assert response.status_code == 200
    assert response.json() == {"changed": 2}
    with tenant_context(school_a):
        assert _conduct(term_id) == [(first, "tot", "Chăm ngoan."), (second, "chua_dat", "")]


def test_conduct_set_with_an_empty_level_clears_the_grade(
    school_a: School, api_as: ApiAs, conduct_class: tuple[int, int]
) -> None:
    # given
    school_class_id, term_id = conduct_class
    client = api_as("gvcn")
    with tenant_context(school_a):
        pupil = _pupils(school_class_id)[0]
    body = {"school_class": school_class_id, "term": term_id}
    client.post(
        "/api/v1/conduct-grades/set/",
        {**body, "grades": [{"pupil": pupil, "level": "kha"}]},
        format="json",
    )
    # when
    response = client.post(
        "/api/v1/conduct-grades/set/",
        {**body, "grades": [{"pupil": pupil, "level": ""}]},
        format="json",
    )
    # then
    assert response.status_code == 200
    assert response.json() == {"changed": 0}
    with tenant_context(school_a):
        assert _conduct(term_id) == []


@pytest.mark.parametrize("graded", [1, 8])
def test_conduct_set_in_a_fixed_number_of_queries(
    school_a: School,
    api_as: ApiAs,
    conduct_class: tuple[int, int],
    django_assert_num_queries: object,
    graded: int,
) -> None:
    # given
    school_class_id, term_id = conduct_class
    client = api_as("gvcn")
    with tenant_context(school_a):
        pupils = _pupils(school_class_id)[:graded]
    body = {
        "school_class": school_class_id,
        "term": term_id,
        "grades": [{"pupil": p, "level": "kha"} for p in pupils],
    }
    # when
    with django_assert_num_queries(16):  # type: ignore[operator]
        response = client.post("/api/v1/conduct-grades/set/", body, format="json")
    # then
    assert response.json() == {"changed": graded}


@pytest.mark.parametrize("username", ["giaovien", *FAMILY])
def test_conduct_set_is_403_for_anyone_but_the_homeroom_teacher_and_the_office(
    school_a: School, api_as: ApiAs, conduct_class: tuple[int, int], username: str
) -> None:
    # given
    school_class_id, term_id = conduct_class
    with tenant_context(school_a):
        pupil = _pupils(school_class_id)[0]
    # when
    response = api_as(username).post(
        "/api/v1/conduct-grades/set/",
        {
            "school_class": school_class_id,
            "term": term_id,
            "grades": [{"pupil": pupil, "level": "tot"}],
        },
        format="json",
    )
    # then
    assert response.status_code == 403
    assert set(response.json()) == {"message", "extra"}
    with tenant_context(school_a):
        assert _conduct(term_id) == []


def test_conduct_set_rejects_an_unknown_level_naming_the_pupil_and_writes_nothing(
    school_a: School, api_as: ApiAs, conduct_class: tuple[int, int]
) -> None:
    # given
    school_class_id, term_id = conduct_class
    with tenant_context(school_a):
        first, second = _pupils(school_class_id)[:2]
    # when
    response = api_as("gvcn").post(
        "/api/v1/conduct-grades/set/",
        {
            "school_class": school_class_id,
            "term": term_id,
            "grades": [{"pupil": first, "level": "tot"}, {"pupil": second, "level": "gioi"}],
        },
        format="json",
    )
    # then
    errors = response.json()["extra"]["errors"]
    assert response.status_code == 400
    assert "gioi" in response.json()["message"]
    assert [(e["pupil_id"], e["field"]) for e in errors] == [(second, "level")]
    with tenant_context(school_a):
        assert _conduct(term_id) == []


def test_conduct_set_rejects_a_pupil_of_another_class(
    school_a: School, api_as: ApiAs, conduct_class: tuple[int, int]
) -> None:
    # given
    school_class_id, term_id = conduct_class
    with tenant_context(school_a):
        stranger = _stranger(school_class_id)
    # when
    response = api_as("gvcn").post(
        "/api/v1/conduct-grades/set/",
        {
            "school_class": school_class_id,
            "term": term_id,
            "grades": [{"pupil": stranger, "level": "tot"}],
        },
        format="json",
    )
    # then
    assert response.status_code == 400
    assert response.json()["extra"]["errors"][0]["pupil_id"] == stranger
    with tenant_context(school_a):
        assert _conduct(term_id) == []


def test_conduct_set_of_a_closed_term_is_400(
    school_a: School, api_as: ApiAs, conduct_class: tuple[int, int]
) -> None:
    # given
    school_class_id, _term_id = conduct_class
    with tenant_context(school_a):
        closed = Term.objects.filter(is_closed=True).order_by("pk").first()
        pupil = _pupils(school_class_id)[0]
        before = _conduct(closed.pk)
    # when
    response = api_as("gvcn").post(
        "/api/v1/conduct-grades/set/",
        {
            "school_class": school_class_id,
            "term": closed.pk,
            "grades": [{"pupil": pupil, "level": "tot"}],
        },
        format="json",
    )
    # then
    assert response.status_code == 400
    with tenant_context(school_a):
        assert _conduct(closed.pk) == before


# --- behaviour notes -----------------------------------------------------------------------


@pytest.fixture
def taught_class(school_a: School) -> int:
    """A class of this year that giaovien teaches maths to (and gvcn does not teach)."""
    with tenant_context(school_a):
        gvcn = actor("gvcn")
        return next(
            class_id
            for class_id, _subject in sorted(actor("giaovien").teaches)
            if SchoolClass.objects.filter(pk=class_id, school_year__is_current=True).exists()
            and not gvcn.can_view_class(class_id)
        )


def _note_body(school_class_id: int, pupil: int, **change: object) -> dict:
    return {
        "school_class": school_class_id,
        "pupil": pupil,
        "kind": "praise",
        "text": "Hăng hái phát biểu.",
        **change,
    }


@pytest.mark.parametrize("username", ["giaovien", "hieutruong", "quantri"])
def test_behaviour_note_create_by_a_teacher_of_the_class(
    school_a: School, api_as: ApiAs, taught_class: int, username: str
) -> None:
    # given
    with tenant_context(school_a):
        pupil = _pupils(taught_class)[0]
    # when
    response = api_as(username).post(
        "/api/v1/behaviour-notes/", _note_body(taught_class, pupil), format="json"
    )
    # then
    body = response.json()
    assert response.status_code == 201
    assert (body["pupil"]["id"], body["school_class"]["id"], body["kind"]) == (
        pupil,
        taught_class,
        "praise",
    )
    assert body["text"] == "Hăng hái phát biểu."
    with tenant_context(school_a):
        assert BehaviourNote.objects.get(pk=body["id"]).author.user.username == username


def test_behaviour_note_create_in_a_fixed_number_of_queries(
    school_a: School, api_as: ApiAs, taught_class: int, django_assert_num_queries: object
) -> None:
    # given
    client = api_as("giaovien")
    with tenant_context(school_a):
        pupil = _pupils(taught_class)[0]
    # when
    # 16 of them tell the family: recipients, inbox rows, channels, the live event.
    with django_assert_num_queries(23):  # type: ignore[operator]
        response = client.post(
            "/api/v1/behaviour-notes/", _note_body(taught_class, pupil), format="json"
        )
    # then
    assert response.status_code == 201


@pytest.mark.parametrize("username", ["gvcn", *FAMILY])
def test_behaviour_note_create_is_403_for_anyone_not_teaching_the_class(
    school_a: School, api_as: ApiAs, taught_class: int, username: str
) -> None:
    # given
    with tenant_context(school_a):
        pupil = _pupils(taught_class)[0]
        before = BehaviourNote.objects.count()
    # when
    response = api_as(username).post(
        "/api/v1/behaviour-notes/", _note_body(taught_class, pupil), format="json"
    )
    # then
    assert response.status_code == 403
    assert set(response.json()) == {"message", "extra"}
    with tenant_context(school_a):
        assert BehaviourNote.objects.count() == before


def test_behaviour_note_create_rejects_a_pupil_of_another_class(
    school_a: School, api_as: ApiAs, taught_class: int
) -> None:
    # given
    with tenant_context(school_a):
        stranger = _stranger(taught_class)
        before = BehaviourNote.objects.count()
    # when
    response = api_as("giaovien").post(
        "/api/v1/behaviour-notes/", _note_body(taught_class, stranger), format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json()["extra"] == {"field": "pupil"}
    with tenant_context(school_a):
        assert BehaviourNote.objects.count() == before


def test_behaviour_note_create_rejects_an_empty_note(
    school_a: School, api_as: ApiAs, taught_class: int
) -> None:
    # given
    with tenant_context(school_a):
        pupil = _pupils(taught_class)[0]
        before = BehaviourNote.objects.count()
    # when
    response = api_as("giaovien").post(
        "/api/v1/behaviour-notes/", _note_body(taught_class, pupil, text="   "), format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json()["extra"] == {"field": "text"}
    with tenant_context(school_a):
        assert BehaviourNote.objects.count() == before


def test_behaviour_note_create_rejects_an_unknown_kind(
    school_a: School, api_as: ApiAs, taught_class: int
) -> None:
    with tenant_context(school_a):
        pupil = _pupils(taught_class)[0]
        before = BehaviourNote.objects.count()
    response = api_as("giaovien").post(
        "/api/v1/behaviour-notes/", _note_body(taught_class, pupil, kind="warning"), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"kind"}
    with tenant_context(school_a):
        assert BehaviourNote.objects.count() == before


# --- logbook -------------------------------------------------------------------------------


@pytest.fixture
def period(school_a: School) -> tuple[TimetableSlot, datetime.date]:
    """One of giaovien's timetabled periods, and its last past day, not recorded yet."""
    with tenant_context(school_a):
        slot = (
            TimetableSlot.objects.filter(
                assignment__teacher__user__username="giaovien",
                school_class__school_year__is_current=True,
            )
            .select_related("school_class", "assignment__subject")
            .order_by("pk")
            .first()
        )
        day = timezone.localdate() - datetime.timedelta(days=1)
        while day.isoweekday() != slot.weekday:
            day -= datetime.timedelta(days=1)
        LogbookEntry.objects.filter(
            school_class=slot.school_class, date=day, period=slot.period
        ).delete()
    return slot, day


def _logbook_body(slot: TimetableSlot, day: datetime.date, **change: object) -> dict:
    return {
        "school_class": slot.school_class_id,
        "date": str(day),
        "period": slot.period,
        "lesson": None,
        "lesson_title": "Ôn tập chương I",
        "absent_pupils": [],
        "remark": "Lớp học tốt.",
        **change,
    }


def _recorded(slot: TimetableSlot, day: datetime.date) -> bool:
    return LogbookEntry.objects.filter(
        school_class=slot.school_class, date=day, period=slot.period
    ).exists()


@pytest.mark.parametrize("username", ["giaovien", "hieutruong", "quantri"])
def test_logbook_record_by_the_periods_teacher_with_the_planned_lesson_and_absences(
    school_a: School,
    api_as: ApiAs,
    period: tuple[TimetableSlot, datetime.date],
    username: str,
) -> None:
    # given
    slot, day = period
    with tenant_context(school_a):
        lesson = PlannedLesson.objects.filter(
            subject=slot.assignment.subject, grade=slot.school_class.grade
        ).first()
        absent = _pupils(slot.school_class_id)[:2]
    # when
    response = api_as(username).post(
        "/api/v1/logbook-entries/record/",
        _logbook_body(slot, day, lesson=lesson.pk, lesson_title="", absent_pupils=absent),
        format="json",
    )
    # then
    body = response.json()
    assert response.status_code == 201
    assert (body["lesson_id"], body["lesson_title"]) == (lesson.pk, lesson.title)
    assert {p["id"] for p in body["absent_pupils"]} == set(absent)
    assert body["teacher"]["full_name"] == slot.assignment.teacher.full_name
    assert body["remark"] == "Lớp học tốt."
    with tenant_context(school_a):
        assert LogbookEntry.objects.get(pk=body["id"]).recorded_by.user.username == username


@pytest.mark.parametrize("absent", [1, 8])
def test_logbook_record_in_a_fixed_number_of_queries(
    school_a: School,
    api_as: ApiAs,
    period: tuple[TimetableSlot, datetime.date],
    django_assert_num_queries: object,
    absent: int,
) -> None:
    # given
    slot, day = period
    client = api_as("giaovien")
    with tenant_context(school_a):
        pupils = _pupils(slot.school_class_id)[:absent]
    # when
    with django_assert_num_queries(24):  # type: ignore[operator]
        response = client.post(
            "/api/v1/logbook-entries/record/",
            _logbook_body(slot, day, absent_pupils=pupils),
            format="json",
        )
    # then
    assert len(response.json()["absent_pupils"]) == absent


@pytest.mark.parametrize("username", ["gvcn", *FAMILY])
def test_logbook_record_is_403_for_anyone_but_the_periods_teacher_and_the_office(
    school_a: School, api_as: ApiAs, period: tuple[TimetableSlot, datetime.date], username: str
) -> None:
    # given
    slot, day = period
    # when
    response = api_as(username).post(
        "/api/v1/logbook-entries/record/", _logbook_body(slot, day), format="json"
    )
    # then
    assert response.status_code == 403
    assert set(response.json()) == {"message", "extra"}
    with tenant_context(school_a):
        assert not _recorded(slot, day)


def _free_period(slot: TimetableSlot, day: datetime.date) -> dict:
    taken = TimetableSlot.objects.filter(school_class=slot.school_class, weekday=slot.weekday)
    return {"period": min(set(range(1, 11)) - set(taken.values_list("period", flat=True)))}


def _lesson_of_another_subject(slot: TimetableSlot, day: datetime.date) -> dict:
    return {"lesson": PlannedLesson.objects.exclude(subject=slot.assignment.subject).first().pk}


def _no_lesson(slot: TimetableSlot, day: datetime.date) -> dict:
    return {"lesson": None, "lesson_title": "  "}


def _absent_stranger(slot: TimetableSlot, day: datetime.date) -> dict:
    return {"absent_pupils": [_pupils(slot.school_class_id)[0], _stranger(slot.school_class_id)]}


def _two_weeks_later(slot: TimetableSlot, day: datetime.date) -> dict:
    return {"date": str(day + datetime.timedelta(days=14))}


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (_free_period, "period"),
        (_lesson_of_another_subject, "lesson"),
        (_no_lesson, "lesson"),
        (_absent_stranger, "absent"),
        (_two_weeks_later, "date"),
    ],
)
def test_logbook_record_rejects_bad_input_naming_the_field_and_writes_nothing(
    school_a: School,
    api_as: ApiAs,
    period: tuple[TimetableSlot, datetime.date],
    bad: Callable[[TimetableSlot, datetime.date], dict],
    field: str,
) -> None:
    # given
    slot, day = period
    with tenant_context(school_a):
        change = bad(slot, day)
    # when
    response = api_as("giaovien").post(
        "/api/v1/logbook-entries/record/", _logbook_body(slot, day, **change), format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json()["extra"] == {"field": field}
    with tenant_context(school_a):
        assert not _recorded(slot, day)


def test_logbook_record_rejects_a_malformed_body(
    api_as: ApiAs, period: tuple[TimetableSlot, datetime.date]
) -> None:
    slot, day = period
    response = api_as("giaovien").post(
        "/api/v1/logbook-entries/record/",
        _logbook_body(slot, day, period=0, absent_pupils=["x"]),
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"period", "absent_pupils"}


# --- staff tasks ---------------------------------------------------------------------------


def _task_body(school_a: School, **change: object) -> dict:
    with tenant_context(school_a):
        assignee = actor("giaovien").staff.pk
    return {
        "title": "Nộp kế hoạch dạy học",
        "description": "Học kì I.",
        "assignee": assignee,
        "due_on": str(timezone.localdate() + datetime.timedelta(days=7)),
        **change,
    }


@pytest.mark.parametrize("username", ["hieutruong", "quantri"])
def test_staff_task_create_by_the_office(school_a: School, api_as: ApiAs, username: str) -> None:
    # given
    body = _task_body(school_a)
    # when
    response = api_as(username).post("/api/v1/staff-tasks/", body, format="json")
    # then
    created = response.json()
    assert response.status_code == 201
    assert (created["title"], created["assignee"]["id"], created["status"]) == (
        body["title"],
        body["assignee"],
        "open",
    )
    with tenant_context(school_a):
        assert StaffTask.objects.get(pk=created["id"]).created_by.user.username == username


def test_staff_task_create_in_a_fixed_number_of_queries(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object
) -> None:
    client = api_as("hieutruong")
    body = _task_body(school_a)
    with django_assert_num_queries(14):  # type: ignore[operator]
        response = client.post("/api/v1/staff-tasks/", body, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("username", ["giaovien", "gvcn", *FAMILY])
def test_staff_task_create_is_403_for_anyone_but_the_office(
    school_a: School, api_as: ApiAs, username: str
) -> None:
    # given
    body = _task_body(school_a)
    with tenant_context(school_a):
        before = StaffTask.objects.count()
    # when
    response = api_as(username).post("/api/v1/staff-tasks/", body, format="json")
    # then
    assert response.status_code == 403
    assert set(response.json()) == {"message", "extra"}
    with tenant_context(school_a):
        assert StaffTask.objects.count() == before


@pytest.mark.parametrize(
    ("change", "extra"),
    [
        ({"title": "  "}, {"field": "title"}),
        ({"assignee": 999999}, {"field": "assignee"}),
    ],
)
def test_staff_task_create_rejects_bad_input_naming_the_field(
    school_a: School, api_as: ApiAs, change: dict, extra: dict
) -> None:
    # given
    body = _task_body(school_a, **change)
    with tenant_context(school_a):
        before = StaffTask.objects.count()
    # when
    response = api_as("hieutruong").post("/api/v1/staff-tasks/", body, format="json")
    # then
    assert response.status_code == 400
    assert response.json()["extra"] == extra
    with tenant_context(school_a):
        assert StaffTask.objects.count() == before


def test_staff_task_create_rejects_a_malformed_date(school_a: School, api_as: ApiAs) -> None:
    body = _task_body(school_a, due_on="tomorrow")
    response = api_as("hieutruong").post("/api/v1/staff-tasks/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"due_on"}


@pytest.fixture
def task(school_a: School) -> StaffTask:
    """An open task the principal gave giaovien, through the service."""
    with tenant_context(school_a):
        return teaching_services.task_create(
            title="Chấm bài kiểm tra",
            description="",
            assignee_id=actor("giaovien").staff.pk,
            due_on=timezone.localdate(),
            actor=actor("hieutruong"),
        )


@pytest.mark.parametrize("username", ["giaovien", "quantri"])
def test_staff_task_status_done_by_the_assignee_or_the_office(
    school_a: School, api_as: ApiAs, task: StaffTask, username: str
) -> None:
    # when
    response = api_as(username).post(
        f"/api/v1/staff-tasks/{task.pk}/status/", {"status": "done"}, format="json"
    )
    # then
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert response.json()["completed_at"] is not None
    with tenant_context(school_a):
        assert StaffTask.objects.get(pk=task.pk).status == StaffTask.Status.DONE


def test_staff_task_status_in_a_fixed_number_of_queries(
    api_as: ApiAs, task: StaffTask, django_assert_num_queries: object
) -> None:
    client = api_as("giaovien")
    with django_assert_num_queries(15):  # type: ignore[operator]
        response = client.post(
            f"/api/v1/staff-tasks/{task.pk}/status/", {"status": "in_progress"}, format="json"
        )
    assert response.json()["status"] == "in_progress"


@pytest.mark.parametrize(("username", "code"), [("gvcn", 404), ("phuhuynh", 403), ("hocsinh", 403)])
def test_staff_task_status_is_refused_to_anyone_but_the_assignee_and_the_office(
    school_a: School, api_as: ApiAs, task: StaffTask, username: str, code: int
) -> None:
    # when: another teacher does not even see the task
    response = api_as(username).post(
        f"/api/v1/staff-tasks/{task.pk}/status/", {"status": "done"}, format="json"
    )
    # then
    assert response.status_code == code
    assert set(response.json()) == {"message", "extra"}
    with tenant_context(school_a):
        assert StaffTask.objects.get(pk=task.pk).status == StaffTask.Status.OPEN


def test_staff_task_status_rejects_an_unknown_status(
    school_a: School, api_as: ApiAs, task: StaffTask
) -> None:
    response = api_as("giaovien").post(
        f"/api/v1/staff-tasks/{task.pk}/status/", {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"status"}
    with tenant_context(school_a):
        assert StaffTask.objects.get(pk=task.pk).status == StaffTask.Status.OPEN


# --- transfers -----------------------------------------------------------------------------


@pytest.fixture
def move(school_a: School) -> tuple[int, SchoolClass, SchoolClass, datetime.date]:
    """A pupil of 7A1, another grade-7 class with room, and a day inside the year."""
    with tenant_context(school_a):
        year = SchoolYear.objects.get(is_current=True)
        from_class = SchoolClass.objects.get(school_year=year, name="7A1")
        to_class = SchoolClass.objects.get(school_year=year, name="7A2")
        pupil = _pupils(from_class.pk)[0]
    assert len(_pupils_of(school_a, to_class)) < to_class.max_size
    return pupil, from_class, to_class, datetime.date(year.starts_on.year, 11, 2)


def _pupils_of(school: School, school_class: SchoolClass) -> list[int]:
    with tenant_context(school):
        return _pupils(school_class.pk)


def _open_enrolment(school: School, pupil: int) -> tuple[int, str]:
    with tenant_context(school):
        enrolment = Enrolment.objects.get(
            pupil_id=pupil, ends_on__isnull=True, school_class__school_year__is_current=True
        )
        return enrolment.school_class_id, enrolment.school_class.name


@pytest.mark.parametrize("username", ["hieutruong", "quantri"])
def test_enrolment_transfer_by_the_office_ends_one_enrolment_and_opens_another(
    school_a: School,
    api_as: ApiAs,
    move: tuple[int, SchoolClass, SchoolClass, datetime.date],
    username: str,
) -> None:
    # given
    pupil, from_class, to_class, day = move
    # when
    response = api_as(username).post(
        "/api/v1/enrolments/transfer/",
        {"pupil": pupil, "to_class": to_class.pk, "on_date": str(day)},
        format="json",
    )
    # then
    body = response.json()
    assert response.status_code == 201
    assert body["warning"] == ""
    assert (body["enrolment"]["pupil"]["id"], body["enrolment"]["school_class"]["id"]) == (
        pupil,
        to_class.pk,
    )
    assert (body["enrolment"]["starts_on"], body["enrolment"]["ends_on"]) == (str(day), None)
    assert _open_enrolment(school_a, pupil) == (to_class.pk, to_class.name)
    with tenant_context(school_a):
        ended = Enrolment.objects.get(pupil_id=pupil, school_class=from_class)
        assert ended.ends_on == day - datetime.timedelta(days=1)


def test_enrolment_transfer_into_a_full_class_warns(
    school_a: School, api_as: ApiAs, move: tuple[int, SchoolClass, SchoolClass, datetime.date]
) -> None:
    # given: a grade-7 class already at its maximum size
    pupil, _from_class, _to_class, day = move
    with tenant_context(school_a):
        full = next(
            c
            for c in SchoolClass.objects.filter(school_year__is_current=True, grade=7)
            if len(_pupils(c.pk)) >= c.max_size
        )
    # when
    response = api_as("quantri").post(
        "/api/v1/enrolments/transfer/",
        {"pupil": pupil, "to_class": full.pk, "on_date": str(day)},
        format="json",
    )
    # then
    assert response.status_code == 201
    assert full.name in response.json()["warning"]
    assert str(full.max_size) in response.json()["warning"]


def test_enrolment_transfer_in_a_fixed_number_of_queries(
    api_as: ApiAs,
    move: tuple[int, SchoolClass, SchoolClass, datetime.date],
    django_assert_num_queries: object,
) -> None:
    pupil, _from_class, to_class, day = move
    client = api_as("quantri")
    # 18: 17, and the adopted standard's max_class_size read for the warning
    with django_assert_num_queries(18):  # type: ignore[operator]
        response = client.post(
            "/api/v1/enrolments/transfer/",
            {"pupil": pupil, "to_class": to_class.pk, "on_date": str(day)},
            format="json",
        )
    assert response.status_code == 201


@pytest.mark.parametrize("username", ["giaovien", "gvcn", *FAMILY])
def test_enrolment_transfer_is_403_for_anyone_but_the_office(
    school_a: School,
    api_as: ApiAs,
    move: tuple[int, SchoolClass, SchoolClass, datetime.date],
    username: str,
) -> None:
    # given
    pupil, from_class, to_class, day = move
    # when
    response = api_as(username).post(
        "/api/v1/enrolments/transfer/",
        {"pupil": pupil, "to_class": to_class.pk, "on_date": str(day)},
        format="json",
    )
    # then
    assert response.status_code == 403
    assert set(response.json()) == {"message", "extra"}
    assert _open_enrolment(school_a, pupil) == (from_class.pk, from_class.name)


@pytest.mark.parametrize(
    ("change", "field"),
    [("same class", "to_class"), ("before the year", "on_date"), ("after the year", "on_date")],
)
def test_enrolment_transfer_rejects_bad_input_naming_the_field_and_writes_nothing(
    school_a: School,
    api_as: ApiAs,
    move: tuple[int, SchoolClass, SchoolClass, datetime.date],
    change: str,
    field: str,
) -> None:
    # given
    pupil, from_class, to_class, day = move
    with tenant_context(school_a):
        year = to_class.school_year
        target, on_date = {
            "same class": (from_class, day),
            "before the year": (to_class, year.starts_on),
            "after the year": (to_class, year.ends_on + datetime.timedelta(days=1)),
        }[change]
        before = Enrolment.objects.count()
    # when
    response = api_as("quantri").post(
        "/api/v1/enrolments/transfer/",
        {"pupil": pupil, "to_class": target.pk, "on_date": str(on_date)},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert response.json()["extra"] == {"field": field}
    assert _open_enrolment(school_a, pupil) == (from_class.pk, from_class.name)
    with tenant_context(school_a):
        assert Enrolment.objects.count() == before


def test_enrolment_transfer_rejects_an_unknown_pupil(
    api_as: ApiAs, move: tuple[int, SchoolClass, SchoolClass, datetime.date]
) -> None:
    _pupil, _from_class, to_class, day = move
    response = api_as("quantri").post(
        "/api/v1/enrolments/transfer/",
        {"pupil": 999999, "to_class": to_class.pk, "on_date": str(day)},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"pupil"}
