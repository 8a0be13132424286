"""The early-warning pages: the homeroom teacher's flags and follow-up, the principal's whole
school, and who may see what."""

import pytest
from django.db import connection
from django.test import Client

from accounts.models import User
from core_school.academics.models import SchoolClass
from core_school.earlywarning import services
from core_school.earlywarning.models import EarlyWarningFlag
from core_school.people.access import Actor
from tenants.models import School
from tests.core_school.earlywarning.conftest import AbsentFn
from tests.isolation.url_catalogue import catalogue


@pytest.fixture
def flagged(absent: AbsentFn, pupil: int, school_a: School) -> EarlyWarningFlag:
    for days in (4, 3, 2):
        absent(days)
    services.early_warnings_evaluate()
    return EarlyWarningFlag.objects.get(pupil_id=pupil, rule="absences_14d")


def _as(client: Client, username: str) -> Client:
    client.force_login(User.objects.get(username=username))
    # The client's requests set the schema themselves; the test goes on in school A's.
    return client


def test_the_homeroom_teacher_sees_her_classs_open_flags_with_a_suggestion(
    client_a: Client, flagged: EarlyWarningFlag, school_a: School, django_assert_num_queries: object
) -> None:
    # given
    client = _as(client_a, "gvcn")
    others = EarlyWarningFlag.objects.exclude(school_class_id=flagged.school_class_id).first()
    # when
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client.get("/early-warnings/")
    connection.set_tenant(school_a)
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="flag-{flagged.pk}"' in page
    assert flagged.reason in page
    assert "Call the family" in page
    assert f'id="flag-{others.pk}"' not in page


def test_the_principal_sees_the_whole_school_and_filters(
    client_a: Client, flagged: EarlyWarningFlag, school_a: School, django_assert_num_queries: object
) -> None:
    # given
    client = _as(client_a, "hieutruong")
    conduct = EarlyWarningFlag.objects.filter(rule="conduct_notes").first()
    # when
    with django_assert_num_queries(11):  # type: ignore[operator]
        everything = client.get("/early-warnings/?status=all")
    by_rule = client.get("/early-warnings/?rule=conduct_notes").content.decode()
    by_class = client.get(f"/early-warnings/?class={flagged.school_class_id}").content.decode()
    resolved = client.get("/early-warnings/?status=resolved").content.decode()
    connection.set_tenant(school_a)
    # then
    assert f'id="flag-{flagged.pk}"' in everything.content.decode()
    assert f'id="flag-{conduct.pk}"' in everything.content.decode()
    assert f'id="flag-{flagged.pk}"' not in by_rule
    assert f'id="flag-{conduct.pk}"' in by_rule
    assert f'id="flag-{flagged.pk}"' in by_class
    assert f'id="flag-{flagged.pk}"' not in resolved
    assert 'data-testid="evaluate-form"' in everything.content.decode()


def test_the_query_count_does_not_grow_with_the_flags(
    client_a: Client, flagged: EarlyWarningFlag, school_a: School, django_assert_num_queries: object
) -> None:
    # given: a page of fifty flags (every demo flag and this one, more if there are)
    assert EarlyWarningFlag.objects.count() >= 2
    client = _as(client_a, "hieutruong")
    # then: the same count as with the page of one
    with django_assert_num_queries(11):  # type: ignore[operator]
        client.get(f"/early-warnings/?class={flagged.school_class_id}")


@pytest.mark.parametrize("username", ["giaovien", "cg005", "phuhuynh"])
def test_people_who_follow_no_class_cannot_open_the_page(
    client_a: Client, in_school_a: School, username: str
) -> None:
    assert _as(client_a, username).get("/early-warnings/").status_code == 403


def test_the_homeroom_teacher_resolves_with_a_note(
    client_a: Client, flagged: EarlyWarningFlag, school_a: School
) -> None:
    # when
    response = _as(client_a, "gvcn").post(
        f"/early-warnings/{flagged.pk}/resolve/", {"note": "Đã gọi điện cho phụ huynh."}
    )
    connection.set_tenant(school_a)
    # then
    flagged.refresh_from_db()
    assert response.status_code == 302
    assert flagged.resolution == EarlyWarningFlag.Resolution.TEACHER
    assert flagged.resolution_note == "Đã gọi điện cho phụ huynh."


def test_an_empty_note_is_refused_with_the_reason(
    client_a: Client, flagged: EarlyWarningFlag, school_a: School
) -> None:
    # when
    client = _as(client_a, "gvcn")
    response = client.post(f"/early-warnings/{flagged.pk}/resolve/", {"note": " "}, follow=True)
    connection.set_tenant(school_a)
    # then
    flagged.refresh_from_db()
    assert flagged.is_open
    assert "Say what was done and the outcome" in response.content.decode()


def test_another_classs_teacher_gets_404_and_changes_nothing(
    client_a: Client, flagged: EarlyWarningFlag, other_homeroom: Actor, school_a: School
) -> None:
    # given
    client = _as(client_a, other_homeroom.user.username)
    # when
    resolve = client.post(f"/early-warnings/{flagged.pk}/resolve/", {"note": "Không phải lớp tôi"})
    listing = client.get("/early-warnings/").content.decode()
    connection.set_tenant(school_a)
    # then
    flagged.refresh_from_db()
    assert resolve.status_code == 404
    assert flagged.is_open
    assert f'id="flag-{flagged.pk}"' not in listing


def test_the_principal_evaluates_now_and_the_teacher_may_not(
    client_a: Client, absent: AbsentFn, pupil: int, school_a: School
) -> None:
    # given
    for days in (4, 3, 2):
        absent(days)
    # when
    refused = _as(client_a, "gvcn").post("/early-warnings/evaluate/")
    connection.set_tenant(school_a)
    before = EarlyWarningFlag.objects.filter(pupil_id=pupil).count()
    done = _as(client_a, "hieutruong").post("/early-warnings/evaluate/", follow=True)
    connection.set_tenant(school_a)
    # then
    assert refused.status_code == 403
    assert before == 0
    assert EarlyWarningFlag.objects.filter(pupil_id=pupil).count() == 1
    assert "Rules evaluated: 1 new flags" in done.content.decode()


def test_the_home_and_class_pages_link_the_homeroom_teacher_to_her_flags(
    client_a: Client, own_class: SchoolClass, school_a: School
) -> None:
    client = _as(client_a, "gvcn")
    home = client.get("/").content.decode()
    class_page = client.get(f"/classes/{own_class.pk}/").content.decode()
    assert 'data-testid="early-warnings-link"' in home
    assert f"/early-warnings/?class={own_class.pk}" in class_page


def test_the_isolation_catalogue_has_the_early_warning_urls() -> None:
    paths = {url.path for url in catalogue("config.urls_tenant")[0]}
    assert {"/early-warnings/", "/early-warnings/1/resolve/", "/early-warnings/evaluate/"} <= paths
