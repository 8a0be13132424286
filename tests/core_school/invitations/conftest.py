"""Fixtures for invitations: a new class of school A whose families have no account yet."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from config import sms
from core_school.academics.models import SchoolClass, SchoolYear
from core_school.people.models import Guardian, Pupil, StaffMember
from tenants.models import School
from tests.core_school.invitations.factories import (
    EnrolmentFactory,
    SchoolClassFactory,
)
from tests.core_school.portal.factories import GuardianFactory, GuardianshipFactory

# Numbers no demo guardian has (the demo's are 09123…, 08123…, 09456…, 08456…).
MOTHER_PHONE = "0388 000 001"
MOTHER_E164 = "+84388000001"


@dataclass(frozen=True)
class NewClass:
    """Class 6T… of school A, homeroom teacher gvcn, with three pupils:

    - `elder` and `younger` are siblings; the younger is in `other_class`. Their mother has a
      mobile number only, their father an e-mail address only;
    - `third`'s guardian has neither, and her aunt already has an account.
    """

    school_class: SchoolClass
    other_class: SchoolClass
    elder: Pupil
    younger: Pupil
    third: Pupil
    mother: Guardian
    father: Guardian
    silent: Guardian
    aunt: Guardian


@pytest.fixture
def new_class(school_a: School) -> NewClass:
    with tenant_context(school_a):
        year = SchoolYear.objects.get(is_current=True)
        gvcn = StaffMember.objects.get(user__username="gvcn")
        school_class = SchoolClassFactory(school_year=year, homeroom_teacher=gvcn)
        other_class = SchoolClassFactory(school_year=year, grade=7)
        elder = EnrolmentFactory(school_class=school_class).pupil
        younger = EnrolmentFactory(school_class=other_class).pupil
        third = EnrolmentFactory(school_class=school_class).pupil
        mother = GuardianFactory(phone=MOTHER_PHONE)
        father = GuardianFactory(email="Bo.Thu@Example.vn")
        silent = GuardianFactory(phone="024 3833 1234")  # a landline: no SMS
        aunt = GuardianFactory(
            phone="0388000009",
            user=User.objects.create_user(username="di.thu", password="Xy!93kq-Lm"),
        )
        for pupil in (elder, younger):
            GuardianshipFactory(pupil=pupil, guardian=mother)
            GuardianshipFactory(pupil=pupil, guardian=father, relationship="father")
        GuardianshipFactory(pupil=third, guardian=silent)
        GuardianshipFactory(pupil=third, guardian=aunt, relationship="guardian")
        return NewClass(
            school_class=school_class,
            other_class=other_class,
            elder=elder,
            younger=younger,
            third=third,
            mother=mother,
            father=father,
            silent=silent,
            aunt=aunt,
        )


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """These tests read the English messages; the platform's default language is Vietnamese."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_outbox_and_limits() -> Iterator[None]:
    """Each test starts with no text message sent and no rate limit used."""
    sms.outbox.clear()
    cache.clear()
    yield
    sms.outbox.clear()


def signed_in(client: Client, school: School, username: str) -> Client:
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))
    return client
