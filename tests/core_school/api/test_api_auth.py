"""Who gets in: 401 without credentials, tokens of the school only, staff-only resources."""

import pytest
from rest_framework.test import APIClient

from tenants.models import School
from tests.conftest import host_of
from tests.core_school.api.conftest import ApiAs

LIST_RESOURCES = [
    "pupils",
    "guardians",
    "staff",
    "school-years",
    "terms",
    "classes",
    "subjects",
    "enrolments",
    "teaching-assignments",
    "timetable-slots",
    "mark-sheets",
    "corrections",
    "subject-results",
    "learning-results",
    "conduct-grades",
    "year-outcomes",
    "attendance-registers",
    "absences",
    "behaviour-notes",
    "logbook-entries",
    "staff-tasks",
]
STAFF_ONLY = [
    "guardians",
    "staff",
    "corrections",
    "attendance-registers",
    "logbook-entries",
    "staff-tasks",
]
WRITES = [
    "/api/v1/mark-sheets/1/marks/",
    "/api/v1/mark-sheets/1/publish/",
    "/api/v1/mark-sheets/1/corrections/",
    "/api/v1/corrections/1/decide/",
    "/api/v1/terms/1/close/",
]


@pytest.mark.parametrize("resource", LIST_RESOURCES)
def test_list_answers_401_without_credentials(anonymous_a: APIClient, resource: str) -> None:
    # when
    response = anonymous_a.get(f"/api/v1/{resource}/")
    # then
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert set(response.json()) == {"message", "extra"}


@pytest.mark.parametrize("url", WRITES)
def test_write_answers_401_without_credentials(anonymous_a: APIClient, url: str) -> None:
    response = anonymous_a.post(url, {}, format="json")
    assert response.status_code == 401


def test_token_of_the_school_signs_in(school_a: School, token_a: str) -> None:
    # given
    client = APIClient(HTTP_HOST=host_of(school_a))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_a}")
    # when
    response = client.get("/api/v1/pupils/")
    # then
    assert response.status_code == 200
    assert response.json()["count"] > 50


def test_token_of_another_school_is_refused(school_b: School, token_a: str) -> None:
    client = APIClient(HTTP_HOST=host_of(school_b))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_a}")
    assert client.get("/api/v1/pupils/").status_code == 401


@pytest.mark.parametrize("username", ["phuhuynh", "hocsinh"])
@pytest.mark.parametrize("resource", STAFF_ONLY)
def test_staff_only_resources_refuse_guardians_and_pupils(
    api_as: ApiAs, username: str, resource: str
) -> None:
    response = api_as(username).get(f"/api/v1/{resource}/")
    assert response.status_code == 403
    assert set(response.json()) == {"message", "extra"}
