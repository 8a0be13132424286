"""Benchmark-only settings: the same code served as a plain, single-school Django site.

bench_push.py serves the child page with these settings beside the real platform, to measure
what the platform itself costs on that page. The view, its ORM queries and the template are the
product's; what is taken away is the multi-school machinery: Django's own PostgreSQL backend
with the demo school's search_path fixed for the connection (no `SET search_path`, no tenant
lookup by host, no end-of-request schema guard, no suspended-school check). The one school is
a constant of the process, as in a site that serves a single school. Never used by the product.
"""

from config.settings import *  # noqa: F403

PLAIN_SCHOOL_SCHEMA = "school_caugiay"

DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"  # noqa: F405
DATABASES["default"]["OPTIONS"]["options"] = f"-c search_path={PLAIN_SCHOOL_SCHEMA},public"  # noqa: F405
MIDDLEWARE = [
    "tests.benchmarks.plain_django_settings.OneSchoolMiddleware",
    *(m for m in MIDDLEWARE if not m.startswith("tenants.")),  # noqa: F405
]


class OneSchoolMiddleware:
    """The process's one school on every request (read once), where code asks for it."""

    school = None

    def __init__(self, get_response: object) -> None:
        self.get_response = get_response

    def __call__(self, request: object) -> object:
        from django.db import connection

        from tenants.models import School

        if OneSchoolMiddleware.school is None:
            OneSchoolMiddleware.school = School.objects.get(schema_name=PLAIN_SCHOOL_SCHEMA)
        request.tenant = OneSchoolMiddleware.school  # type: ignore[attr-defined]
        connection.tenant = OneSchoolMiddleware.school
        connection.schema_name = PLAIN_SCHOOL_SCHEMA
        return self.get_response(request)  # type: ignore[operator]
