"""`manage.py reports_refresh [--school slug] [--sync]`."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from config.celery_app import app
from reporting import tasks
from reporting.models import FigureSet
from tenants.models import School


def test_sync_refreshes_one_school(
    nothing_published: None, school_a: School, school_b: School
) -> None:
    out = io.StringIO()
    call_command("reports_refresh", "--school", "caugiay", "--sync", stdout=out)
    assert "caugiay:" in out.getvalue()
    assert "1 schools refreshed" in out.getvalue()
    assert FigureSet.objects.filter(school=school_a).exists()
    assert not FigureSet.objects.filter(school=school_b).exists()


def test_without_sync_it_queues_every_ready_school(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[int] = []
    monkeypatch.setattr(
        tasks.school_figures_refresh_task,
        "apply_async",
        lambda *, kwargs, countdown: sent.append(kwargs["school_id"]),
    )
    out = io.StringIO()
    call_command("reports_refresh", stdout=out)
    assert "2 schools queued" in out.getvalue()
    assert len(sent) == 2


def test_an_unknown_or_closed_school_is_an_error(db: None, school_b: School) -> None:
    with pytest.raises(CommandError, match="nowhere"):
        call_command("reports_refresh", "--school", "nowhere", "--sync")
    School.objects.filter(pk=school_b.pk).update(status=School.Status.SUSPENDED)
    with pytest.raises(CommandError, match="nghiatan"):
        call_command("reports_refresh", "--school", "nghiatan", "--sync")


def test_the_nightly_refresh_is_scheduled_and_registered() -> None:
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["reports-refresh"]
    assert entry["task"] == "reporting.tasks.figures_refresh_fanout"
    assert entry["task"] in app.tasks
    assert "reporting.tasks.school_figures_refresh_task" in app.tasks
    assert entry["schedule"].hour == {1}
