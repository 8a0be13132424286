"""Fixtures shared by every test: one test database with the demo installation, created once.

The session fixture migrates the public schema (pytest-django), then seeds the real demo
(authorities, operators, THCS Cầu Giấy and THCS Nghĩa Tân) exactly as `up` does, except the
generated schools: tests count on two schools; the browser test of the dashboards adds the
generated ones for its module (tests/browser/test_dashboards_in_browser.py). With --reuse-db
the database and its school schemas survive between runs.
"""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client

from onboarding import demo, services
from reporting.models import FigureSet
from tenants.middleware import hosts_forget
from tenants.models import School

# The push server and its helpers (a real process), for tests of live updates anywhere.
pytest_plugins = ["tests.push.fixtures"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        services.platform_migrate(verbosity=0)
        if not demo.demo_is_seeded():
            demo.demo_seed(generated=0)
        connection.set_schema_to_public()


@pytest.fixture
def nothing_published(db: None) -> None:
    """No school has published figures yet (the demo publishes them when it is seeded, as the
    nightly job would); rolled back after the test."""
    FigureSet.objects.all().delete()


@pytest.fixture
def school_a(db: None) -> School:
    """The large demo school (THCS Cầu Giấy)."""
    return School.objects.get(slug="caugiay")


@pytest.fixture
def school_b(db: None) -> School:
    """The small demo school (THCS Nghĩa Tân). Same usernames as A, different people."""
    return School.objects.get(slug="nghiatan")


@pytest.fixture(autouse=True)
def _back_to_public() -> Iterator[None]:
    """Every test starts and ends on the public schema, with no school remembered by host
    (a test's changes to a school are rolled back without a signal)."""
    hosts_forget()
    yield
    if connection.connection is not None or connection.schema_name != "public":
        connection.set_schema_to_public()


def host_of(school: School) -> str:
    return school.domains.get(is_primary=True).domain


@pytest.fixture
def client_a(school_a: School) -> Client:
    return Client(HTTP_HOST=host_of(school_a))


@pytest.fixture
def client_b(school_b: School) -> Client:
    return Client(HTTP_HOST=host_of(school_b))


@pytest.fixture
def public_client(db: None) -> Client:
    return Client(HTTP_HOST="localhost")
