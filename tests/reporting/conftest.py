"""Reporting tests: the demo schools' figures published, console clients of the demo operators."""

import pytest

from reporting import services
from tenants.models import Authority, School
from tests.console.conftest import console_as, ward_caugiay  # noqa: F401 - fixtures
from tests.reporting.pilot_data import Planted, plant


@pytest.fixture
def published(school_a: School, school_b: School) -> dict[str, int]:
    """Both demo schools' figures computed and published now; cells written by slug."""
    return {
        school.slug: services.school_figures_refresh(school=school)
        for school in (school_a, school_b)
    }


@pytest.fixture
def planted(db: None) -> Planted:
    """Pilot, comparison and other schools (rows only) with 2024 KPIs and health."""
    return plant(
        here=Authority.objects.get(code="00167"), there=Authority.objects.get(code="00160")
    )
