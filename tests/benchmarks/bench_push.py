"""Benchmark: live updates of families' open pages, and the child page in a results spike.

Run: uv run python tests/benchmarks/bench_push.py [--pages 500] [--rounds 10]

Against DATABASE_URL or the embedded development database (demo seeded on first run), on the
demo school THCS Cầu Giấy; everything it writes (sessions, a publication and its
notifications) is removed at the end. Real processes: the push server (uvicorn push.server)
and gunicorn, started here; the load comes from this process (asyncio, tests/benchmarks/
http_load.py). Figures, each with a baseline measured in the same run:

1. Stream connect: PAGES streams of distinct guardians opened CONNECT_CONCURRENCY at a time,
   requests/s and p50/p95 from connect to the server's hello. Baseline: GET /push/healthz on
   the same server, a new connection each, same concurrency.
2. Publish → open page, with PAGES streams open:
   a. fan-out: one committed transaction push_emit()s to all PAGES guardians, ROUNDS times;
      latency from the start of the transaction to the event read on each page.
   b. the real path: a teacher publishes a class's mark sheet (sheet_publish: the sheet, the
      notification rows, NOTIFY, commit); latency to each page of the class's families.
      Then "publish → page shows the mark": with gunicorn running too (same settings as 3),
      each of those pages, on reading its `marks` event, does at once what static/js/live.js
      does, GET /family/<child>/?section=marks with its guardian's session (a new
      connection each); latency from the start of the publish to that response read whole.
   Baseline: the same NOTIFY heard on a bare psycopg LISTEN connection (PostgreSQL alone).
   Target: p95 ≤ 1 s.
3. Results released: GET /family/<child>/ as SPIKE_GUARDIANS different guardians,
   SPIKE_CONCURRENCY at a time, against gunicorn (config.wsgi). Baseline: a plain Django page
   (tests/benchmarks/plain_page.py, same gunicorn settings) replaying with a raw cursor the
   exact SQL each of those requests ran, answering a small response. Target: ≥ 0.8 of its
   requests/s.
"""

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import tenant_context  # noqa: E402

from accounts.models import User  # noqa: E402
from core_school.academics.models import TeachingAssignment  # noqa: E402
from core_school.assessment import services as assessment_services  # noqa: E402
from core_school.assessment.models import MarkSheet  # noqa: E402
from core_school.assessment.selectors import current_term  # noqa: E402
from core_school.notifications.models import Notification  # noqa: E402
from core_school.notifications.services import family_users  # noqa: E402
from core_school.people.access import actor_for_user  # noqa: E402
from core_school.people.models import Guardianship, Pupil  # noqa: E402
from onboarding import demo  # noqa: E402
from onboarding import services as onboarding_services  # noqa: E402
from push.emit import push_emit  # noqa: E402
from push.protocol import CHANNEL  # noqa: E402
from push.server import database_conninfo  # noqa: E402
from push.tokens import push_token  # noqa: E402
from tenants.models import School  # noqa: E402
from tests.benchmarks.http_load import SseClient, Timings, get_load, get_once  # noqa: E402
from tests.processes import free_port  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
PAGES = 500
ROUNDS = 10
PUBLISH_ROUNDS = 5
CONNECT_CONCURRENCY = 50
EVENT_TIMEOUT_S = 10.0
SPIKE_GUARDIANS = 200
SPIKE_REQUESTS = 1200
SPIKE_CONCURRENCY = 16
SPIKE_TURNS = 3
GUNICORN = ["--workers", "2", "--threads", "4", "--worker-class", "gthread"]
TARGET_P95_S = 1.0
TARGET_RATIO = 0.8


@dataclass
class Setup:
    school: School
    host: str
    user_ids: list[int]  # the open pages: one guardian each
    sheet: MarkSheet
    teacher: User
    class_pairs: list[tuple[int, int]]  # (user, pupil) of the sheet's class with a page open


def _env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": settings.DATABASE_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "DATA_DIR": str(settings.DATA_DIR),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": "",
        **extra,
    }


