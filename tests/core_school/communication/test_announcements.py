"""Announcements to a class, a grade or the school, and the sender's read count."""

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from config.errors import ApplicationError
from core_school.academics.models import Enrolment, SchoolClass
from core_school.communication import selectors, services
from core_school.communication.models import Announcement
from core_school.people.access import Actor
from core_school.people.models import Pupil
from tenants.models import School
from tests.core_school.conftest import actor


def _parent_class(school: School) -> SchoolClass:
    with tenant_context(school):
        pupil = Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").first()
        return Enrolment.objects.get(pupil=pupil, ends_on__isnull=True).school_class


def test_announcements_reach_only_the_families_of_their_audience(principal: Actor) -> None:
    # given: one to the parent's child's class, one to another grade
    parent = User.objects.get(username="phuhuynh")
    own = SchoolClass.objects.get(
        enrolments__pupil__guardianships__guardian__user=parent,
        enrolments__ends_on__isnull=True,
        grade=6,
    )
    other_grade = {7, 8, 9} - set(
        Enrolment.objects.filter(
            pupil__guardianships__guardian__user=parent, ends_on__isnull=True
        ).values_list("school_class__grade", flat=True)
    )
    to_class = services.announcement_post(
        actor=principal,
        audience="class",
        grade=None,
        school_class_id=own.pk,
        title="Họp phụ huynh lớp",
        body="Thứ bảy 8:00",
    )
    to_grade = services.announcement_post(
        actor=principal,
        audience="grade",
        grade=min(other_grade),
        school_class_id=None,
        title="Tham quan khối",
        body="…",
    )
    to_school = services.announcement_post(
        actor=principal,
        audience="school",
        grade=None,
        school_class_id=None,
        title="Nghỉ lễ",
        body="…",
    )
    # when
    seen = set(selectors.announcement_list_for_family(user=parent).values_list("pk", flat=True))
    # then
    assert {to_class.pk, to_school.pk} <= seen
    assert to_grade.pk not in seen


def test_a_homeroom_teacher_writes_only_to_her_class(in_school_a: School) -> None:
    teacher = actor("gvcn")
    own = next(iter(teacher.homeroom_class_ids))
    other = SchoolClass.objects.filter(school_year__is_current=True).exclude(pk=own).first()
    services.announcement_post(
        actor=teacher,
        audience="class",
        grade=None,
        school_class_id=own,
        title="Lớp mình",
        body="…",
    )
    with pytest.raises(ApplicationError):
        services.announcement_post(
            actor=teacher,
            audience="class",
            grade=None,
            school_class_id=other.pk,
            title="x",
            body="x",
        )
    with pytest.raises(ApplicationError):
        services.announcement_post(
            actor=teacher, audience="school", grade=None, school_class_id=None, title="x", body="x"
        )


@pytest.mark.parametrize(
    ("field", "kwargs"), [("title", {"title": " "}), ("grade", {"audience": "grade", "grade": 5})]
)
def test_bad_announcements_are_refused(principal: Actor, field: str, kwargs: dict) -> None:
    values = {
        "audience": "school",
        "grade": None,
        "school_class_id": None,
        "title": "t",
        "body": "b",
    }
    values.update(kwargs)
    with pytest.raises(ApplicationError) as raised:
        services.announcement_post(actor=principal, **values)
    assert raised.value.extra["field"] == field
    assert not Announcement.objects.filter(title=values["title"]).exists()


def test_reading_in_the_portal_counts_for_the_sender(school_a: School, client_a: Client) -> None:
    # given
    with tenant_context(school_a):
        item = services.announcement_post(
            actor=actor("hieutruong"),
            audience="school",
            grade=None,
            school_class_id=None,
            title="Lịch thi học kì",
            body="Từ 15/12",
        )
        client_a.force_login(User.objects.get(username="phuhuynh"))
    # when: the parent lists, opens twice
    listing = client_a.get("/family/announcements/")
    client_a.get(f"/family/announcements/{item.pk}/")
    client_a.get(f"/family/announcements/{item.pk}/")
    with tenant_context(school_a):
        client_a.force_login(User.objects.get(username="hieutruong"))
    staff_page = client_a.get("/announcements/")
    # then
    assert "Lịch thi học kì" in listing.content.decode()
    assert f'data-testid="read-count-{item.pk}">1<' in staff_page.content.decode()


def test_announcement_pages_take_fixed_queries(
    school_a: School, client_a: Client, django_assert_num_queries: object
) -> None:
    with tenant_context(school_a):
        client_a.force_login(User.objects.get(username="phuhuynh"))
    with django_assert_num_queries(6):  # type: ignore[operator]
        client_a.get("/family/announcements/")
    with tenant_context(school_a):
        client_a.force_login(User.objects.get(username="hieutruong"))
    # the school is remembered by host from the first request: no host lookup this time
    with django_assert_num_queries(8):  # type: ignore[operator]
        client_a.get("/announcements/")
