"""Deleting a school for good once its retention delay is over: schema, hosts, files, exports
and row go; the event log stays."""

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation
from django_tenants.utils import schema_exists

from tenants import lifecycle, tasks
from tenants import services as tenant_services
from tenants.models import Domain, School, SchoolEvent

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("db", "lifecycle_dirs")]
CODE = "99990801"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def doomed(settings: object) -> School:
    """A small school (cloned from the template) with a file and an export, due for deletion."""
    school = tenant_services.school_create(
        name="THCS Sắp Xoá", code=CODE, slug="sapxoa", authority=None
    )
    media = Path(settings.MEDIA_ROOT) / school.schema_name  # type: ignore[attr-defined]
    media.mkdir(parents=True)
    (media / "ghi-chu.txt").write_text("tệp của trường")
    lifecycle.school_export(school=school, actor=None)
    return lifecycle.school_delete_request(school=school, confirm_code=CODE, actor=None)


def test_purge_leaves_a_school_whose_delay_is_not_over(doomed: School) -> None:
    # when
    purged = lifecycle.schools_purge_due(now=doomed.deletion_due_at - datetime.timedelta(minutes=1))
    # then
    assert purged == []
    assert schema_exists(doomed.schema_name)
    assert School.objects.filter(pk=doomed.pk).exists()


def test_purge_after_the_delay_drops_schema_hosts_files_exports_and_row(
    doomed: School, settings: object, django_capture_on_commit_callbacks: object
) -> None:
    # given
    media = Path(settings.MEDIA_ROOT) / doomed.schema_name  # type: ignore[attr-defined]
    exports = Path(settings.SCHOOL_EXPORT_DIR) / doomed.schema_name  # type: ignore[attr-defined]
    assert media.is_dir()
    assert exports.is_dir()
    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        purged = lifecycle.schools_purge_due(
            now=doomed.deletion_due_at + datetime.timedelta(seconds=1)
        )
    # then
    assert purged == [CODE]
    assert not schema_exists(doomed.schema_name)
    assert not School.objects.filter(code=CODE).exists()
    assert not Domain.objects.filter(domain="sapxoa.localhost").exists()
    assert not media.exists()
    assert not exports.exists()
    # the log outlives the school
    log = SchoolEvent.objects.filter(school_code=CODE).order_by("id")
    assert [(e.action, e.school_id) for e in log] == [
        ("exported", None),
        ("deletion_requested", None),
        ("purged", None),
    ]
    assert log.last().school_name == "THCS Sắp Xoá"


def test_purge_keeps_the_demo_schools(
    doomed: School, school_a: School, school_b: School, client_b: object
) -> None:
    # when
    lifecycle.schools_purge_due(now=doomed.deletion_due_at + datetime.timedelta(days=1))
    # then
    assert schema_exists(school_a.schema_name)
    assert schema_exists(school_b.schema_name)
    assert client_b.get("/").status_code == 200  # type: ignore[attr-defined]


def test_a_cancelled_deletion_is_not_purged(doomed: School) -> None:
    # given
    school = lifecycle.school_delete_cancel(school=doomed, actor=None)
    # when
    purged = lifecycle.schools_purge_due(now=timezone.now() + datetime.timedelta(days=365))
    # then
    assert purged == []
    assert school.status == "onboarding"
    assert schema_exists(doomed.schema_name)


def test_purge_can_write_a_last_export_that_restores(
    doomed: School, settings: object, django_capture_on_commit_callbacks: object
) -> None:
    # given
    settings.SCHOOL_PURGE_FINAL_EXPORT = True  # type: ignore[attr-defined]
    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        lifecycle.schools_purge_due(now=doomed.deletion_due_at + datetime.timedelta(seconds=1))
    # then
    (final,) = (Path(settings.SCHOOL_EXPORT_DIR) / "purged").glob("school_sapxoa-*.tar.gz")  # type: ignore[attr-defined]
    purge = SchoolEvent.objects.get(school_code=CODE, action="purged")
    assert purge.detail["final_export"] == str(final)
    restored = lifecycle.school_restore(
        archive=final, name="THCS Sắp Xoá", code=CODE, slug="sapxoa", authority=None, actor=None
    )
    assert schema_exists(restored.schema_name)


def test_purge_command_and_task(doomed: School, capsys: pytest.CaptureFixture[str]) -> None:
    # given: due already
    School.objects.filter(pk=doomed.pk).update(deletion_due_at=timezone.now())
    # when
    assert tasks.schools_purge_due_task.delay().get() == [CODE]
    call_command("schools_purge")
    # then
    assert "Purged 0 school(s)" in capsys.readouterr().out
    assert not schema_exists(doomed.schema_name)
    assert connection.schema_name == "public"


def test_the_scheduler_runs_the_purge_daily() -> None:
    entry = django_settings.CELERY_BEAT_SCHEDULE["schools-purge-due"]
    assert entry["task"] == tasks.schools_purge_due_task.name
    assert entry["schedule"].hour == {2}
