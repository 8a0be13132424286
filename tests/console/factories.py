"""Factories for the console tests: registry rows only (no schema is created)."""

import factory
from factory.django import DjangoModelFactory

from tenants.models import School


class SchoolFactory(DjangoModelFactory[School]):
    """A school row as the registry holds it while requested: no schema, no host.

    Pass `authority`; statuses other than requested describe the row only (enough for the
    list, filters and status changes, which never open the school's schema).
    """

    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"THCS Thử Nghiệm {n:03d}")
    code = factory.Sequence(lambda n: f"79{n:06d}")
    slug = factory.Sequence(lambda n: f"thu-nghiem-{n:03d}")
    schema_name = factory.LazyAttribute(lambda o: "school_" + o.slug.replace("-", "_"))
    status = School.Status.REQUESTED
