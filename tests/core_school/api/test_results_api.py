"""Subject results, learning results, conduct and year outcomes over the API."""

import pytest
from django_tenants.utils import tenant_context

from core_school.academics.models import Enrolment, SchoolClass, SchoolYear, Term
from core_school.assessment.models import ConductGrade, SubjectResult, YearOutcome
from core_school.people.models import Guardianship
from tenants.models import School
from tests.core_school.api.conftest import ApiAs
from tests.core_school.conftest import actor

RESOURCES = ["subject-results", "learning-results", "conduct-grades", "year-outcomes"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_of_the_office_runs_a_fixed_number_of_queries(
    api_as: ApiAs, django_assert_num_queries: object, resource: str
) -> None:
    client = api_as("hieutruong")
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client.get(f"/api/v1/{resource}/")
    assert len(response.json()["results"]) == 50


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_of_a_guardian_holds_only_their_children(
    school_a: School, api_as: ApiAs, django_assert_num_queries: object, resource: str
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
    with django_assert_num_queries(9):  # type: ignore[operator]
        response = client.get(f"/api/v1/{resource}/")
    # then
    assert response.json()["count"] > 0
    assert {row["pupil"]["id"] for row in response.json()["results"]} <= children


@pytest.mark.parametrize("resource", ["learning-results", "conduct-grades", "year-outcomes"])
def test_pupil_year_rows_are_hidden_from_a_subject_teacher(api_as: ApiAs, resource: str) -> None:
    assert api_as("giaovien").get(f"/api/v1/{resource}/").json()["count"] == 0


def test_subject_results_of_a_teacher_are_her_subject_in_her_classes(
    school_a: School, api_as: ApiAs
) -> None:
    # given: giaovien teaches maths (and only maths)
    with tenant_context(school_a):
        expected = set()
        for class_id, subject_id in sorted(actor("giaovien").teaches):
            school_class_year = (
                Enrolment.objects.filter(school_class_id=class_id)
                .values_list("school_class__school_year_id", flat=True)
                .first()
            )
            pupils = Enrolment.objects.filter(school_class_id=class_id).values("pupil_id")
            expected |= set(
                SubjectResult.objects.filter(
                    subject_id=subject_id, pupil_id__in=pupils, school_year_id=school_class_year
                ).values_list("pk", flat=True)
            )
    # when
    response = api_as("giaovien").get("/api/v1/subject-results/")
    # then
    assert response.json()["count"] == len(expected)
    assert {row["subject"]["code"] for row in response.json()["results"]} == {"TOAN"}


def test_conduct_filtered_by_class_and_term(school_a: School, api_as: ApiAs) -> None:
    # given: last year's first term, in one of last year's classes
    with tenant_context(school_a):
        previous = SchoolYear.objects.get(is_current=False)
        term = Term.objects.get(school_year=previous, number=1)
        old_class = SchoolClass.objects.filter(school_year=previous).order_by("pk").first().pk
        expected = ConductGrade.objects.filter(
            term=term, pupil__enrolments__school_class_id=old_class
        ).count()
    # when
    response = api_as("hieutruong").get(
        "/api/v1/conduct-grades/", {"school_class": old_class, "term": term.pk}
    )
    # then
    assert response.json()["count"] == expected
    assert {row["term"]["id"] for row in response.json()["results"]} == {term.pk}


def test_subject_results_filter_yearly(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        yearly = SubjectResult.objects.filter(term__isnull=True).count()
    response = api_as("hieutruong").get("/api/v1/subject-results/", {"yearly": "true"})
    assert response.json()["count"] == yearly


def test_year_outcome_retrieve_of_another_family_is_404(school_a: School, api_as: ApiAs) -> None:
    with tenant_context(school_a):
        other = YearOutcome.objects.exclude(
            pupil__guardianships__guardian__user__username="phuhuynh"
        ).first()
    assert api_as("phuhuynh").get(f"/api/v1/year-outcomes/{other.pk}/").status_code == 404
