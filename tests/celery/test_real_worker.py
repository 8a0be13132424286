"""A real Celery worker process (not eager mode) runs each task in the school that sent it.

The worker is started as `up` and deploy/ start it, pointed at the test database, with the
broker that needs no server (a folder) and, when TEST_REDIS_URL is set, with Redis.
"""

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from config.celery_app import app as celery_app
from core_school.health import tasks as health_tasks
from core_school.health.models import Heartbeat
from tenants.models import School
from tests.processes import celery_broker, celery_worker_start, test_database_url

pytestmark = pytest.mark.slow


@pytest.fixture(params=["filesystem", "redis"])
def worker(
    request: pytest.FixtureRequest, tmp_path: Path, django_db_blocker: object
) -> Iterator[dict[str, object]]:
    url, options, worker_env = celery_broker(request.param, tmp_path)
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        database_url = test_database_url()
    if request.param == "redis":
        with celery_app.connection_for_write(url) as conn:
            conn.default_channel.queue_purge("celery")
    state_file = tmp_path / "worker-state.json"
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        **worker_env,
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CELERY_WORKER_STATE_FILE": str(state_file),
    }
    process = celery_worker_start(env, log_path)
    try:
        yield {"url": url, "options": options, "state_file": state_file, "log": log_path}
    finally:
        process.terminate()
        process.wait(timeout=30)


def _send_heartbeat(worker: dict[str, object]) -> str:
    # The test settings run tasks eagerly; this one goes to the real worker.
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with celery_app.connection_for_write(
            worker["url"], transport_options=worker["options"]
        ) as conn:
            result = health_tasks.health_heartbeat.apply_async(connection=conn)
    finally:
        celery_app.conf.task_always_eager = eager
    return str(result.id)


def _wait_for(predicate: object, worker: dict[str, object], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, Path(worker["log"]).read_text()  # type: ignore[arg-type]
        time.sleep(0.2)


def test_task_sent_from_school_a_runs_in_a_and_never_in_b(
    worker: dict[str, object],
    django_db_blocker: object,
) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        school_a = School.objects.get(slug="caugiay")
        school_b = School.objects.get(slug="nghiatan")
        with tenant_context(school_b):
            b_before = Heartbeat.objects.count()
        try:
            # when
            with tenant_context(school_a):
                task_id = _send_heartbeat(worker)

            def written_in_a() -> bool:
                with tenant_context(school_a):
                    return Heartbeat.objects.filter(task_id=task_id).exists()

            _wait_for(written_in_a, worker)
            _wait_for(lambda: Path(worker["state_file"]).exists(), worker)  # type: ignore[arg-type]
            state = json.loads(Path(worker["state_file"]).read_text())  # type: ignore[arg-type]
            # then
            with tenant_context(school_b):
                assert Heartbeat.objects.count() == b_before
                assert not Heartbeat.objects.filter(task_id=task_id).exists()
            assert state["task_id"] == task_id
            assert state["schema_after"] == "public"
        finally:
            with tenant_context(school_a):
                Heartbeat.objects.all().delete()
            connection.set_schema_to_public()
