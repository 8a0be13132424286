"""Fixtures for reports: school A's last school year, which the demo completed (both terms
closed, results computed, year outcomes decided, the summer after it)."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.academics.models import SchoolClass, SchoolYear
from core_school.people.models import Pupil
from core_school.reports import selectors
from tenants.models import School


@pytest.fixture
def in_school_a(school_a: School) -> School:
    connection.set_tenant(school_a)
    return school_a


@pytest.fixture
def last_year(in_school_a: School) -> SchoolYear:
    year = SchoolYear.objects.filter(is_current=False).order_by("-starts_on").first()
    assert year is not None
    return year


@pytest.fixture
def current_year(in_school_a: School) -> SchoolYear:
    return SchoolYear.objects.get(is_current=True)


@pytest.fixture
def child(last_year: SchoolYear) -> Pupil:
    """The demo parent's (phuhuynh) child who was at the school last year."""
    return (
        Pupil.objects.filter(
            guardianships__guardian__user__username="phuhuynh",
            enrolments__school_class__school_year=last_year,
        )
        .distinct()
        .get()
    )


@pytest.fixture
def child_class(child: Pupil, last_year: SchoolYear) -> SchoolClass:
    """The child's class last year, with its school year and homeroom teacher."""
    school_class = selectors.pupil_classes_in_year(pupil_id=child.pk, school_year=last_year)[0]
    return selectors.school_class_get(class_id=school_class.pk)  # type: ignore[return-value]


@pytest.fixture
def full_class(last_year: SchoolYear) -> SchoolClass:
    """Last year's largest class (45 pupils, the legal maximum, in the demo)."""
    largest = (
        SchoolClass.objects.filter(school_year=last_year)
        .annotate(size=Count("enrolments"))
        .order_by("-size", "pk")
        .first()
    )
    return selectors.school_class_get(class_id=largest.pk)  # type: ignore[union-attr, return-value]


@pytest.fixture
def small_class(last_year: SchoolYear) -> SchoolClass:
    smallest = (
        SchoolClass.objects.filter(school_year=last_year)
        .annotate(size=Count("enrolments"))
        .order_by("size", "pk")
        .first()
    )
    return selectors.school_class_get(class_id=smallest.pk)  # type: ignore[union-attr, return-value]


def signed_in(client: Client, school: School, username: str) -> Client:
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))
    return client


def username_of_teacher_outside(school_class: SchoolClass) -> str:
    """A subject teacher who neither teaches nor is homeroom teacher of `school_class`."""
    user = (
        User.objects.filter(groups__name="subject_teacher")
        .exclude(staff__homeroom_classes=school_class)
        .exclude(staff__teaching_assignments__school_class=school_class)
        .order_by("pk")
        .first()
    )
    assert user is not None
    return user.username
