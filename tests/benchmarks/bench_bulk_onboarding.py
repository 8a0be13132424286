"""Benchmark: onboarding 100 schools from one CSV file, made by real Celery workers.

Run: uv run python tests/benchmarks/bench_bulk_onboarding.py [--schools 100] [--workers 1]

Against DATABASE_URL or the embedded development database, with the folder broker (or
REDIS_URL when set). The CSV is read and every school asked for in one transaction
(`batch_create`), then `--workers` real worker processes (solo pool, as `up` runs one) make
them while the progress is polled as the console's progress bar does. Reported: the time to
read the file, the total time until every school is made, schools per minute; and, measured in
the same run, one school made in-process (`school_provision`) × the number of schools, the
time a single worker could not beat.
Every school the benchmark makes is dropped at the end.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
django.setup()

from django.db import connection  # noqa: E402

from onboarding import provisioning  # noqa: E402
from onboarding import services as onboarding_services  # noqa: E402
from tenants.models import Authority, Domain, School  # noqa: E402

PREFIX = "benchbulk"


def _cleanup() -> None:
    connection.set_schema_to_public()
    for school in School.objects.filter(slug__startswith=PREFIX):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{school.schema_name}" CASCADE')
        Domain.objects.filter(tenant=school).delete()
        School.objects.filter(pk=school.pk).delete()


def _csv(count: int, authority: Authority) -> bytes:
    lines = ["Tên trường,Mã trường,Tên miền,Mã đơn vị quản lý,Quản trị viên,Email quản trị viên"]
    lines += [
        f"THCS Đo Lường {number},BB{number:05d},{PREFIX}{number},{authority.code},"
        f"Nguyễn Văn Quản {number},admin{number}@example.com"
        for number in range(count)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _workers(count: int, log_dir: Path) -> list[subprocess.Popen[bytes]]:
    processes = []
    for number in range(count):
        log = (log_dir / f"worker{number}.log").open("w")
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "-P",
                    "solo",
                    "-n",
                    f"bench{number}@%h",
                    "-l",
                    "warning",
                ],
                cwd=Path(__file__).resolve().parents[2],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return processes


def _one_in_process(number: int, authority: Authority) -> float:
    school = provisioning.school_request(
        name=f"THCS Một {number}",
        code=f"BO{number:05d}",
        slug=f"{PREFIX}one{number}",
        authority=authority,
        admin_name="Quản trị",
        admin_email="admin@example.com",
        actor=None,
        enqueue=False,
    )
    started = time.perf_counter()
    provisioning.school_provision(school_id=school.pk)
    provisioning.admin_invite(school_id=school.pk)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1)
    options = parser.parse_args()
    onboarding_services.platform_migrate(verbosity=0)
    _cleanup()
    authority, _ = Authority.objects.get_or_create(
        code="BENCH", defaults={"name": "Đơn vị đo", "kind": Authority.Kind.WARD}
    )
    log_dir = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    workers = _workers(options.workers, log_dir)
    try:
        singles = [_one_in_process(number, authority) for number in range(5)]
        content = _csv(options.schools, authority)
        time.sleep(5)  # the workers are up (their start is not part of the figure)
        started = time.perf_counter()
        batch = provisioning.batch_create(file_bytes=content, file_name="bench.csv", actor=None)
        asked = time.perf_counter() - started
        last_report = 0.0
        while True:
            progress = provisioning.batch_progress(batch=batch)
            elapsed = time.perf_counter() - started
            if progress["finished"]:
                break
            if elapsed - last_report >= 10:
                print(f"  {elapsed:5.0f} s: {progress['done']}/{progress['total']} made")
                last_report = elapsed
            if elapsed > 60 * 30:
                raise SystemExit(f"not finished after 30 min: {progress}")
            time.sleep(0.5)
        total = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        _cleanup()
    single = statistics.median(singles)
    print(f"CSV of {options.schools} schools read, checked and asked for in {asked:.2f} s")
    print(
        f"{progress['done']} made, {progress['failed']} failed by {options.workers} worker(s) "
        f"in {total:.1f} s = {progress['done'] / total * 60:.0f} schools per minute"
    )
    print(
        f"baseline: one school made in-process p50 {single:.3f} s × {options.schools} = "
        f"{single * options.schools:.1f} s; the batch took "
        f"{total / (single * options.schools):.2f} × that"
    )
    print(f"worker logs: {log_dir}")


if __name__ == "__main__":
    main()
