"""The export reads a school in one consistent, read-only snapshot when nothing surrounds it
(as in a Celery worker): outside any test transaction, so the real path runs."""

from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants import lifecycle
from tenants.models import School, SchoolEvent
from tests.tenants.lifecycle_support import manifest_of


def test_export_reads_in_one_repeatable_read_read_only_transaction(
    django_db_setup: None, django_db_blocker: object, tmp_path: Path
) -> None:
    # given: no test transaction around it, as in a worker
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        school = School.objects.get(slug="nghiatan")
        # when
        with CaptureQueriesContext(connection) as queries:
            path = lifecycle.school_export(school=school, actor=None, destination=tmp_path)
        SchoolEvent.objects.filter(school=school, detail__file=str(path)).delete()
    # then
    # (COPY goes through psycopg's own cursor, not captured: the catalogue reads around it are)
    statements = [q["sql"] for q in queries.captured_queries]
    start = statements.index("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    reads = [i for i, sql in enumerate(statements) if "pg_attribute" in sql or "last_value" in sql]
    assert reads
    assert start < min(reads)
    assert path.parent == tmp_path
    assert manifest_of(path)["school"]["code"] == "01013502"