@contextmanager
def _process(name: str, command: list[str], port: int, env: dict[str, str]) -> Iterator[None]:
    """Run `command` until the block ends; wait until it accepts connections on `port`."""
    log_path = Path(tempfile.gettempdir()) / f"bench-push-{name}-{port}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start:\n{log_path.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def _setup(pages: int) -> Setup:
    school = School.objects.get(slug="caugiay")
    host = school.domains.get(is_primary=True).domain
    with tenant_context(school):
        sheet = (
            MarkSheet.objects.filter(term=current_term())
            .select_related("school_class", "subject")
            .order_by("school_class__grade", "school_class__name", "subject__order")
            .first()
        )
        assert sheet is not None
        pupils = list(
            Pupil.objects.filter(
                enrolments__school_class=sheet.school_class, enrolments__ends_on__isnull=True
            ).values_list("pk", flat=True)
        )
        class_users = [user for user, _pupil in family_users(pupils)]
        others = Guardianship.objects.filter(guardian__user__isnull=False).values_list(
            "guardian__user_id", flat=True
        )
        user_ids = list(dict.fromkeys([*class_users, *others]))[:pages]
        assert len(user_ids) == pages, f"the demo has only {len(user_ids)} guardian accounts"
        open_pages = set(user_ids)
        class_pairs = [(u, p) for u, p in family_users(pupils) if u in open_pages]
        teacher = (
            TeachingAssignment.objects.select_related("teacher__user")
            .get(school_class=sheet.school_class, subject=sheet.subject)
            .teacher.user
        )
    connection.set_schema_to_public()
    return Setup(school, host, user_ids, sheet, teacher, class_pairs)


# ---------------------------------------------------------------------------------------------
# 1 and 2: the push server
# ---------------------------------------------------------------------------------------------


class Pages:
    """PAGES open streams and what each has read, by event."""

    def __init__(self) -> None:
        self.clients: list[SseClient] = []
        # marker -> user -> time read (fan-out); round -> (user, pupil) -> time read (publish)
        self.fanout: dict[int, dict[int, float]] = defaultdict(dict)
        self.published: dict[int, dict[tuple[int, int], float]] = defaultdict(dict)
        self.publish_round = -1
        self.changed = asyncio.Event()
        # 2b, what live.js does next: round -> (user, pupil) -> time the section was read
        self.shown: dict[int, dict[tuple[int, int], float]] = defaultdict(dict)
        self.reread_failed: dict[int, int] = defaultdict(int)
        self.reread: Any = None  # (round, user, pupil) -> coroutine re-reading the section
        self.tasks: set[asyncio.Task[None]] = set()

    def listener(self, user_id: int) -> Any:
        def on_event(name: str, data: str, at: float) -> None:
            if name != "message":
                return
            event = json.loads(data)
            if event.get("kind") == "bench":
                self.fanout[event["marker"]].setdefault(user_id, at)
            elif event.get("kind") == "marks" and self.publish_round >= 0:
                pair = (user_id, event["pupil"])
                if pair not in self.published[self.publish_round] and self.reread is not None:
                    task = asyncio.create_task(self.reread(self.publish_round, *pair))
                    self.tasks.add(task)
                    task.add_done_callback(self.tasks.discard)
                self.published[self.publish_round].setdefault(pair, at)
            self.changed.set()

        return on_event

    async def wait(self, done: Any) -> None:
        deadline = time.perf_counter() + EVENT_TIMEOUT_S
        while not done() and time.perf_counter() < deadline:
            self.changed.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), timeout=0.5)


def _emit_fanout(schema: str, user_ids: list[int], marker: int) -> float:
    started = time.perf_counter()
    with tenant_context(School.objects.get(schema_name=schema)), transaction.atomic():
        push_emit(user_ids, {"kind": "bench", "marker": marker})
    connection.set_schema_to_public()
    return started


def _publish(setup: Setup) -> float:
    with tenant_context(setup.school):
        actor = actor_for_user(setup.teacher)
        started = time.perf_counter()
        assessment_services.sheet_publish(sheet=setup.sheet, actor=actor)
    connection.set_schema_to_public()
    return started


