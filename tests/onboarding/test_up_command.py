"""The README's run command: `manage.py up` on a fresh data folder, then Ctrl-C."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.processes import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _get(port: int, host: str) -> tuple[int, str]:
    # The first request of a fresh worker imports both URL confs: seconds on a loaded machine.
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _push_health(port: int) -> object:
    """The push server's health once it listens to the database (it starts beside the web)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            url = f"http://127.0.0.1:{port}/push/healthz"
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.load(response)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_up_starts_everything_with_demo_data_and_stops_cleanly(tmp_path: Path) -> None:
    # given: no DATABASE_URL, an empty data folder
    port, push_port = free_port(), free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    log_path = tmp_path / "up.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "up",
                "--port",
                str(port),
                "--push-port",
                str(push_port),
                "--web-workers",
                "1",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        # when
        # The first start migrates and seeds the demo (two schools and the generated ones).
        deadline = time.monotonic() + 300
        while "ready." not in log_path.read_text() or "beat: Starting" not in log_path.read_text():
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.5)
        school = _get(port, f"caugiay.localhost:{port}")
        second = _get(port, f"nghiatan.localhost:{port}")
        generated = [_get(port, f"mau{i:02d}.localhost:{port}") for i in (1, 4)]
        operators = _get(port, f"localhost:{port}")
        unknown = _get(port, f"khongco.localhost:{port}")
        push = _push_health(push_port)
        process.send_signal(signal.SIGINT)
        returncode = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    output = log_path.read_text()
    # then
    assert school[0] == 200
    assert "THCS Cầu Giấy" in school[1]
    assert "THCS Nghĩa Tân" in second[1]
    assert "THCS Mẫu 01" in generated[0][1]
    assert "THCS Mẫu 04" in generated[1][1]
    assert operators[0] == 200
    assert unknown[0] == 404
    assert push == {"listening": True, "streams": 0}
    assert "hieutruong" in output
    assert "Demo@2026" in output
    assert returncode in (0, 130)
    assert "Embedded PostgreSQL stopped." in output
    assert not (tmp_path / "postgres" / "postmaster.pid").exists()
