"""Start the whole platform: database, migrations, demo data, web, worker and scheduler."""

import os
import shlex
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from honcho.manager import Manager

from config import embedded_db
from core_school.demo_data import DEMO_PASSWORD, DemoLogins
from onboarding import demo, services


def _static_is_current() -> bool:
    """True when the collected static files are newer than every source file (warm start)."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    collected_at = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if Path(storage.path(path)).stat().st_mtime > collected_at:
                return False
    return True


class Command(BaseCommand):
    help = (
        "Start Trường Số with demo data: the embedded database (unless DATABASE_URL is set), "
        "migrations, the demo on first start, then web, push (live updates), worker and "
        "scheduler. Ctrl-C stops all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Web port (default 8000).")
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--web-workers", type=int, default=2, help="Gunicorn workers.")
        parser.add_argument(
            "--push-port",
            type=int,
            default=None,
            help="Port of the push server (live updates of open pages; default: web port + 1).",
        )
        parser.add_argument(
            "--no-demo", action="store_true", help="Do not seed the demo on first start."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        services.platform_migrate(verbosity=0)
        if not options["no_demo"] and not demo.demo_is_seeded():
            self.stdout.write("First start: seeding the demo schools (a few seconds)…")
            demo.demo_seed()
        if not _static_is_current():
            call_command("collectstatic", interactive=False, verbosity=0)
        push_port = options["push_port"] or options["port"] + 1
        self.stdout.write(self._banner(options["port"], time.monotonic() - started, push_port))

        # Links in notifications (e-mail, Zalo, SMS, web push) carry this port.
        os.environ.setdefault("PUBLIC_PORT", str(options["port"]))
        # Pages open their live updates on the push server's port of their own host.
        os.environ.setdefault("PUSH_URL", f"//{{host}}:{push_port}/push/events")
        python = shlex.quote(sys.executable)
        manager = Manager()
        manager.add_process(
            "web",
            f"{python} -m gunicorn config.wsgi --bind {options['host']}:{options['port']} "
            f"--workers {options['web_workers']} --threads 4 --worker-class gthread "
            "--access-logfile - --graceful-timeout 5",
        )
        manager.add_process(
            "push",
            f"{python} -m uvicorn push.server:app --host {options['host']} --port {push_port} "
            # The stream URL carries its token: keep it out of the logs.
            "--no-access-log",
        )
        # NOTE: the solo pool has no child processes, so Ctrl-C is a clean warm shutdown; production
        # workers use the prefork pool (deploy/).
        manager.add_process("worker", f"{python} -m celery -A config worker -l info -P solo")
        manager.add_process("scheduler", f"{python} -m celery -A config beat -l info")
        try:
            manager.loop()
        finally:
            if settings.EMBEDDED_DATABASE and embedded_db.server_stop(settings.DATA_DIR):
                self.stdout.write("Embedded PostgreSQL stopped.")
        sys.exit(manager.returncode)

    def _banner(self, port: int, seconds: float, push_port: int) -> str:
        domain = settings.PLATFORM_DOMAIN
        logins = DemoLogins()
        school_logins = ", ".join(
            [
                logins.principal,
                logins.school_admin,
                logins.homeroom_teacher,
                logins.subject_teacher,
                logins.parent,
                logins.pupil,
            ]
        )
        rows = [
            ("operators' site", f"http://{domain}:{port}/", "so.hanoi, phuong.caugiay, dh.giamsat"),
            *(
                (school.name, f"http://{school.slug}.{domain}:{port}/", school_logins)
                for school in demo.DEMO_SCHOOLS
            ),
        ]
        push_health = f"http://{domain}:{push_port}/push/healthz"
        lines = [
            "",
            f"Trường Số is ready in {seconds:.1f} s. Ctrl-C stops everything.",
            "",
            *(f"  {name:<16} {url:<34} {who}" for name, url, who in rows),
            f"  {'live updates':<16} {push_health:<34} push server of the open pages",
            "",
            f"  Every demo password: {DEMO_PASSWORD}",
            "  Operators set up an authenticator app (two-factor) at their first sign-in.",
            "",
        ]
        return "\n".join(lines)
