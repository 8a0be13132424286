"""Liveness of one Celery worker: exit 0 = alive, 1 = restart it.

Used by the Kubernetes exec liveness probe (k8s/worker.yaml) and the compose healthcheck.

Primary signal: CELERY_WORKER_STATE_FILE. After every task the worker (config/celery_app.py,
`back_to_public`) writes {"task_id", "task", "finished_at", "schema_after"} to that file.

* If the file was written within WORKER_LIVENESS_MAX_AGE seconds (default 900 = three periods
  of the 5-minute `schools-heartbeat` fan-out), the worker is finishing tasks: alive. This costs
  one stat() and no broker round trip, so a Redis blip does not restart every worker at once.
* If the last task left the connection on any schema other than `public`, the worker breaks the
  tenancy invariant: restart it, whatever its age.
* If the file is older or missing, the worker may simply be idle (a new pod, a quiet cell, beat
  down). Only then is the worker asked directly: `celery inspect ping` to this node alone. A
  worker whose main process or broker connection is dead does not answer and is restarted.

Hung tasks are not this probe's business: the hard time limit (CELERY_TASK_TIME_LIMIT, 10 min)
kills them inside the worker.

The file may be caught half-written by another pool process; it is then judged by its age only.
"""

import json
import os
import socket
import subprocess
import sys
import time

MAX_AGE = float(os.environ.get("WORKER_LIVENESS_MAX_AGE", "900"))
PING_TIMEOUT = float(os.environ.get("WORKER_LIVENESS_PING_TIMEOUT", "10"))


def ping_this_worker() -> int:
    # Celery's default node name is celery@<hostname> (the pod name in Kubernetes).
    node = f"celery@{socket.gethostname()}"
    command = [
        "celery",
        "-A",
        "config",
        "inspect",
        "ping",
        "--destination",
        node,
        "--timeout",
        str(PING_TIMEOUT),
    ]
    try:
        result = subprocess.run(  # noqa: S603 - our own fixed command
            command, cwd="/app", capture_output=True, text=True, timeout=PING_TIMEOUT + 20
        )
    except subprocess.TimeoutExpired:
        sys.stderr.write(f"{node}: celery inspect ping timed out\n")
        return 1
    if result.returncode != 0:
        sys.stderr.write(
            f"{node}: no reply to ping: {result.stdout.strip()} {result.stderr.strip()}\n"
        )
        return 1
    return 0


def main() -> int:
    path = os.environ.get("CELERY_WORKER_STATE_FILE", "")
    if not path:
        sys.stderr.write("CELERY_WORKER_STATE_FILE is not set\n")
        return 1

    age: float | None
    try:
        age = time.time() - os.stat(path).st_mtime
        with open(path, encoding="utf-8") as state_file:
            raw = state_file.read()
    except FileNotFoundError:
        age, raw = None, ""

    try:
        state = json.loads(raw) if raw else {}
    except ValueError:
        state = {}

    schema_after = state.get("schema_after")
    if schema_after not in (None, "public"):
        sys.stderr.write(
            f"task {state.get('task')} ({state.get('task_id')}) left the worker on schema "
            f"{schema_after!r}, expected 'public'\n"
        )
        return 1

    if age is not None and age <= MAX_AGE:
        return 0
    return ping_this_worker()


if __name__ == "__main__":
    sys.exit(main())
