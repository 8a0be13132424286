"""Helpers for tests that start real processes (worker, web server, `up`) on this machine."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_database_url() -> str:
    """A DATABASE_URL for the test database, for processes started by a test."""
    settings = connection.settings_dict
    credentials = quote(settings["USER"]) + (
        ":" + quote(settings["PASSWORD"]) if settings["PASSWORD"] else ""
    )
    host, port = settings["HOST"], settings["PORT"] or "5432"
    if host.startswith("/"):
        return (
            f"postgres://{credentials}@/{settings['NAME']}?host={quote(host, safe='')}&port={port}"
        )
    return f"postgres://{credentials}@{host}:{port}/{settings['NAME']}"


test_database_url.__test__ = False  # type: ignore[attr-defined]  # not a test, despite its name


def celery_worker_start(
    env: dict[str, str], log_path: Path, seconds: float = 60
) -> subprocess.Popen[bytes]:
    """Start a real Celery worker (solo pool, as `up` does) and wait until it is ready."""
    repo_root = Path(__file__).resolve().parents[1]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-l", "info"],
            cwd=repo_root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + seconds
    while "ready." not in log_path.read_text():
        assert process.poll() is None, log_path.read_text()
        assert time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.2)
    return process


def celery_broker(kind: str, tmp_path: Path) -> tuple[str, dict[str, object], dict[str, str]]:
    """The broker URL and options for the sender, and the environment for the worker."""
    if kind == "redis":
        url = os.environ.get("TEST_REDIS_URL", "")
        if not url:
            pytest.skip("TEST_REDIS_URL is not set (.ci/run sets it when Redis answers)")
        return url, {}, {"REDIS_URL": url}
    folder = tmp_path / "broker"
    for sub in ("queue", "processed", "control"):
        (folder / sub).mkdir(parents=True)
    options = {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
    }
    return "filesystem://", options, {"REDIS_URL": "", "CELERY_BROKER_DIR": str(folder)}


def web_server_start(
    env: dict[str, str], log_path: Path, seconds: float = 60
) -> tuple[subprocess.Popen[bytes], int]:
    """Collect the static files, then start gunicorn (config.wsgi, one worker of 4 threads, as
    in production) on a free port and wait until it accepts connections."""
    repo_root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=repo_root,
        env=env,
        check=True,
    )
    port = free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
            ],
            cwd=repo_root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, log_path.read_text()
        assert time.monotonic() < deadline, log_path.read_text()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.2)
