"""The Docker engine cannot run here, so the production files are checked by reading them."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_runs_db_web_and_scheduler():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "web", "scheduler"}
    assert services["db"]["image"].startswith("postgres:17")
    volume = services["db"]["volumes"][0].split(":")[0]
    assert volume in compose["volumes"], "the database keeps its data in a named volume"
    web_command = (
        " ".join(services["web"]["command"])
        if isinstance(services["web"]["command"], list)
        else services["web"]["command"]
    )
    assert "setup_database" in web_command and "gunicorn" in web_command
    scheduler_command = str(services["scheduler"]["command"])
    assert "run_daily" in scheduler_command


def test_compose_runs_the_app_as_a_role_that_owns_nothing():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    db_env = services["db"]["environment"]
    owner = db_env["POSTGRES_USER"]
    assert db_env["APP_DB_PASSWORD"] == "${APP_DB_PASSWORD:?set APP_DB_PASSWORD}"
    # The init script creates lead_app when the data volume is first created.
    mounts = dict(volume.split(":")[:2] for volume in services["db"]["volumes"])
    init_dir = mounts.get("./docker/db-init")
    assert init_dir == "/docker-entrypoint-initdb.d"
    init_script = (ROOT / "docker" / "db-init" / "10-app-role.sh").read_text()
    assert "CREATE ROLE lead_app LOGIN NOSUPERUSER" in init_script
    assert "PASSWORD :'app_password'" in init_script and "ON_ERROR_STOP=1" in init_script
    assert (ROOT / "docker" / "db-init" / "10-app-role.sh").stat().st_mode & 0o111
    for name in ("web", "scheduler"):
        url = services[name]["environment"]["DATABASE_URL"]
        assert url.startswith("postgres://lead_app:${APP_DB_PASSWORD:?"), name
        assert f"//{owner}:" not in url
    # Only web migrates, as the owner, and drops the owner's URL before it serves.
    web_env = services["web"]["environment"]
    assert web_env["MIGRATION_DATABASE_URL"].startswith(f"postgres://{owner}:${{POSTGRES_PASSWORD")
    assert "MIGRATION_DATABASE_URL" not in services["scheduler"]["environment"]
    web_command = services["web"]["command"][-1]
    setup, unset, serve = web_command.split(" && ")
    assert setup == "python manage.py setup_database"
    assert unset == "unset MIGRATION_DATABASE_URL"
    assert serve.startswith("exec gunicorn")


def test_env_example_documents_both_database_roles():
    example = (ROOT / ".env.example").read_text()
    assert "APP_DB_PASSWORD=" in example
    assert "MIGRATION_DATABASE_URL" in example


def test_dockerfile_is_slim_non_root_with_static_files_and_a_healthcheck():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "python:3.12-slim" in dockerfile
    assert "collectstatic" in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert "gunicorn" in dockerfile
    user_lines = [line for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert user_lines and user_lines[-1].split()[1] not in ("root", "0")
