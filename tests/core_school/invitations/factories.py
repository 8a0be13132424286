"""Factories for the invitation tests: pupils and their places in a class."""

import datetime

import factory
from factory.django import DjangoModelFactory

from core_school.academics.models import Enrolment, SchoolClass
from core_school.people.models import Pupil, Sex


class SchoolClassFactory(DjangoModelFactory[SchoolClass]):
    """A class of the current school year (school_year required)."""

    class Meta:
        model = SchoolClass

    grade = 6
    name = factory.Sequence(lambda n: f"6T{n}")


class PupilFactory(DjangoModelFactory[Pupil]):
    class Meta:
        model = Pupil

    national_id = factory.Sequence(lambda n: f"099{n:09d}")
    full_name = factory.Sequence(lambda n: f"Học Sinh Thử {n}")
    birth_date = datetime.date(2014, 3, 1)
    sex = Sex.FEMALE


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    """`pupil` in `school_class` from the start of its school year."""

    class Meta:
        model = Enrolment

    pupil = factory.SubFactory(PupilFactory)
    starts_on = factory.LazyAttribute(lambda o: o.school_class.school_year.starts_on)
