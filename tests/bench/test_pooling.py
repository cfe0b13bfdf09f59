"""The benchmark pools its interleaved rounds and marks each target from the pooled figures."""

from bench.report import evaluate
from bench.run import pool


def _page(name, queries, samples, kind="page", persona="case_manager"):
    return {
        "name": name,
        "kind": kind,
        "persona": persona,
        "queries": queries,
        "median_ms": sorted(samples)[len(samples) // 2],
        "p95_ms": max(samples),
        "runs": len(samples),
        "samples_ms": samples,
    }


def test_rounds_pool_every_sample_and_keep_the_worst_query_count():
    rounds = [
        {"pages": [_page("search", 9, [10.0, 11.0, 12.0])], "snapshots": None},
        {"pages": [_page("search", 10, [30.0, 31.0, 32.0])], "snapshots": None},
        {"pages": [_page("search", 9, [20.0, 21.0, 22.0])], "snapshots": None},
    ]
    (page,) = pool(rounds)["pages"]
    assert page["runs"] == 9
    assert page["median_ms"] == 21.0
    assert page["p95_ms"] == 32.0
    # A count that differs between rounds is shown at its worst, so the target can catch it.
    assert page["queries"] == 10
    assert "samples_ms" not in page


def test_snapshot_build_time_is_the_median_round():
    rounds = [{"pages": [], "snapshots": {"built": 12, "seconds": s}} for s in (1.0, 3.0, 2.0)]
    assert pool(rounds)["snapshots"] == {"built": 12, "seconds": 2.0}


def _result(small_ms, large_ms, large_queries=9):
    def scale(ms, queries):
        return {
            "pages": [
                _page("participant search", queries, [ms]),
                _page("floor (case_manager)", 7, [8.0], kind="floor"),
                _page("admin changelist search", 10, [40.0], kind="peer"),
            ]
        }

    return {
        "measured": {"small": scale(small_ms, 9), "large": scale(large_ms, large_queries)},
        "load": {"errors": 0, "timeouts": 0, "requests": 10},
    }


def _marks(result, target_start):
    return [t["pass"] for t in evaluate(result) if t["target"].startswith(target_start)]


def test_a_page_that_grows_past_one_and_a_half_times_fails():
    assert _marks(_result(20.0, 30.0), "large median") == [True]
    assert _marks(_result(20.0, 31.0), "large median") == [False]


def test_a_query_count_that_differs_between_scales_fails():
    assert _marks(_result(20.0, 20.0, large_queries=10), "queries") == [False]
