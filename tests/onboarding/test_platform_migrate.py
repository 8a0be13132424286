"""`platform_migrate` brings every schema to head and, when nothing is pending, runs nothing."""

from io import StringIO

from django.core.management import call_command

from onboarding import services
from tenants import selectors


def test_nothing_is_pending_after_platform_migrate(db: None) -> None:
    # when
    out = StringIO()
    call_command("platform_migrate", stdout=out)
    # then
    schemas = ["public", "template_school"] + [s.schema_name for s in selectors.school_list()]
    assert [s for s in schemas if services._has_pending_migrations(s)] == []
    assert "at head" in out.getvalue()


def test_warm_platform_migrate_runs_no_migrate_command(
    db: None, django_assert_max_num_queries: object
) -> None:
    # One migration-plan read per schema, no migrate run: a handful of queries per school.
    with django_assert_max_num_queries(60):  # type: ignore[operator]
        services.platform_migrate(verbosity=0)
