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
    assert "migrate" in web_command and "gunicorn" in web_command
    scheduler_command = str(services["scheduler"]["command"])
    assert "run_daily" in scheduler_command


def test_dockerfile_is_slim_non_root_with_static_files_and_a_healthcheck():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "python:3.12-slim" in dockerfile
    assert "collectstatic" in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert "gunicorn" in dockerfile
    user_lines = [line for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert user_lines and user_lines[-1].split()[1] not in ("root", "0")
