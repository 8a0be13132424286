"""The school's standard page: its version, a newer one's preview, and the Adopt button."""

from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.academics.models import Subject
from core_school.standard.selectors import adopted_standard
from tenants.models import School
from tests.conftest import host_of
from tests.standards.helpers import subject_of, version_publish_with


def _signed_in(school: School, username: str) -> Client:
    client = Client(HTTP_HOST=host_of(school))
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))
    return client


def _rename(content: dict[str, object]) -> None:
    subject_of(content, "MT")["names"]["vi"] = "Mỹ thuật"  # type: ignore[arg-type]
    content["grading"]["max_class_size"] = 40  # type: ignore[index]


def test_the_page_shows_the_adopted_version_and_nothing_to_adopt(school_b: School) -> None:
    html = _signed_in(school_b, "hieutruong").get("/standard/").content.decode()
    assert 'data-testid="adopted"' in html
    assert "version 1" in html
    assert 'data-testid="preview"' not in html


def test_the_principal_previews_and_adopts_a_newer_version(
    school_b: School, django_assert_num_queries: object
) -> None:
    # given
    version_publish_with(_rename)
    client = _signed_in(school_b, "hieutruong")
    client.get("/standard/")
    # session, user, roles, staff, teaching, homeroom, adopted, current version, subjects,
    # plans, current year, classes by grade, sheets by grade, sheets, assignments
    with django_assert_num_queries(15):  # type: ignore[operator]
        html = client.get("/standard/").content.decode()
    assert 'data-code="MT" data-kind="renamed"' in html
    assert "Mỹ thuật (MT)" in html
    assert 'data-flag="max_class_size"' in html
    assert 'data-testid="adopt"' in html
    # when
    response = client.post("/standard/adopt/2/")
    # then
    assert response.status_code == 302
    with tenant_context(school_b):
        assert adopted_standard().version == 2  # type: ignore[union-attr]
        assert Subject.objects.get(code="MT").name == "Mỹ thuật"
    connection.set_schema_to_public()
    html = client.get("/standard/").content.decode()
    assert 'data-testid="preview"' not in html
    assert "version 2" in html


def test_a_homeroom_teacher_may_neither_see_nor_adopt(school_b: School) -> None:
    version_publish_with(_rename)
    client = _signed_in(school_b, "gvcn")
    assert client.get("/standard/").status_code == 403
    assert client.post("/standard/adopt/2/").status_code == 403
    with tenant_context(school_b):
        assert adopted_standard().version == 1  # type: ignore[union-attr]


def test_the_school_administrator_adopts(school_b: School) -> None:
    version_publish_with(_rename)
    client = _signed_in(school_b, "quantri")
    assert 'data-testid="adopt"' in client.get("/standard/").content.decode()
    assert client.post("/standard/adopt/2/").status_code == 302
    with tenant_context(school_b):
        assert adopted_standard().version == 2  # type: ignore[union-attr]


def test_a_draft_or_unknown_version_is_not_adoptable(school_b: School) -> None:
    client = _signed_in(school_b, "quantri")
    assert client.post("/standard/adopt/7/").status_code == 404
