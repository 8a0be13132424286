"""On demand from the command line, and every night through the beat's fan-out."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import tenant_context

from config.celery_app import app
from core_school.earlywarning import tasks as earlywarning_tasks
from core_school.earlywarning.models import EarlyWarningFlag
from tenants import tasks
from tenants.models import School


def test_the_command_evaluates_one_school(school_a: School) -> None:
    # given: one of the demo's flags was resolved by hand, and must come back
    with tenant_context(school_a):
        flag = EarlyWarningFlag.objects.filter(resolved_at__isnull=True).first()
        EarlyWarningFlag.objects.filter(pk=flag.pk).delete()
    out = io.StringIO()
    # when
    call_command("early_warnings_evaluate", "--school", "caugiay", stdout=out)
    # then
    assert out.getvalue().startswith("caugiay: 1 raised, 0 resolved automatically")
    with tenant_context(school_a):
        assert EarlyWarningFlag.objects.filter(pupil_id=flag.pupil_id, rule=flag.rule).exists()


def test_the_command_names_an_unknown_school(db: None) -> None:
    with pytest.raises(CommandError, match="No ready school has the host name 'nowhere'"):
        call_command("early_warnings_evaluate", "--school", "nowhere")


def test_the_task_evaluates_the_school_it_runs_in(school_a: School) -> None:
    with tenant_context(school_a):
        assert earlywarning_tasks.early_warnings_evaluate() == 0


def test_the_nightly_evaluation_is_scheduled_before_the_figures_and_registered() -> None:
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["early-warnings-evaluate"]
    figures = settings.CELERY_BEAT_SCHEDULE["reports-refresh"]
    assert entry["task"] == "tenants.tasks.early_warnings_evaluate_fanout"
    assert entry["task"] in app.tasks
    assert "core_school.earlywarning.tasks.early_warnings_evaluate" in app.tasks
    assert (entry["schedule"].hour, figures["schedule"].hour) == ({0}, {1})


def test_the_fan_out_sends_one_task_per_ready_school_in_its_schema(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[str, str, float]] = []

    def send_task(name: str, countdown: float) -> None:
        sent.append((name, connection.schema_name, countdown))

    monkeypatch.setattr(tasks.current_app, "send_task", send_task)
    count = tasks.early_warnings_evaluate_fanout(spread_seconds=60)
    assert count == len(sent) >= 2
    assert {name for name, *_rest in sent} == {
        "core_school.earlywarning.tasks.early_warnings_evaluate"
    }
    assert {schema for _name, schema, _c in sent} >= {"school_caugiay", "school_nghiatan"}
    assert all(0 <= countdown <= 60 for *_rest, countdown in sent)
