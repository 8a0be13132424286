"""Pupils, guardians and staff over the API: pages, narrowing, retrieve, query counts."""

import pytest
from django_tenants.utils import tenant_context

from core_school.academics.models import Enrolment, SchoolClass
from core_school.people.models import Guardianship, Pupil, StaffMember
from tenants.models import School
from tests.core_school.api.conftest import ApiAs


def test_pupils_list_is_paged_in_a_fixed_number_of_queries(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object
) -> None:
    # given
    client = api_as("hieutruong")
    with tenant_context(school_a):
        total = Pupil.objects.count()
    # when
    with django_assert_num_queries(12):  # type: ignore[operator]
        response = client.get("/api/v1/pupils/")
    # then
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == total
    assert len(body["results"]) == 50
    assert body["next"] is not None


def test_pupils_list_of_a_guardian_holds_only_their_two_children(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object
) -> None:
    # given
    client = api_as("phuhuynh")
    with tenant_context(school_a):
        children = set(
            Guardianship.objects.filter(guardian__user__username="phuhuynh").values_list(
                "pupil_id", flat=True
            )
        )
    # when
    with django_assert_num_queries(10):  # type: ignore[operator]
        response = client.get("/api/v1/pupils/")
    # then
    assert len(children) == 2
    assert {row["id"] for row in response.json()["results"]} == children


def test_pupils_list_of_a_pupil_holds_only_themself(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        me = Pupil.objects.get(user__username="hocsinh")
    response = api_as("hocsinh").get("/api/v1/pupils/")
    assert [row["id"] for row in response.json()["results"]] == [me.pk]


def test_pupil_retrieve_shows_the_current_class(school_a: School, api_as: ApiAs) -> None:
    # given
    with tenant_context(school_a):
        enrolment = Enrolment.objects.select_related("pupil", "school_class").get(
            pupil__user__username="hocsinh", ends_on__isnull=True
        )
    # when
    response = api_as("hocsinh").get(f"/api/v1/pupils/{enrolment.pupil_id}/")
    # then
    assert response.status_code == 200
    assert response.json()["full_name"] == enrolment.pupil.full_name
    assert response.json()["current_class_id"] == enrolment.school_class_id
    assert response.json()["current_class_name"] == enrolment.school_class.name


def test_pupil_retrieve_of_someone_elses_child_is_404(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        other = Pupil.objects.exclude(guardianships__guardian__user__username="phuhuynh").first()
    response = api_as("phuhuynh").get(f"/api/v1/pupils/{other.pk}/")
    assert response.status_code == 404


def test_pupils_filter_by_class(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        school_class = SchoolClass.objects.get(homeroom_teacher__user__username="gvcn")
        enrolled = set(
            Enrolment.objects.filter(school_class=school_class).values_list("pupil_id", flat=True)
        )
    response = api_as("hieutruong").get("/api/v1/pupils/", {"school_class": school_class.pk})
    assert response.json()["count"] == len(enrolled)


def test_guardians_list_of_a_homeroom_teacher_holds_her_class_families(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object
) -> None:
    # given
    client = api_as("gvcn")
    with tenant_context(school_a):
        families = set(
            Guardianship.objects.filter(
                pupil__enrolments__school_class__homeroom_teacher__user__username="gvcn"
            ).values_list("guardian_id", flat=True)
        )
    # when
    with django_assert_num_queries(12):  # type: ignore[operator]
        response = client.get("/api/v1/guardians/")
    # then
    first = response.json()["results"][0]
    assert response.json()["count"] == len(families)
    assert first["id"] in families
    assert first["children"][0]["pupil"]["full_name"]


def test_guardians_list_of_the_office_is_paged_in_a_fixed_number_of_queries(
    api_as: ApiAs, django_assert_num_queries: object
) -> None:
    client = api_as("quantri")
    with django_assert_num_queries(12):  # type: ignore[operator]
        response = client.get("/api/v1/guardians/")
    assert len(response.json()["results"]) == 50


def test_guardians_list_of_a_subject_teacher_is_empty(api_as: ApiAs) -> None:
    assert api_as("giaovien").get("/api/v1/guardians/").json()["count"] == 0


def test_staff_list_of_the_office_holds_everyone(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object
) -> None:
    client = api_as("hieutruong")
    with tenant_context(school_a):
        total = StaffMember.objects.count()
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client.get("/api/v1/staff/")
    assert response.json()["count"] == total
    assert len(response.json()["results"]) == 50


def test_staff_list_of_a_teacher_holds_only_herself(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        me = StaffMember.objects.get(user__username="giaovien")
    response = api_as("giaovien").get("/api/v1/staff/")
    assert [row["id"] for row in response.json()["results"]] == [me.pk]


@pytest.mark.parametrize("username", ["hieutruong", "giaovien"])
def test_staff_retrieve_of_oneself(school_a: School, api_as: ApiAs, username: str) -> None:
    with tenant_context(school_a):
        me = StaffMember.objects.get(user__username=username)
    response = api_as(username).get(f"/api/v1/staff/{me.pk}/")
    assert response.status_code == 200
    assert response.json()["staff_code"] == me.staff_code
