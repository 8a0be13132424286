"""Benchmark: cold and warm start of the README's run command (`manage.py up`).

Run: uv run python tests/benchmarks/bench_startup.py

Cold: a fresh data folder (initdb, migrations, demo seed, collectstatic, processes).
Warm: the same folder again (data reused). Both are timed until the demo school answers 200
and the worker says it is ready. Baseline, measured in the same run: `manage.py check` (a bare
Django start on the same machine), so the figures read as "so many Django starts".
"""

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.processes import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return {**env, "DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings"}


def _answers(port: int) -> bool:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/", headers={"Host": f"caugiay.localhost:{port}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


def start_once(data_dir: Path) -> float:
    port = free_port()
    log_path = data_dir.parent / f"up-{time.monotonic_ns()}.log"
    started = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "up", "--port", str(port)],
            cwd=REPO_ROOT,
            env=_env(data_dir),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        while not (_answers(port) and "ready." in log_path.read_text()):
            if process.poll() is not None:
                raise RuntimeError(log_path.read_text())
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)


def django_check(data_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO_ROOT,
        env=_env(data_dir),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        cold = start_once(data_dir)
        warm = [start_once(data_dir) for _ in range(3)]
        baseline = statistics.median(django_check(data_dir) for _ in range(3))
    warm_median = statistics.median(warm)
    print(f"baseline (manage.py check):  {baseline:6.2f} s")
    print(f"cold start (fresh data):     {cold:6.2f} s  = {cold / baseline:5.1f} x baseline")
    ratio = warm_median / baseline
    print(f"warm start (median of 3):    {warm_median:6.2f} s  = {ratio:5.1f} x baseline")


if __name__ == "__main__":
    main()
