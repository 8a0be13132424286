"""The push server (uvicorn push.server:app) as a real process on the test database, a LISTEN
connection, and committing in a school.

NOTIFY is delivered only at commit, so these fixtures commit for real (they write no rows, only
notifications). Import a fixture into the test module or conftest that needs it, e.g.
`from tests.push.fixtures import push_server  # noqa: F401`.
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import schema_context

from push.emit import push_emit
from push.protocol import CHANNEL
from tests.processes import free_port, test_database_url

REPO_ROOT = Path(__file__).resolve().parents[2]


def _listening(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/push/healthz", timeout=1) as response:  # noqa: S310
            return bool(json.load(response)["listening"])
    except OSError:
        return False


@pytest.fixture(scope="session")
def push_server(
    django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`http://127.0.0.1:PORT`: the push server, listening to the test database."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        database_url = test_database_url()
    data_dir = tmp_path_factory.mktemp("push-data")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PLATFORM_DOMAIN": settings.PLATFORM_DOMAIN,
        "REDIS_URL": "",
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = data_dir / "push.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "push.server:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while not _listening(base):
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


Emit = Callable[[str, list[int], dict[str, Any]], None]


@pytest.fixture
def listener(django_db_blocker: object) -> Iterator[psycopg.Connection[Any]]:
    """A connection LISTENing on the push channel, as the push server's."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        url = test_database_url()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"LISTEN {CHANNEL}")
        yield conn


@pytest.fixture
def emit_committed(django_db_blocker: object) -> Iterator[Emit]:
    """`emit(schema, user_ids, event)`: push_emit in `schema`, in a committed transaction."""

    def emit(schema: str, user_ids: list[int], event: dict[str, Any]) -> None:
        with django_db_blocker.unblock(), schema_context(schema), transaction.atomic():  # type: ignore[attr-defined]
            push_emit(user_ids, event)

    yield emit
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        connection.set_schema_to_public()


@pytest.fixture
def marker() -> int:
    """A number no other event carries: the event of this test, among any others."""
    return uuid.uuid4().int % 10**9
