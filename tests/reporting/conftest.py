"""Reporting tests: the demo schools' figures published, console clients of the demo operators."""

import pytest

from reporting import services
from tenants.models import School
from tests.console.conftest import console_as, ward_caugiay  # noqa: F401 - fixtures


@pytest.fixture
def published(school_a: School, school_b: School) -> dict[str, int]:
    """Both demo schools' figures computed and published now; cells written by slug."""
    return {
        school.slug: services.school_figures_refresh(school=school)
        for school in (school_a, school_b)
    }
