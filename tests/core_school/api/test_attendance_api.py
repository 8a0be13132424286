"""Registers, absences and behaviour notes over the API."""

from django_tenants.utils import tenant_context

from core_school.attendance.models import Absence, AttendanceRegister, BehaviourNote
from core_school.people.models import Guardianship, Pupil
from tenants.models import School
from tests.core_school.api.conftest import ApiAs


def test_registers_of_the_office_in_a_fixed_number_of_queries(
    api_as: ApiAs, django_assert_num_queries: object
) -> None:
    client = api_as("hieutruong")
    with django_assert_num_queries(12):  # type: ignore[operator]
        response = client.get("/api/v1/attendance-registers/")
    assert len(response.json()["results"]) == 50


def test_registers_of_a_homeroom_teacher_are_her_class(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        count = AttendanceRegister.objects.filter(
            school_class__homeroom_teacher__user__username="gvcn"
        ).count()
    response = api_as("gvcn").get("/api/v1/attendance-registers/")
    assert response.json()["count"] == count


def test_registers_of_a_subject_teacher_are_none(api_as: ApiAs) -> None:
    assert api_as("giaovien").get("/api/v1/attendance-registers/").json()["count"] == 0


def test_register_retrieve_lists_its_absences(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        absence = Absence.objects.select_related("register", "pupil").first()
    response = api_as("quantri").get(f"/api/v1/attendance-registers/{absence.register_id}/")
    assert absence.pupil.full_name in {a["pupil"]["full_name"] for a in response.json()["absences"]}


def test_absences_of_the_office_in_a_fixed_number_of_queries(
    api_as: ApiAs, django_assert_num_queries: object
) -> None:
    client = api_as("hieutruong")
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client.get("/api/v1/absences/")
    assert len(response.json()["results"]) == 50


def test_absences_of_a_guardian_are_their_childrens(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object
) -> None:
    # given
    client = api_as("phuhuynh")
    with tenant_context(school_a):
        children = Guardianship.objects.filter(guardian__user__username="phuhuynh")
        count = Absence.objects.filter(pupil_id__in=children.values("pupil_id")).count()
    # when
    with django_assert_num_queries(9):  # type: ignore[operator]
        response = client.get("/api/v1/absences/")
    # then
    assert response.json()["count"] == count


def test_absences_filter_by_pupil(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        absence = Absence.objects.first()
        count = Absence.objects.filter(pupil_id=absence.pupil_id).count()
    response = api_as("hieutruong").get("/api/v1/absences/", {"pupil": absence.pupil_id})
    assert response.json()["count"] == count


def test_behaviour_notes_of_the_office_in_a_fixed_number_of_queries(
    api_as: ApiAs, django_assert_num_queries: object
) -> None:
    client = api_as("hieutruong")
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client.get("/api/v1/behaviour-notes/")
    assert len(response.json()["results"]) == 50


def test_behaviour_notes_of_a_teacher_are_her_classes(school_a: School, api_as: ApiAs) -> None:
    # given
    with tenant_context(school_a):
        count = BehaviourNote.objects.filter(
            school_class__teaching_assignments__teacher__user__username="giaovien"
        ).count()
    # when
    response = api_as("giaovien").get("/api/v1/behaviour-notes/")
    # then
    assert count > 0
    assert response.json()["count"] == count


def test_behaviour_notes_of_a_pupil_are_their_own(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        me = Pupil.objects.get(user__username="hocsinh")
        count = BehaviourNote.objects.filter(pupil=me).count()
    response = api_as("hocsinh").get("/api/v1/behaviour-notes/")
    assert response.json()["count"] == count
