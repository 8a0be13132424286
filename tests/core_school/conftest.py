"""Fixtures for tests inside a school: the connection on school A, and actors by login."""

import pytest
from django.db import connection

from accounts.models import User
from core_school.people.access import Actor, actor_for_user
from tenants.models import School


@pytest.fixture
def in_school_a(school_a: School) -> School:
    """The connection on THCS Cầu Giấy's schema for the test (reset to public after)."""
    connection.set_tenant(school_a)
    return school_a


def actor(username: str) -> Actor:
    """The Actor of a demo login in the current school."""
    return actor_for_user(User.objects.get(username=username))


@pytest.fixture
def teacher(in_school_a: School) -> Actor:
    """The demo maths teacher (giaovien), not a homeroom teacher."""
    return actor("giaovien")


@pytest.fixture
def principal(in_school_a: School) -> Actor:
    return actor("hieutruong")
