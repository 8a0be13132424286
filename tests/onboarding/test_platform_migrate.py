"""`platform_migrate` brings every schema to head and, when nothing is pending, runs nothing;
`migrate_schemas` skips the schemas at head."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.migration_executors.standard import StandardExecutor

from onboarding import services
from onboarding.migration_executor import schemas_behind
from tenants import selectors

pytestmark = pytest.mark.django_db


def _schemas() -> list[str]:
    return ["public", "template_school"] + [s.schema_name for s in selectors.school_list()]


def test_nothing_is_pending_after_platform_migrate() -> None:
    # when
    out = StringIO()
    call_command("platform_migrate", stdout=out)
    # then
    assert schemas_behind(_schemas()) == []
    assert "at head" in out.getvalue()


def test_warm_platform_migrate_runs_no_migrate_command(
    django_assert_max_num_queries: object,
) -> None:
    # Which schemas are behind is one query whatever their number: no migrate run.
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        services.platform_migrate(verbosity=0)


def test_a_schema_missing_a_migration_is_behind_and_a_missing_schema_is_left_out(
    school_b: object,
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM school_nghiatan.django_migrations WHERE id = "
            "(SELECT max(id) FROM school_nghiatan.django_migrations)"
        )
    assert schemas_behind([*_schemas(), "school_not_made_yet"]) == ["school_nghiatan"]


def test_migrate_schemas_hands_only_the_schemas_behind_to_the_executor(
    school_b: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed: list[list[str]] = []
    monkeypatch.setattr(
        StandardExecutor, "run_migrations", lambda self, tenants=None: handed.append(tenants)
    )
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    assert handed == []  # every schema is at head: the executor is not even called
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM school_nghiatan.django_migrations WHERE id = "
            "(SELECT max(id) FROM school_nghiatan.django_migrations)"
        )
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    assert handed == [["school_nghiatan"]]
