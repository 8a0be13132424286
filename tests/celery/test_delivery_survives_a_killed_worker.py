"""Killing the Celery worker in the middle of delivering notifications loses nothing and
doubles nothing: after a restart the sweeper delivers the rest, each message exactly once.

A real worker (the folder broker, the test database) sends Zalo messages to a local stand-in of
Zalo that takes its time answering. The worker is killed with SIGKILL while it waits for an
answer: the message in flight has reached Zalo but its row was not marked sent (the claim and
the "sent" mark are one transaction, rolled back with the dead connection). A new worker runs
the sweeper: the rows still pending are delivered, the one in flight is sent again with the
same tracking_id, which Zalo takes as the same message.
"""

import os
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import User
from config.celery_app import app as celery_app
from core_school.notifications import tasks
from core_school.notifications.models import Delivery, Kind, Notification
from tenants.models import School
from tests.fakes.zalo import fake_zalo
from tests.processes import celery_broker, celery_worker_start, test_database_url

pytestmark = pytest.mark.slow
MESSAGES = 12


def _send(task: object, broker: tuple, *args: object) -> None:
    url, options, _env = broker
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with celery_app.connection_for_write(url, transport_options=options) as conn:
            task.apply_async(args=args, connection=conn)  # type: ignore[attr-defined]
    finally:
        celery_app.conf.task_always_eager = eager


def _wait(predicate: object, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)


def test_killed_worker_loses_nothing_and_doubles_nothing(
    tmp_path: Path, django_db_setup: None, django_db_blocker: object
) -> None:
    broker = celery_broker("filesystem", tmp_path)
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        school = School.objects.get(slug="caugiay")
        database_url = test_database_url()
        with tenant_context(school):
            parent = User.objects.get(username="phuhuynh")
            old_phone = parent.phone
            User.objects.filter(pk=parent.pk).update(phone="0912345678")
            notifications = Notification.objects.bulk_create(
                Notification(user=parent, kind=Kind.NOTE, title=f"Tin {n}", url="/family/")
                for n in range(MESSAGES)
            )
            rows = Delivery.objects.bulk_create(
                Delivery(notification=n, channel="zalo", due_at=n.created_at) for n in notifications
            )
            ids = [row.pk for row in rows]
        connection.set_schema_to_public()
    with fake_zalo(delay=0.6) as zalo:
        env = {
            **os.environ,
            **broker[2],
            "DATABASE_URL": database_url,
            "SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ZALO_ZNS_URL": zalo.url,
            "ZALO_ACCESS_TOKEN": zalo.token,
            "ZALO_TEMPLATE_ID": zalo.template_id,
        }
        log = tmp_path / "worker.log"
        try:
            worker = celery_worker_start(env, log)
            with django_db_blocker.unblock(), tenant_context(school):  # type: ignore[attr-defined]
                _send(tasks.notifications_deliver, broker, ids)
            # when: the worker is killed while Zalo holds the answer to the 4th message
            _wait(lambda: len(zalo.delivered) >= 4, log)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            with django_db_blocker.unblock(), tenant_context(school):  # type: ignore[attr-defined]
                sent_before = Delivery.objects.filter(pk__in=ids, status="sent").count()
            assert sent_before == 3  # the 4th reached Zalo, its row is still pending
            # a new worker; the sweeper (run by beat every minute) takes what is pending
            worker = celery_worker_start(env, tmp_path / "worker2.log")
            with django_db_blocker.unblock(), tenant_context(school):  # type: ignore[attr-defined]
                _send(tasks.notifications_sweep, broker)

                def all_sent() -> bool:
                    return Delivery.objects.filter(pk__in=ids, status="sent").count() == MESSAGES

                _wait(all_sent, tmp_path / "worker2.log")
                keys = {
                    str(k)
                    for k in Delivery.objects.filter(pk__in=ids).values_list("key", flat=True)
                }
            worker.terminate()
            worker.wait(timeout=30)
        finally:
            with django_db_blocker.unblock(), tenant_context(school):  # type: ignore[attr-defined]
                Notification.objects.filter(pk__in=[n.pk for n in notifications]).delete()
                User.objects.filter(pk=parent.pk).update(phone=old_phone)
            connection.set_schema_to_public()
    # then: every message reached the parent once; only the one in flight was asked twice
    assert set(zalo.delivered) == keys
    tracking_ids = [request["tracking_id"] for request in zalo.requests]
    assert len(tracking_ids) == MESSAGES + 1
    assert sorted(tracking_ids.count(key) for key in keys) == [1] * (MESSAGES - 1) + [2]
