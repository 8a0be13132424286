"""Fixtures for the gradebook: the demo maths teacher, her sheet of the open term."""

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.assessment.models import MarkSheet
from core_school.assessment.selectors import current_term
from core_school.people.access import Actor, actor_for_user
from tenants.models import School


@pytest.fixture
def in_school_a(school_a: School) -> School:
    connection.set_tenant(school_a)
    return school_a


def actor(username: str) -> Actor:
    return actor_for_user(User.objects.get(username=username))


@pytest.fixture
def teacher(in_school_a: School) -> Actor:
    """The demo maths teacher (giaovien)."""
    return actor("giaovien")


@pytest.fixture
def principal(in_school_a: School) -> Actor:
    return actor("hieutruong")


@pytest.fixture
def sheet(teacher: Actor) -> MarkSheet:
    """One of the teacher's maths sheets in the open term."""
    class_id, subject_id = sorted(teacher.teaches)[0]
    return MarkSheet.objects.select_related("school_class", "subject", "term").get(
        school_class_id=class_id, subject_id=subject_id, term=current_term()
    )


__all__ = ["actor", "tenant_context"]
