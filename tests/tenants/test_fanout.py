"""Cross-school fan-out: one task per ready school, sent from inside that school's schema."""

import pytest
from django.db import connection

from tenants import tasks


@pytest.mark.parametrize(
    ("fanout", "task_name"),
    [
        (tasks.schools_heartbeat_fanout, "core_school.health.tasks.health_heartbeat"),
        (tasks.notifications_sweep_fanout, "core_school.notifications.tasks.notifications_sweep"),
        (tasks.notifications_digest_fanout, "core_school.notifications.tasks.notifications_digest"),
    ],
)
def test_fan_out_sends_one_task_per_school_in_its_schema(
    db: None, monkeypatch: pytest.MonkeyPatch, fanout: object, task_name: str
) -> None:
    sent: list[tuple[str, str, float]] = []

    def send_task(name: str, countdown: float) -> None:
        sent.append((name, connection.schema_name, countdown))

    monkeypatch.setattr(tasks.current_app, "send_task", send_task)
    count = fanout(spread_seconds=30)  # type: ignore[operator]
    assert count == len(sent) >= 2
    assert {name for name, _schema, _countdown in sent} == {task_name}
    assert {schema for _name, schema, _countdown in sent} >= {"school_caugiay", "school_nghiatan"}
    assert "public" not in {schema for _name, schema, _countdown in sent}
    assert all(0 <= countdown <= 30 for *_rest, countdown in sent)
    assert connection.schema_name == "public"
