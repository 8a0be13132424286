"""A pupil's record for staff, and Vietnamese dates."""

import datetime

import pytest
from django.test import Client
from django.utils import formats, translation
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.academics.models import Enrolment, SchoolClass
from tenants.models import School


def _sign_in(client: Client, school: School, username: str) -> None:
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))


def test_vietnamese_dates_are_dd_mm_yyyy() -> None:
    with translation.override("vi"):
        assert formats.date_format(datetime.date(2026, 9, 5)) == "05/09/2026"


def test_homeroom_teacher_opens_a_pupil_record_of_her_class(
    school_a: School, client_a: Client, django_assert_max_num_queries: object
) -> None:
    # given
    _sign_in(client_a, school_a, "gvcn")
    with tenant_context(school_a):
        school_class = SchoolClass.objects.get(
            homeroom_teacher__user__username="gvcn", school_year__is_current=True
        )
        enrolment = (
            Enrolment.objects.filter(school_class=school_class).select_related("pupil").first()
        )
    # when
    with django_assert_max_num_queries(40):  # type: ignore[operator]
        response = client_a.get(f"/pupils/{enrolment.pupil_id}/")
    # then
    assert response.status_code == 200
    assert enrolment.pupil.full_name in response.content.decode()
    assert enrolment.pupil.birth_date.strftime("%d/%m/%Y") in response.content.decode()


@pytest.mark.parametrize("username", ["giaovien"])
def test_a_teacher_cannot_open_a_pupil_outside_her_classes(
    school_a: School, client_a: Client, username: str
) -> None:
    _sign_in(client_a, school_a, username)
    with tenant_context(school_a):
        user = User.objects.get(username=username)
        taught = SchoolClass.objects.filter(teaching_assignments__teacher__user=user)
        stranger = (
            Enrolment.objects.filter(school_class__school_year__is_current=True)
            .exclude(school_class__in=taught)
            .first()
        )
    assert client_a.get(f"/pupils/{stranger.pupil_id}/").status_code == 404


def test_guardians_do_not_open_staff_records(school_a: School, client_a: Client) -> None:
    _sign_in(client_a, school_a, "phuhuynh")
    with tenant_context(school_a):
        own_child = Enrolment.objects.filter(
            pupil__guardianships__guardian__user__username="phuhuynh"
        ).first()
    assert client_a.get(f"/pupils/{own_child.pupil_id}/").status_code == 403


def test_opening_a_record_is_logged_for_the_principal(school_a: School, client_a: Client) -> None:
    # given
    from core_school.people.models import RecordAccess

    _sign_in(client_a, school_a, "gvcn")
    with tenant_context(school_a):
        school_class = SchoolClass.objects.get(
            homeroom_teacher__user__username="gvcn", school_year__is_current=True
        )
        pupil_id = Enrolment.objects.filter(school_class=school_class).first().pupil_id
    # when
    client_a.get(f"/pupils/{pupil_id}/")
    _sign_in(client_a, school_a, "hieutruong")
    log = client_a.get("/pupils/access-log/")
    # then
    with tenant_context(school_a):
        entry = RecordAccess.objects.filter(pupil_id=pupil_id).latest("accessed_at")
    assert entry.user.username == "gvcn"
    assert "GVCN" in entry.roles or "Homeroom" in entry.roles
    assert log.status_code == 200
    assert entry.user.full_name in log.content.decode()


def test_only_the_principal_reads_the_access_log(school_a: School, client_a: Client) -> None:
    _sign_in(client_a, school_a, "gvcn")
    assert client_a.get("/pupils/access-log/").status_code == 404
