"""The tenant-aware Celery app: every task is sent with its school's schema and runs in it."""

import json
import os
import time
from pathlib import Path
from typing import Any

from celery.signals import task_postrun
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = CeleryApp("truongso")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_postrun.connect(weak=False, dispatch_uid="truongso_back_to_public")
def back_to_public(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    """Return the worker's connection to the public schema after every task.

    tenant-schemas-celery restores the schema the worker had before the task; this makes the
    end state explicit and records it for the liveness probe (CELERY_WORKER_STATE_FILE).
    """
    from django.conf import settings
    from django.db import connection

    if task is not None and task.request.is_eager:
        # Run in the caller's process (tests): tenant-schemas-celery gives the caller back
        # its own schema, which must stay.
        return
    connection.set_schema_to_public()
    state_file = settings.CELERY_WORKER_STATE_FILE
    if state_file:
        state = {
            "task_id": task_id,
            "task": getattr(task, "name", None),
            "finished_at": time.time(),
            "schema_after": connection.schema_name,
        }
        Path(state_file).write_text(json.dumps(state))