async def _bare_listener(url: str, heard: dict[int, float]) -> None:
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        await conn.execute(f"LISTEN {CHANNEL}")
        async for notify in conn.notifies():
            event = json.loads(notify.payload)["e"]
            if event.get("kind") == "bench":
                heard.setdefault(event["marker"], time.perf_counter())


async def push_figures(
    setup: Setup, push_port: int, web_port: int, cookies: dict[int, str], rounds: int
) -> dict[str, Timings]:
    address, web_address = ("127.0.0.1", push_port), ("127.0.0.1", web_port)
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    schema = setup.school.schema_name

    async def health() -> float:
        async with gate:
            status, seconds = await get_once(address, "/push/healthz", "localhost")
            assert status == 200, status
            return seconds

    started = time.perf_counter()
    baseline = Timings(latencies=list(await asyncio.gather(*(health() for _ in setup.user_ids))))
    baseline.wall = time.perf_counter() - started

    pages = Pages()

    async def connect(user_id: int) -> float:
        async with gate:
            client = SseClient(pages.listener(user_id))
            pages.clients.append(client)
            token = push_token(schema, user_id)
            return await client.open(address, f"/push/events?token={token}", "localhost")

    started = time.perf_counter()
    connects = Timings(latencies=list(await asyncio.gather(*(connect(u) for u in setup.user_ids))))
    connects.wall = time.perf_counter() - started

    heard: dict[int, float] = {}
    bare = asyncio.create_task(_bare_listener(database_conninfo(), heard))
    await asyncio.sleep(0.5)
    fanout, notify, missing = Timings(), Timings(), 0
    try:
        for marker in range(1, rounds + 1):
            emitted = await asyncio.to_thread(_emit_fanout, schema, setup.user_ids, marker)
            await pages.wait(lambda marker=marker: len(pages.fanout[marker]) == len(setup.user_ids))
            fanout.latencies += [at - emitted for at in pages.fanout[marker].values()]
            missing += len(setup.user_ids) - len(pages.fanout[marker])
            if marker in heard:
                notify.latencies.append(heard[marker] - emitted)
            await asyncio.sleep(0.2)
    finally:
        bare.cancel()
        await asyncio.gather(bare, return_exceptions=True)
    fanout.errors = missing

    def section(user_id: int, pupil_id: int) -> tuple[str, str, dict[str, str]]:
        return (f"/family/{pupil_id}/?section=marks", setup.host, {"Cookie": cookies[user_id]})

    async def reread(round_number: int, user_id: int, pupil_id: int) -> None:
        if user_id not in cookies:
            return
        status, _seconds = await get_once(web_address, *section(user_id, pupil_id))
        if status == 200:
            pages.shown[round_number][(user_id, pupil_id)] = time.perf_counter()
        else:
            pages.reread_failed[round_number] += 1
        pages.changed.set()

    # The open pages were loaded before: gunicorn's workers are warm, as in production.
    warm_up = [section(u, p) for u, p in setup.class_pairs]
    await get_load(web_address, warm_up, concurrency=SPIKE_CONCURRENCY)
    pages.reread = reread

    published, shown, expected = Timings(), Timings(), set(setup.class_pairs)
    for round_number in range(PUBLISH_ROUNDS):
        pages.publish_round = round_number
        emitted = await asyncio.to_thread(_publish, setup)
        await pages.wait(
            lambda n=round_number: (
                len(pages.published[n]) >= len(expected)
                and len(pages.shown[n]) + pages.reread_failed[n] >= len(expected)
            )
        )
        got = {pair: at for pair, at in pages.published[round_number].items() if pair in expected}
        published.latencies += [at - emitted for at in got.values()]
        published.errors += len(expected) - len(got)
        seen = {pair: at for pair, at in pages.shown[round_number].items() if pair in expected}
        shown.latencies += [at - emitted for at in seen.values()]
        shown.errors += len(expected) - len(seen)
        await asyncio.sleep(0.2)
    pages.publish_round = -1
    pages.reread = None
    for task in list(pages.tasks):
        task.cancel()
    await asyncio.gather(*pages.tasks, return_exceptions=True)

    await asyncio.gather(*(client.close() for client in pages.clients))
    return {
        "healthz": baseline,
        "connect": connects,
        "fanout": fanout,
        "notify": notify,
        "publish": published,
        "shown": shown,
    }


