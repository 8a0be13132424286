"""API clients of school A: anonymous, signed in as a demo login, or holding a token."""

from collections.abc import Callable

import pytest
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from core_school.assessment.models import MarkSheet
from core_school.assessment.selectors import current_term
from core_school.people.access import Actor
from tenants.models import School
from tests.conftest import host_of

ApiAs = Callable[[str], APIClient]


def api_client(school: School, username: str | None = None) -> APIClient:
    """A DRF client on `school`'s host, signed in (session) as `username` if given."""
    client = APIClient(HTTP_HOST=host_of(school))
    if username is not None:
        with tenant_context(school):
            client.force_login(User.objects.get(username=username))
    return client


def own_sheet(teacher: Actor, *, closed: bool = False) -> MarkSheet:
    """A sheet the teacher enters marks in: of the current term, or of a closed term.

    Call it with the connection on the teacher's school.
    """
    sheets = MarkSheet.objects.select_related("school_class", "subject", "term").order_by("pk")
    sheets = sheets.filter(term__is_closed=True) if closed else sheets.filter(term=current_term())
    return next(s for s in sheets if (s.school_class_id, s.subject_id) in teacher.teaches)


@pytest.fixture
def anonymous_a(school_a: School) -> APIClient:
    return api_client(school_a)


@pytest.fixture
def api_as(school_a: School) -> ApiAs:
    """Sign in on school A: `api_as("hieutruong")`."""

    def sign_in(username: str) -> APIClient:
        return api_client(school_a, username)

    return sign_in


@pytest.fixture
def token_a(school_a: School) -> str:
    """An API token of A's principal, created inside A's schema."""
    with tenant_context(school_a):
        return Token.objects.create(user=User.objects.get(username="hieutruong")).key
