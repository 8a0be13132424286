"""The push server runs without Django's ORM, apps or tenant machinery (DESIGN.md: WSGI serves
tenant traffic; the push endpoint touches no ORM)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# Starts the push server (or a Python process) for real.
pytestmark = pytest.mark.slow
REPO_ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
import push.server
from django.apps import apps
from push.tokens import push_token
# what the server does at start and for each stream: settings, the database URL, a token, CORS
push.server.database_conninfo()
push.server.push_token_claims(push_token("school_a", 1))
push.server.allowed_origin("http://a.localhost")
print(json.dumps({
    "apps_ready": apps.ready,
    "loaded": sorted(
        m for m in sys.modules
        if m.startswith(("django.db.models", "django_tenants", "tenants", "core_school"))
    ),
}))
"""


def test_push_server_imports_no_orm_and_no_tenancy() -> None:
    # given
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "SECRET_KEY": settings.SECRET_KEY,
    }
    # when
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO_ROOT, env=env, capture_output=True, check=True
    )
    found = json.loads(result.stdout)
    # then
    assert found == {"apps_ready": False, "loaded": []}