# ---------------------------------------------------------------------------------------------
# 3: the child page in a results-release spike
# ---------------------------------------------------------------------------------------------


@dataclass
class Visitor:
    path: str
    cookie: str
    session_key: str


def _sign_in(setup: Setup, user_ids: set[int]) -> dict[int, Visitor]:
    """A session for each of the guardians `user_ids` (their pages' cookies), by user."""
    signed_in = {}
    with tenant_context(setup.school):
        for user in User.objects.filter(pk__in=user_ids):
            client = Client(HTTP_HOST=setup.host)
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            signed_in[user.pk] = Visitor("", f"{settings.SESSION_COOKIE_NAME}={cookie}", cookie)
    connection.set_schema_to_public()
    return signed_in


def _visitors(setup: Setup, sql_path: Path) -> list[Visitor]:
    """Sign in SPIKE_GUARDIANS guardians (a session each), and capture the SQL their child's
    page runs, for the plain page."""
    visitors, statements = [], []
    with tenant_context(setup.school):
        guardianships = (
            Guardianship.objects.filter(guardian__user_id__in=setup.user_ids)
            .select_related("guardian__user")
            .order_by("guardian__user_id", "pupil_id")
        )
        first_child = {}
        for guardianship in guardianships:
            first_child.setdefault(guardianship.guardian.user, guardianship.pupil_id)
        for user, pupil_id in list(first_child.items())[:SPIKE_GUARDIANS]:
            client = Client(HTTP_HOST=setup.host)
            client.force_login(user)
            path = f"/family/{pupil_id}/"
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            statements.append([query["sql"] for query in queries.captured_queries])
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            visitors.append(Visitor(path, f"{settings.SESSION_COOKIE_NAME}={cookie}", cookie))
    connection.set_schema_to_public()
    sql_path.write_text(json.dumps(statements))
    return visitors


