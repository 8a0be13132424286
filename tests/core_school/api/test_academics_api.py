"""Years, terms, classes, subjects, enrolment and teaching over the API."""

import pytest
from django_tenants.utils import tenant_context

from core_school.academics.models import (
    Enrolment,
    SchoolClass,
    Subject,
    TeachingAssignment,
    TimetableSlot,
)
from core_school.people.models import StaffMember
from tenants.models import School
from tests.core_school.api.conftest import ApiAs


@pytest.mark.parametrize(
    ("resource", "queries"),
    [
        ("school-years", 7),
        ("terms", 7),
        ("classes", 11),
        ("subjects", 8),
        ("enrolments", 11),
        ("teaching-assignments", 11),
        ("timetable-slots", 11),
    ],
)
def test_list_runs_a_fixed_number_of_queries(
    api_as: ApiAs, django_assert_num_queries: object, resource: str, queries: int
) -> None:
    client = api_as("hieutruong")
    with django_assert_num_queries(queries):  # type: ignore[operator]
        response = client.get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    assert response.json()["count"] > 0


@pytest.mark.parametrize("username", ["phuhuynh", "hocsinh"])
def test_terms_and_subjects_are_open_to_families(api_as: ApiAs, username: str) -> None:
    client = api_as(username)
    assert client.get("/api/v1/terms/").json()["count"] == 4
    assert client.get("/api/v1/subjects/").json()["count"] == 13


def test_subject_shows_its_periods_per_grade(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        maths = Subject.objects.get(code="TOAN")
    response = api_as("giaovien").get(f"/api/v1/subjects/{maths.pk}/")
    assert response.json()["periods_per_grade"] == [
        {"grade": grade, "periods_per_year": 140} for grade in (6, 7, 8, 9)
    ]


def test_class_shows_its_homeroom_teacher_and_size(school_a: School, api_as: ApiAs) -> None:
    # given
    with tenant_context(school_a):
        school_class = SchoolClass.objects.select_related("homeroom_teacher").get(
            homeroom_teacher__user__username="gvcn", school_year__is_current=True
        )
        size = Enrolment.objects.filter(school_class=school_class, ends_on__isnull=True).count()
    # when
    response = api_as("gvcn").get(f"/api/v1/classes/{school_class.pk}/")
    # then
    assert response.json()["homeroom_teacher"] == {
        "id": school_class.homeroom_teacher.pk,
        "full_name": school_class.homeroom_teacher.full_name,
    }
    assert response.json()["pupil_count"] == size


def test_classes_of_a_teacher_are_the_ones_she_teaches_or_keeps(
    school_a: School, api_as: ApiAs
) -> None:
    with tenant_context(school_a):
        staff = StaffMember.objects.get(user__username="gvcn")
        mine = set(
            TeachingAssignment.objects.filter(teacher=staff).values_list(
                "school_class_id", flat=True
            )
        ) | set(SchoolClass.objects.filter(homeroom_teacher=staff).values_list("pk", flat=True))
    response = api_as("gvcn").get("/api/v1/classes/")
    assert {row["id"] for row in response.json()["results"]} == mine


def test_classes_of_a_guardian_are_their_childrens(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        theirs = set(
            Enrolment.objects.filter(
                pupil__guardianships__guardian__user__username="phuhuynh"
            ).values_list("school_class_id", flat=True)
        )
    response = api_as("phuhuynh").get("/api/v1/classes/")
    assert {row["id"] for row in response.json()["results"]} == theirs


def test_class_of_another_teacher_is_404(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        other = SchoolClass.objects.exclude(
            teaching_assignments__teacher__user__username="giaovien"
        )
        other = other.exclude(homeroom_teacher__user__username="giaovien").first()
    assert api_as("giaovien").get(f"/api/v1/classes/{other.pk}/").status_code == 404


def test_enrolments_of_a_pupil_are_their_own(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        mine = set(
            Enrolment.objects.filter(pupil__user__username="hocsinh").values_list("pk", flat=True)
        )
    response = api_as("hocsinh").get("/api/v1/enrolments/")
    assert {row["id"] for row in response.json()["results"]} == mine


def test_enrolments_filter_current(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        open_ones = Enrolment.objects.filter(ends_on__isnull=True).count()
    response = api_as("hieutruong").get("/api/v1/enrolments/", {"current": "true"})
    assert response.json()["count"] == open_ones


def test_teaching_assignments_filter_by_teacher(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        staff = StaffMember.objects.get(user__username="giaovien")
        count = TeachingAssignment.objects.filter(teacher=staff).count()
    response = api_as("giaovien").get("/api/v1/teaching-assignments/", {"teacher": staff.pk})
    assert response.json()["count"] == count


def test_timetable_filter_by_teacher_gives_her_week(school_a: School, api_as: ApiAs) -> None:
    # given
    with tenant_context(school_a):
        staff = StaffMember.objects.get(user__username="giaovien")
        periods = TimetableSlot.objects.filter(assignment__teacher=staff).count()
    # when
    response = api_as("giaovien").get("/api/v1/timetable-slots/", {"teacher": staff.pk})
    # then
    assert response.json()["count"] == periods
    assert {row["teacher"]["id"] for row in response.json()["results"]} == {staff.pk}


def test_timetable_filter_by_class(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        school_class = SchoolClass.objects.get(homeroom_teacher__user__username="gvcn")
        periods = TimetableSlot.objects.filter(school_class=school_class).count()
    response = api_as("hocsinh").get("/api/v1/timetable-slots/", {"school_class": school_class.pk})
    assert response.json()["count"] == periods


def test_timetable_of_a_pupil_is_their_class_only(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        classes = set(
            Enrolment.objects.filter(pupil__user__username="hocsinh").values_list(
                "school_class_id", flat=True
            )
        )
    response = api_as("hocsinh").get("/api/v1/timetable-slots/")
    assert {row["school_class"]["id"] for row in response.json()["results"]} == classes
