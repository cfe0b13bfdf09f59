"""Times the key pages, as the right persona, through the whole middleware stack.

Run by bench/run.py in a subprocess whose DATABASE_URL names one generated database:

    python bench/measure.py --repeat 15 --out result.json [--sessions sessions.json]

Each page is requested twice to warm up, then once inside CaptureQueriesContext for its query
count, then `repeat` times for the timings (no query capture, so it costs nothing extra).

Before the report pages, the report snapshots are rebuilt as `run_daily` rebuilds them each
night, and the build's time is recorded. Each report is then timed twice: "report: X" is the
page a user opens (read from the snapshot) and "report: X (live)" is the same page with
`live=1`, computed at request time.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lead.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ["BENCH_URLCONF"] = "1"


def setup():
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def pages(people):
    """(name, kind, persona, method, path, data).

    kind: page, report (served from the snapshot), report-live (live=1), floor or peer.
    """
    from django.urls import reverse

    from reports.registry import REPORTS

    p, cm = people.participant, "case_manager"
    found = people.lookup_target
    lookup = {
        "first_name": found.first_name,
        "last_name": found.last_name,
        "date_of_birth": found.date_of_birth.isoformat(),
    }
    rows = [
        ("participant search", "page", cm, "post", reverse("participants:search"))
        + ({"text": people.search_text},),
        ("participant page", "page", cm, "get", reverse("participants:detail", args=[p.pk]), None),
        ("participant contacts", "page", cm, "get", reverse("casework:contacts", args=[p.pk]))
        + (None,),
        ("case manager dashboard", "page", cm, "get", reverse("home"), None),
        ("supervisor dashboard", "page", "supervisor", "get", reverse("home"), None),
        ("officer's referrals", "page", "officer", "get", reverse("referrals:list"), None),
        ("reviewer queue", "page", "prosecutor", "get", reverse("referrals:queue"), None),
        ("partner lookup", "page", "officer", "post", reverse("coordination:lookup"), lookup),
        ("prosecutor queue", "page", "prosecutor", "get", reverse("coordination:prosecutor_queue"))
        + (None,),
        ("workgroup agenda", "page", "program_manager", "get")
        + (reverse("coordination:meeting_detail", args=[people.meeting.pk]), None),
    ]
    for slug in REPORTS:
        url = reverse("reports:report", args=[slug])
        rows.append((f"report: {slug}", "report", "program_manager", "get", url, None))
        rows.append(
            (f"report: {slug} (live)", "report-live", "program_manager", "get")
            + (f"{url}?live=1", None)
        )
    for persona in ("case_manager", "supervisor", "officer", "prosecutor", "program_manager"):
        rows.append((f"floor ({persona})", "floor", persona, "get", reverse("mfa_manage"), None))
    rows.append(
        ("admin changelist search", "peer", cm, "get", "/bench-admin/participants/participant/")
        + ({"q": people.search_text},)
    )
    return rows


# What a report page must say, so a timing is never of the other source by mistake.
SOURCE_MARK = {"report": "(rebuilt nightly)", "report-live": "Live figures, computed"}


def build_snapshots() -> dict:
    """Rebuild every report snapshot exactly as run_daily does; returns how many and how long."""
    from reports.services.snapshots import report_snapshots_refresh

    summary = report_snapshots_refresh()
    return {"built": summary.built, "seconds": round(summary.seconds, 2)}


def time_page(client, method, path, data, repeat, mark=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = getattr(client, method)
    for _ in range(2):
        response = call(path, data) if data else call(path)
        if response.status_code != 200:
            raise RuntimeError(f"{method.upper()} {path} answered {response.status_code}")
        if mark and mark not in response.content.decode():
            raise RuntimeError(f"{path} does not say {mark!r}: not the source being timed")
    with CaptureQueriesContext(connection) as queries:
        call(path, data) if data else call(path)
    # Read now: the captured list is a slice of a log the next request clears.
    query_count = len(queries.captured_queries)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call(path, data) if data else call(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "queries": query_count,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(p95, 2),
        "runs": repeat,
        # Kept so bench/run.py can pool the rounds it interleaves across the two scales.
        "samples_ms": [round(t, 3) for t in times],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--out", required=True)
    parser.add_argument("--sessions", help="also write a session cookie per persona here")
    parser.add_argument("--only", help="measure only pages whose name contains this")
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.test import Client

    from bench.personas import pick

    people = pick()
    clients = {}
    for role in ("case_manager", "supervisor", "officer", "prosecutor", "program_manager"):
        clients[role] = Client()
        clients[role].force_login(people.by_role(role))
    results = []
    chosen = [p for p in pages(people) if not args.only or args.only in p[0]]
    snapshots = None
    if any(kind == "report" for _, kind, *_ in chosen):
        snapshots = build_snapshots()
        print(
            f"  report snapshots: built {snapshots['built']} in {snapshots['seconds']:.2f} s "
            "(as run_daily does)",
            flush=True,
        )
    for name, kind, persona, method, path, data in chosen:
        measured = time_page(
            clients[persona], method, path, data, args.repeat, SOURCE_MARK.get(kind)
        )
        results.append({"name": name, "kind": kind, "persona": persona, **measured})
        print(
            f"  {name:<35} {persona:<16} {measured['median_ms']:>8.1f} ms median "
            f"{measured['p95_ms']:>8.1f} ms p95 {measured['queries']:>3} queries",
            flush=True,
        )
    Path(args.out).write_text(json.dumps({"pages": results, "snapshots": snapshots}, indent=2))
    if args.sessions:
        # Fresh sessions for the load test, so its users need no passwords.
        cookies = {}
        for role in clients:
            client = Client()
            client.force_login(people.by_role(role))
            cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        targets = {
            "participant": people.participant.pk,
            "meeting": people.meeting.pk,
            "search_text": people.search_text,
            "session_cookie": settings.SESSION_COOKIE_NAME,
        }
        Path(args.sessions).write_text(json.dumps({"cookies": cookies, "targets": targets}))


if __name__ == "__main__":
    main()
