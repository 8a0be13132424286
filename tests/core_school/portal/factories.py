"""Factories for the portal tests: a guardian linked to a demo pupil."""

import factory
from factory.django import DjangoModelFactory

from core_school.people.models import Guardian, Guardianship


class GuardianFactory(DjangoModelFactory[Guardian]):
    """A guardian with no account unless `user` is given."""

    class Meta:
        model = Guardian

    full_name = factory.Sequence(lambda n: f"Phụ huynh thử {n}")


class GuardianshipFactory(DjangoModelFactory[Guardianship]):
    """A link of `guardian` to `pupil` (pupil required), as the mother by default."""

    class Meta:
        model = Guardianship

    guardian = factory.SubFactory(GuardianFactory)
    relationship = Guardianship.Relationship.MOTHER
