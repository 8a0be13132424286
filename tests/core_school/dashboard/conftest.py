"""Fixtures for the dashboard: a signed-in client per demo login, and a pinned "today"."""

import datetime

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.attendance.models import AttendanceRegister
from tenants.models import School


def signed_in(client: Client, school: School, username: str) -> Client:
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def principal_client(school_a: School, client_a: Client) -> Client:
    return signed_in(client_a, school_a, "hieutruong")


@pytest.fixture
def school_day(school_a: School, monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    """The last day of the demo with registers (a school day of the open term), as today."""
    with tenant_context(school_a):
        day = (
            AttendanceRegister.objects.filter(school_class__school_year__is_current=True)
            .latest("date")
            .date
        )
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
    return day
