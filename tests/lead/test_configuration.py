"""Production settings refuse bad configuration with one clear line, never a traceback."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import environ
import pytest

from lead import database

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = secrets.token_urlsafe(60)


def run_production(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # A production process starts from a clean slate: no test-only switches such as
    # DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set for their own process.
    dropped = ("SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env |= {"DJANGO_SETTINGS_MODULE": "lead.settings.production", **env_overrides}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DATABASE_URL": "postgres://u@localhost/x"}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "short", "DATABASE_URL": "postgres://u@localhost/x"}, "too weak"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 50, "DATABASE_URL": "postgres://u@h/x"}, "weak"),
        ({"SECRET_KEY": STRONG_KEY}, "DATABASE_URL is not set"),
        ({"SECRET_KEY": STRONG_KEY, "DATABASE_URL": "sqlite:///x.db"}, "must point to PostgreSQL"),
    ],
)
def test_production_refuses_to_start_with_one_clear_line(overrides, message):
    result = run_production(overrides, "check")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_production_deploy_check_reports_nothing():
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused")
    result = run_production(
        {"SECRET_KEY": STRONG_KEY, "DATABASE_URL": database_url, "ALLOWED_HOSTS": "lead.example"},
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_set_database_url_is_used_and_nothing_is_started(monkeypatch, tmp_path):
    def must_not_start(pgdata):
        raise AssertionError("the embedded server must not start when DATABASE_URL is set")

    monkeypatch.setattr(database, "embedded_database_config", must_not_start)
    env = environ.Env()
    monkeypatch.setenv("DATABASE_URL", "postgres://alice:pw@db.internal:5433/leaddb")
    config = database.database_config(env, tmp_path)
    assert config["NAME"] == "leaddb"
    assert config["HOST"] == "db.internal"
    assert config["PORT"] == 5433


def test_without_database_url_the_embedded_server_is_used(monkeypatch, tmp_path):
    started = []
    monkeypatch.setattr(database, "embedded_database_config", lambda pgdata: started.append(pgdata))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("LEAD_PGDATA", raising=False)
    database.database_config(environ.Env(), tmp_path)
    assert started == [tmp_path / ".local" / "pgdata"]


def test_dead_processes_are_dropped_from_the_embedded_servers_users(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(finished.stdout)
    handles = tmp_path / ".handle_pids.json"
    handles.write_text(json.dumps([os.getpid(), dead_pid]))
    database.forget_dead_handles(tmp_path)
    assert json.loads(handles.read_text()) == [os.getpid()]
