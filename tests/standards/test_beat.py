"""The nightly conformance check is scheduled and its tasks are registered with the worker."""

from django.conf import settings

from config.celery_app import app


def test_the_nightly_check_is_scheduled_and_registered() -> None:
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["standards-conformance"]
    assert entry["task"] == "onboarding.standards_adoption.conformance_fanout_task"
    assert entry["task"] in app.tasks
    assert "onboarding.standards_adoption.conformance_check_task" in app.tasks
