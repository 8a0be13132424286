"""Benchmark-only: a plain Django page that runs the same SQL as a real page, for a baseline.

Served by gunicorn (`tests.benchmarks.plain_page:application`) beside the real site by
bench_push.py: plain Django (no django-tenants, no sessions, no ORM, no template), whose one
view replays with a raw cursor the exact statements that the real page ran for request
number <index> (search_path switches, the session and user lookups and every read included),
captured beforehand in the JSON file PLAIN_PAGE_SQL, and answers a small response. Never part
of the product's URL confs.
"""

import json
import os
from pathlib import Path
from typing import Any

import environ
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path


def _database(url: str) -> dict[str, Any]:
    config = environ.Env.db_url_config(url)
    options = config.setdefault("OPTIONS", {})
    if "host" in options:
        config["HOST"] = options.pop("host")
    if "port" in options:
        config["PORT"] = str(options.pop("port"))
    config["ENGINE"] = "django.db.backends.postgresql"
    config["CONN_MAX_AGE"] = 60
    return config


_statements: list[list[str]] = []


def page(request: HttpRequest, index: int) -> HttpResponse:
    """Run the statements of request `index` and answer how many rows they read."""
    rows = 0
    with connection.cursor() as cursor:
        for sql in _statements[index % len(_statements)]:
            cursor.execute(sql)
            if cursor.description is not None:
                rows += len(cursor.fetchall())
    return HttpResponse(f"{rows} rows", content_type="text/plain")


urlpatterns = [path("plain/<int:index>/", page)]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("SECRET_KEY", "plain-page-benchmark-only"),
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        DATABASES={"default": _database(os.environ["DATABASE_URL"])},
        INSTALLED_APPS=[],
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.common.CommonMiddleware",
        ],
        USE_TZ=True,
    )
application = get_wsgi_application()
if os.environ.get("PLAIN_PAGE_SQL"):
    _statements.extend(json.loads(Path(os.environ["PLAIN_PAGE_SQL"]).read_text()))
