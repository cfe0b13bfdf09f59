"""Where a page's time goes: its queries, slowest first, with EXPLAIN ANALYZE of the slowest.

DATABASE_URL=.../lead_bench_large python bench/explain.py "report: cost" [--top 3]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import measure  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page", help="a page name as bench/measure.py prints it")
    parser.add_argument("--top", type=int, default=2, help="how many queries to EXPLAIN")
    args = parser.parse_args()
    measure.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.personas import pick

    people = pick()
    row = next(r for r in measure.pages(people) if r[0] == args.page)
    _, _, persona, method, path, data = row
    client = Client()
    client.force_login(people.by_role(persona))
    call = getattr(client, method)
    call(path, data) if data else call(path)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        call(path, data) if data else call(path)
        queries = list(captured.captured_queries)
    total = (time.perf_counter() - started) * 1000
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    print(f"{args.page}: {total:.1f} ms, {len(queries)} queries, {sql_ms:.1f} ms in SQL")
    ranked = sorted(queries, key=lambda q: -float(q["time"]))
    for q in ranked:
        print(f"  {float(q['time']) * 1000:8.1f} ms  {q['sql'][:150]}")
    with connection.cursor() as cursor:
        for q in ranked[: args.top]:
            if not q["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            print("\n" + q["sql"][:2000])
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            print("\n".join(line for (line,) in cursor.fetchall()))


if __name__ == "__main__":
    main()
