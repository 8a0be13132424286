"""Helpers for tests that start real processes (worker, web server, `up`) on this machine."""

import socket
from urllib.parse import quote

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
