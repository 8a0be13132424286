"""Configuration by environment: refusing unsafe keys, and the embedded database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"DATABASE_URL": "postgres://u@127.0.0.1:1/x", "DJANGO_DEBUG": "false"},
        {"DATABASE_URL": "postgres://u@127.0.0.1:1/x", "SECRET_KEY": "change-me"},
        {"SECRET_KEY": "django-insecure-change-me", "DJANGO_DEBUG": "off"},
    ],
    ids=["no-key", "placeholder-key", "placeholder-key-embedded"],
)
def test_refuses_to_start_without_a_real_secret_key_when_debug_is_off(
    env: dict[str, str],
) -> None:
    result = _manage(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_mode_starts_without_a_secret_key() -> None:
    result = _manage(
        {"DATABASE_URL": "postgres://u@127.0.0.1:1/x", "DJANGO_DEBUG": "true"}, "check"
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_embedded_database_keeps_its_data_across_restarts(tmp_path: Path) -> None:
    # given: no DATABASE_URL, a fresh data folder
    env = {"DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    write = (
        "from django.db import connection; connection.cursor().execute("
        "'CREATE TABLE kept (v text); INSERT INTO kept VALUES (%s)', ['Trường Số'])"
    )
    read = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('SELECT v FROM kept'); print(c.fetchone()[0])"
    )
    stop = (
        "from django.conf import settings; from config import embedded_db; "
        "print(embedded_db.server_stop(settings.DATA_DIR))"
    )
    try:
        # when
        first = _manage(env, "shell", "-c", write)
        stopped = _manage(env, "shell", "-c", stop)
        again = _manage(env, "shell", "-c", read)
    finally:
        _manage(env, "shell", "-c", stop)
    # then
    assert first.returncode == 0, first.stderr
    assert stopped.stdout.strip().endswith("True")
    assert again.stdout.strip().endswith("Trường Số"), again.stderr
    assert (tmp_path / "postgres" / "PG_VERSION").exists()
    assert (tmp_path / "secret_key").exists()
