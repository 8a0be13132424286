"""With TENANT_LIMIT_SET_CALLS the connection sends `SET search_path` once per school switch
instead of before every query. These tests hold it to the cases where PostgreSQL itself undoes
a SET — ROLLBACK and ROLLBACK TO SAVEPOINT — which once made a cached search_path answer with
another school's rows (django-tenants #1262, fixed in 4.0)."""

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from tenants.models import School


def _schema_in_use() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT (current_schemas(false))[1]")
        return str(cursor.fetchone()[0])


def _demo_user_id() -> int:
    """The same username exists in both demo schools with different ids."""
    return User.objects.get(username="phuhuynh").pk


def test_the_setting_is_on() -> None:
    assert settings.TENANT_LIMIT_SET_CALLS is True


def test_one_set_per_switch_not_per_query(school_a: School) -> None:
    connection.set_tenant(school_a)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            User.objects.filter(username="phuhuynh").exists()
    sets = [q for q in queries.captured_queries if q["sql"].startswith("SET search_path")]
    assert len(sets) <= 1
    assert _schema_in_use() == school_a.schema_name


def test_a_savepoint_rolled_back_after_a_switch_leaves_no_stale_schema(
    school_a: School, school_b: School
) -> None:
    connection.set_tenant(school_a)
    a_user = _demo_user_id()
    # given: inside a savepoint the connection moves to B and reads there
    try:
        with transaction.atomic():
            connection.set_tenant(school_b)
            b_user = _demo_user_id()
            raise RuntimeError
    except RuntimeError:
        pass
    # when: PostgreSQL undid the SET with the savepoint; the connection says B
    assert connection.schema_name == school_b.schema_name
    # then: the next query is on B, as the connection says, not on A's restored path
    assert _schema_in_use() == school_b.schema_name
    assert _demo_user_id() == b_user
    connection.set_tenant(school_a)
    assert _demo_user_id() == a_user
