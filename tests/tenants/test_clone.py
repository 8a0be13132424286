"""The fast clone (tenants.clone) makes a schema identical to the migrated template.

Each test's transaction is rolled back, and the cloned schema with it (DDL is transactional)."""

# ruff: noqa: S608 - test SQL on a schema name of the test's own
import pytest
from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import schema_exists

from tenants import clone
from tests.tenants.schema_shape import schema_shape

pytestmark = pytest.mark.django_db

TARGET = "zz_clone_test"


def _without_predicate_spelling(shape: dict[str, list[tuple[object, ...]]]) -> None:
    # PostgreSQL re-prints a partial index's WHERE clause with its casts spelt differently
    # once it has been parsed again (same predicate); compare everything before WHERE.
    shape["indexes"] = sorted((str(row[0]).split(" WHERE ")[0],) for row in shape["indexes"])


def test_the_clone_equals_the_template_object_for_object() -> None:
    with transaction.atomic():
        clone.schema_clone(source=settings.TENANT_BASE_SCHEMA, target=TARGET)
    template, cloned = schema_shape(settings.TENANT_BASE_SCHEMA), schema_shape(TARGET)
    _without_predicate_spelling(template)
    _without_predicate_spelling(cloned)
    for part in template:
        assert cloned[part] == template[part], part
    # Not an empty comparison: the school core, its history triggers and the catalogue.
    assert len(template["columns"]) > 300
    assert len(template["triggers"]) > 10
    assert dict(template["rows"])["academics_subject"] > 10


def test_the_clone_makes_no_history_rows_and_its_triggers_work() -> None:
    with transaction.atomic():
        clone.schema_clone(source=settings.TENANT_BASE_SCHEMA, target=TARGET)
    # The history triggers write unqualified names: they run in the school's search_path.
    connection.set_schema(TARGET)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{TARGET}".people_pupilevent')
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            f'INSERT INTO "{TARGET}".people_pupil (national_id, full_name, birth_date, sex, '
            "ethnicity, address, status) "
            "VALUES ('001012000001', 'Nguyễn Văn A', '2012-01-02', 'M', 'Kinh', '', 'studying')"
        )
        cursor.execute(f'SELECT count(*) FROM "{TARGET}".people_pupilevent')
        assert cursor.fetchone()[0] == 1


def test_a_rolled_back_clone_leaves_no_schema() -> None:
    def provision_then_fail() -> None:
        with transaction.atomic():
            clone.schema_clone(source=settings.TENANT_BASE_SCHEMA, target=TARGET)
            raise RuntimeError("provisioning failed after the clone")

    with pytest.raises(RuntimeError):
        provision_then_fail()
    assert not schema_exists(TARGET)


def test_the_script_is_read_again_when_the_template_is_migrated() -> None:
    with transaction.atomic():
        clone.schema_clone(source=settings.TENANT_BASE_SCHEMA, target=TARGET)
    before = dict(clone._scripts)
    with transaction.atomic():
        # A migration recorded in the template changes its fingerprint.
        with connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO "{settings.TENANT_BASE_SCHEMA}".django_migrations '
                "(app, name, applied) VALUES ('zz', 'zz', now())"
            )
        clone.schema_clone(source=settings.TENANT_BASE_SCHEMA, target=TARGET + "_2")
        assert set(clone._scripts) != set(before)
        transaction.set_rollback(True)
