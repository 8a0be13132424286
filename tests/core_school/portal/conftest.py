"""Fixtures for the family portal: the demo parent (two children), the demo pupil, signed in."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.academics.models import Enrolment, SchoolClass
from core_school.people.models import Pupil
from tenants.models import School


@dataclass(frozen=True)
class Family:
    """phuhuynh's children, eldest first (the elder was at the school last year too), and the
    demo pupil hocsinh, who is not one of them."""

    elder: Pupil
    younger: Pupil
    elder_class: SchoolClass
    pupil: Pupil


def signed_in(client: Client, school: School, username: str) -> Client:
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def family(school_a: School) -> Family:
    with tenant_context(school_a):
        elder, younger = Pupil.objects.filter(
            guardianships__guardian__user__username="phuhuynh"
        ).order_by("birth_date", "pk")
        elder_class = (
            Enrolment.objects.select_related("school_class__school_year")
            .get(pupil=elder, ends_on__isnull=True, school_class__school_year__is_current=True)
            .school_class
        )
        return Family(
            elder=elder,
            younger=younger,
            elder_class=elder_class,
            pupil=Pupil.objects.get(user__username="hocsinh"),
        )


@pytest.fixture
def parent(school_a: School, client_a: Client) -> Client:
    """School A's host, signed in as the demo parent (phuhuynh)."""
    return signed_in(client_a, school_a, "phuhuynh")
