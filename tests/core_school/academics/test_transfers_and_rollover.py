"""Moving a pupil between classes mid-year, and opening the next school year."""

import datetime

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from config.errors import ApplicationError
from core_school.academics import services
from core_school.academics.models import Enrolment, SchoolClass, SchoolYear
from core_school.assessment.models import Mark
from core_school.people.access import Actor
from tenants.models import School
from tests.core_school.conftest import actor


@pytest.fixture
def office(in_school_a: School) -> Actor:
    return actor("quantri")


def _classes() -> tuple[SchoolClass, SchoolClass]:
    year = SchoolYear.objects.get(is_current=True)
    first, second = SchoolClass.objects.filter(school_year=year, grade=7).order_by("name")[:2]
    return first, second


def test_transfer_ends_one_enrolment_and_keeps_the_marks(office: Actor) -> None:
    # given
    from_class, to_class = _classes()
    enrolment = Enrolment.objects.filter(school_class=from_class, ends_on__isnull=True).first()
    marks_before = Mark.objects.filter(pupil=enrolment.pupil).count()
    day = datetime.date(from_class.school_year.starts_on.year, 11, 2)
    # when
    result = services.pupil_transfer(
        pupil=enrolment.pupil, to_class=to_class, on_date=day, actor=office
    )
    # then
    enrolment.refresh_from_db()
    assert enrolment.ends_on == day - datetime.timedelta(days=1)
    assert result.enrolment.school_class == to_class
    assert Mark.objects.filter(pupil=enrolment.pupil).count() == marks_before


def test_transfer_above_the_maximum_size_warns(office: Actor) -> None:
    from_class, to_class = _classes()
    to_class.max_size = 1
    to_class.save()
    pupil = Enrolment.objects.filter(school_class=from_class, ends_on__isnull=True).first().pupil
    result = services.pupil_transfer(
        pupil=pupil,
        to_class=to_class,
        on_date=datetime.date(to_class.school_year.starts_on.year, 11, 2),
        actor=office,
    )
    assert to_class.name in result.warning


@pytest.mark.parametrize("username", ["giaovien", "gvcn"])
def test_only_the_office_moves_pupils(in_school_a: School, username: str) -> None:
    from_class, to_class = _classes()
    pupil = Enrolment.objects.filter(school_class=from_class).first().pupil
    with pytest.raises(ApplicationError):
        services.pupil_transfer(
            pupil=pupil,
            to_class=to_class,
            on_date=datetime.date(to_class.school_year.starts_on.year, 11, 2),
            actor=actor(username),
        )


def test_rollover_promotes_and_graduates_by_the_year_decisions(principal: Actor) -> None:
    # given: last year, complete with its summer decisions
    last_year = SchoolYear.objects.get(is_current=False)
    # when
    result = services.year_rollover(
        from_year=last_year,
        starts_on=datetime.date(2030, 9, 5),
        ends_on=datetime.date(2031, 5, 31),
        actor=principal,
    )
    # then: grades 6–8 of last year → 7–9 (nobody retained in the demo), no graduate (no grade 9)
    assert result.retained == 0
    assert (
        result.promoted
        == Enrolment.objects.filter(school_class__school_year=last_year)
        .values("pupil_id")
        .distinct()
        .count()
    )
    assert SchoolYear.objects.get(is_current=True) == result.school_year
    assert set(
        SchoolClass.objects.filter(school_year=result.school_year).values_list("grade", flat=True)
    ) == {7, 8, 9}


def test_rollover_refuses_a_year_without_decisions(principal: Actor) -> None:
    with pytest.raises(ApplicationError) as raised:
        services.year_rollover(
            from_year=SchoolYear.objects.get(is_current=True),
            starts_on=datetime.date(2031, 9, 5),
            ends_on=datetime.date(2032, 5, 31),
            actor=principal,
        )
    assert "Compute" in raised.value.message or "Tính" in raised.value.message


def test_class_pages_show_size_timetable_and_history(
    school_a: School, client_a: Client, django_assert_max_num_queries: object
) -> None:
    with tenant_context(school_a):
        client_a.force_login(User.objects.get(username="hieutruong"))
        school_class = SchoolClass.objects.filter(school_year__is_current=True).first()
    with django_assert_max_num_queries(30):  # type: ignore[operator]
        listing = client_a.get("/classes/")
    with django_assert_max_num_queries(30):  # type: ignore[operator]
        detail = client_a.get(f"/classes/{school_class.pk}/")
    assert listing.status_code == 200
    assert detail.status_code == 200
    assert 'data-testid="timetable"' in detail.content.decode()


def test_teacher_sees_her_own_timetable(school_a: School, client_a: Client) -> None:
    with tenant_context(school_a):
        client_a.force_login(User.objects.get(username="giaovien"))
    response = client_a.get("/classes/timetable/")
    assert response.status_code == 200
    assert "Toán" in response.content.decode()