async def page_figures(
    setup: Setup, visitors: list[Visitor], web_port: int, plain_port: int, django_port: int
) -> dict[str, Timings]:
    real_requests = [
        (v.path, setup.host, {"Cookie": v.cookie})
        for _ in range(SPIKE_REQUESTS // len(visitors) + 1)
        for v in visitors
    ][:SPIKE_REQUESTS]
    plain_requests = [
        (f"/plain/{i % len(visitors)}/", "localhost", {}) for i in range(SPIKE_REQUESTS)
    ]
    # What every open page of a class asks for when a sheet is published (static/js/live.js).
    section_requests = [
        (f"{path}?section=marks", host, headers) for path, host, headers in real_requests
    ]
    real_address, plain_address = ("127.0.0.1", web_port), ("127.0.0.1", plain_port)
    django_address = ("127.0.0.1", django_port)
    # warm up all: every worker's connection, templates, code paths
    await get_load(real_address, real_requests[:100], concurrency=SPIKE_CONCURRENCY)
    await get_load(plain_address, plain_requests[:100], concurrency=SPIKE_CONCURRENCY)
    await get_load(django_address, real_requests[:100], concurrency=SPIKE_CONCURRENCY)
    results = {"page": Timings(), "plain": Timings(), "section": Timings(), "django": Timings()}
    share = SPIKE_REQUESTS // SPIKE_TURNS
    # in turns, so that both see the same machine load
    for turn in range(SPIKE_TURNS):
        chunk = slice(turn * share, (turn + 1) * share)
        for name, address, requests in [
            ("page", real_address, real_requests),
            ("plain", plain_address, plain_requests),
            ("section", real_address, section_requests),
            ("django", django_address, real_requests),
        ]:
            timings = await get_load(address, requests[chunk], concurrency=SPIKE_CONCURRENCY)
            results[name].latencies += timings.latencies
            results[name].wall += timings.wall
            results[name].errors += timings.errors
    return results


# ---------------------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _restore(setup: Setup, started: Any, published_at: Any, published_by_id: Any) -> None:
    with tenant_context(setup.school):
        MarkSheet.objects.filter(pk=setup.sheet.pk).update(
            published_at=published_at, published_by_id=published_by_id
        )
        Notification.objects.filter(created_at__gte=started, kind="marks").delete()
    connection.set_schema_to_public()


def _sign_out(setup: Setup, visitors: list[Visitor]) -> None:
    from django.contrib.sessions.models import Session

    with tenant_context(setup.school):
        Session.objects.filter(session_key__in=[v.session_key for v in visitors]).delete()
    connection.set_schema_to_public()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=PAGES, help="open pages (streams)")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="fan-out events")
    parser.add_argument(
        "--pages-only", action="store_true", help="only part 3 (the results-release spike)"
    )
    options = parser.parse_args()

    # The page's stylesheet and scripts must be in the static manifest (production storage).
    call_command("collectstatic", interactive=False, verbosity=0)
    onboarding_services.platform_migrate()
    if not demo.demo_is_seeded():
        demo.demo_seed()
    setup = _setup(options.pages)
    started = timezone.now()
    original = (setup.sheet.published_at, setup.sheet.published_by_id)
    push_port, web_port, plain_port = free_port(), free_port(), free_port()
    uvicorn = [sys.executable, "-m", "uvicorn", "push.server:app", "--port", str(push_port)]
    gunicorn = [sys.executable, "-m", "gunicorn", *GUNICORN, "--bind"]
    if not options.pages_only:
        class_pages = _sign_in(setup, {user for user, _pupil in setup.class_pairs})
        cookies = {user: visitor.cookie for user, visitor in class_pages.items()}
        try:
            with (
                _process("push", [*uvicorn, "--no-access-log"], push_port, _env()),
                _process(
                    "web", [*gunicorn, f"127.0.0.1:{web_port}", "config.wsgi"], web_port, _env()
                ),
            ):
                push = asyncio.run(
                    push_figures(setup, push_port, web_port, cookies, options.rounds)
                )
        finally:
            _restore(setup, started, *original)
            _sign_out(setup, list(class_pages.values()))
        print(f"machine: {os.cpu_count()} CPUs; school {setup.school.name}")
        _report_push(setup, push, options)

    with tempfile.TemporaryDirectory() as tmp:
        sql_path = Path(tmp) / "statements.json"
        visitors = _visitors(setup, sql_path)
        web = [*gunicorn, f"127.0.0.1:{web_port}", "config.wsgi"]
        plain = [*gunicorn, f"127.0.0.1:{plain_port}", "tests.benchmarks.plain_page:application"]
        django_port = free_port()
        one_school = [*gunicorn, f"127.0.0.1:{django_port}", "config.wsgi"]
        one_school_env = _env(DJANGO_SETTINGS_MODULE="tests.benchmarks.plain_django_settings")
        try:
            with (
                _process("web", web, web_port, _env()),
                _process("plain", plain, plain_port, _env(PLAIN_PAGE_SQL=str(sql_path))),
                _process("one-school", one_school, django_port, one_school_env),
            ):
                pages = asyncio.run(
                    page_figures(setup, visitors, web_port, plain_port, django_port)
                )
        finally:
            _sign_out(setup, visitors)
        statements = len(json.loads(sql_path.read_text())[0])
    _report_pages(pages, statements)


