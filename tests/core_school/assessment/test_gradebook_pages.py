"""The gradebook pages: who sees them, what they show, how many queries they take."""

import json

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.assessment.models import Mark, MarkSheet
from core_school.people.access import Actor
from tenants.models import School


def _signed_in(client: Client, school: School, username: str) -> Client:
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))
    return client


def test_teacher_opens_her_sheet_in_a_fixed_number_of_queries(
    school_a: School, client_a: Client, sheet: MarkSheet, django_assert_num_queries: object
) -> None:
    _signed_in(client_a, school_a, "giaovien")
    with django_assert_num_queries(13):  # type: ignore[operator]
        response = client_a.get(f"/marks/{sheet.pk}/")
    assert response.status_code == 200
    assert (
        response.content.decode().count('class="cell"') == sheet.school_class.enrolments.count() * 6
    )


def test_sheet_list_shows_the_teachers_sheets(
    school_a: School, client_a: Client, teacher: Actor, django_assert_max_num_queries: object
) -> None:
    _signed_in(client_a, school_a, "giaovien")
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        response = client_a.get("/marks/")
    assert response.status_code == 200
    assert response.content.decode().count("/marks/") >= len(teacher.teaches)


def test_save_endpoint_answers_json_with_the_row(
    school_a: School, client_a: Client, sheet: MarkSheet
) -> None:
    _signed_in(client_a, school_a, "giaovien")
    pupil = sheet.school_class.enrolments.first().pupil_id
    response = client_a.post(
        f"/marks/{sheet.pk}/save",
        data=json.dumps({"entries": [{"pupil": pupil, "column": "tx1", "value": "9,5"}]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["rows"][0]["cells"]["tx1"] == "9.5"


def test_save_endpoint_names_the_pupil_and_column_of_a_bad_value(
    school_a: School, client_a: Client, sheet: MarkSheet
) -> None:
    _signed_in(client_a, school_a, "giaovien")
    enrolment = sheet.school_class.enrolments.select_related("pupil").first()
    response = client_a.post(
        f"/marks/{sheet.pk}/save",
        data=json.dumps(
            {"entries": [{"pupil": enrolment.pupil_id, "column": "ck", "value": "11"}]}
        ),
        content_type="application/json",
    )
    error = response.json()["extra"]["errors"][0]
    assert response.status_code == 400
    assert enrolment.pupil.full_name in error["message"]
    assert error["column"] == "ck"


@pytest.mark.parametrize("username", ["phuhuynh", "hocsinh"])
def test_guardians_and_pupils_cannot_open_the_gradebook(
    school_a: School, client_a: Client, sheet: MarkSheet, username: str
) -> None:
    _signed_in(client_a, school_a, username)
    assert client_a.get(f"/marks/{sheet.pk}/").status_code == 403


def test_teacher_of_another_subject_gets_404(
    school_a: School, client_a: Client, sheet: MarkSheet
) -> None:
    with tenant_context(school_a):
        other = (
            User.objects.filter(groups__name="subject_teacher")
            .exclude(staff__homeroom_classes=sheet.school_class)
            .exclude(staff__teaching_assignments__school_class=sheet.school_class)
            .first()
        )
    _signed_in(client_a, school_a, other.username)
    assert client_a.get(f"/marks/{sheet.pk}/").status_code == 404


def test_history_page_shows_old_and_new_values(
    school_a: School, client_a: Client, sheet: MarkSheet
) -> None:
    _signed_in(client_a, school_a, "giaovien")
    pupil = sheet.school_class.enrolments.first().pupil_id
    for value in ("5", "6"):
        client_a.post(
            f"/marks/{sheet.pk}/save",
            data=json.dumps({"entries": [{"pupil": pupil, "column": "tx3", "value": value}]}),
            content_type="application/json",
        )
    response = client_a.get(f"/marks/{sheet.pk}/history/{pupil}/all/")
    assert "5.0" in response.content.decode()
    assert "6.0" in response.content.decode()
    assert Mark.objects.filter(sheet=sheet, pupil_id=pupil, kind="tx", index=3).exists()