def _report_push(setup: Setup, push: dict[str, Timings], options: argparse.Namespace) -> None:
    connect, healthz = push["connect"], push["healthz"]
    print(f"\n1. stream connect ({options.pages} streams, {CONNECT_CONCURRENCY} at a time)")
    print(
        f"   baseline GET /push/healthz: {healthz.rate:8.0f} req/s  p50 {_ms(healthz.p50)}"
        f"  p95 {_ms(healthz.p95)}"
    )
    print(
        f"   stream connect → hello:     {connect.rate:8.0f} req/s  p50 {_ms(connect.p50)}"
        f"  p95 {_ms(connect.p95)}  = {connect.rate / healthz.rate:4.2f} x baseline req/s"
    )
    fanout, notify, published = push["fanout"], push["notify"], push["publish"]
    print(f"\n2. publish → open page ({options.pages} streams open)")
    print(f"   baseline NOTIFY on a bare LISTEN connection: p50 {_ms(notify.p50)}")
    print(
        f"   a. fan-out to all {options.pages} pages × {options.rounds}: p50 {_ms(fanout.p50)}"
        f"  p95 {_ms(fanout.p95)}  max {_ms(max(fanout.latencies, default=0))}"
        f"  ({len(fanout.latencies)} received, {fanout.errors} missed)"
        f"  p50 = {fanout.p50 / notify.p50:5.1f} x baseline"
    )
    print(
        f"   b. sheet_publish, {len(setup.class_pairs)} family pages of class "
        f"{setup.sheet.school_class.name} × {PUBLISH_ROUNDS}: p50 {_ms(published.p50)}"
        f"  p95 {_ms(published.p95)}  max {_ms(max(published.latencies, default=0))}"
        f"  ({published.errors} missed)"
    )
    shown = push["shown"]
    print(
        f"   publish → page shows the mark (event, then GET ?section=marks with the guardian's"
        f" session; gunicorn {' '.join(GUNICORN)}):\n"
        f"      {len(shown.latencies)} pages shown: p50 {_ms(shown.p50)}  p95 {_ms(shown.p95)}"
        f"  max {_ms(max(shown.latencies, default=0))}  (errors: {shown.errors})"
    )
    worst = max(fanout.p95, published.p95, shown.p95)
    all_received = not (fanout.errors or published.errors or shown.errors)
    verdict = "met" if worst <= TARGET_P95_S and all_received else "NOT met"
    print(f"   target p95 ≤ {TARGET_P95_S:.0f} s: {verdict}")


def _report_pages(pages: dict[str, Timings], statements: int) -> None:
    page, plain = pages["page"], pages["plain"]
    print(
        f"\n3. results released: /family/<child>/ as {SPIKE_GUARDIANS} guardians, "
        f"{SPIKE_CONCURRENCY} at a time, gunicorn {' '.join(GUNICORN)}"
    )
    print(
        f"   baseline plain Django page, same SQL ({statements} statements), raw cursor:"
        f" {plain.rate:7.1f} req/s  p50 {_ms(plain.p50)}  p95 {_ms(plain.p95)}"
    )
    print(
        f"   child overview page: {page.rate:7.1f} req/s  p50 {_ms(page.p50)}  p95 {_ms(page.p95)}"
        f"  = {page.rate / plain.rate:4.2f} x baseline req/s  (errors: {page.errors})"
    )
    ratio_verdict = "met" if page.rate / plain.rate >= TARGET_RATIO else "NOT met"
    print(f"   target ≥ {TARGET_RATIO} x baseline: {ratio_verdict}")
    django = pages["django"]
    print(
        "   second baseline, the same page (view, ORM queries, template) as a plain single-school"
        " Django site (tests/benchmarks/plain_django_settings.py):"
        f" {django.rate:7.1f} req/s  p50 {_ms(django.p50)}  p95 {_ms(django.p95)}"
        f"  (errors: {django.errors})"
    )
    verdict = "met" if page.rate / django.rate >= TARGET_RATIO else "NOT met"
    print(
        f"   child overview page = {page.rate / django.rate:4.2f} x that baseline req/s:"
        f" target ≥ {TARGET_RATIO}: {verdict}"
    )
    section = pages["section"]
    print(
        f"   marks section alone (?section=marks, what an open page re-reads on a push):"
        f" {section.rate:7.1f} req/s  p50 {_ms(section.p50)}  p95 {_ms(section.p95)}"
        f"  = {section.rate / page.rate:4.2f} x the whole page  (errors: {section.errors})"
    )


if __name__ == "__main__":
    main()
