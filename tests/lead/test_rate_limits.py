"""Per-person limits on search, the partner lookup and CSV exports (lead.ratelimits), and the
PostgreSQL counter cache that keeps count (lead.ratelimit_cache)."""

import logging
import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pgtrigger
import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_ratelimit.checks import check_caches

from lead.models import AuditEvent, AuditOutcome, RateLimitCounter
from lead.ratelimits import check_rate_settings, describe, wait_text

SEARCH = reverse("participants:search")
LOOKUP = reverse("coordination:lookup")
REFUSED = "Please wait a moment"
WHY = "protects participants' records from being copied in bulk"
# A search term that must never reach the audit trail or a log record.
SENTINEL = "Zorvex Quillfeather"
START = datetime(2026, 6, 1, 17, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    """Each person's windows start at their own offset (django-ratelimit), so time stands
    still unless a test moves it: a window cannot end halfway through a test."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def search(client, text="Pat Example", *, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(SEARCH, {"text": text}, headers=headers)


def look_up(client):
    data = {"first_name": "Pat", "last_name": "Example", "date_of_birth": "1980-05-17"}
    return client.post(LOOKUP, data, headers={"HX-Request": "true"})


def retry_after(response) -> int:
    return int(response["Retry-After"])


def test_61st_search_in_a_minute_is_refused_with_the_429_page(personas, client_for):
    """The shipped default (60 a minute) is what the test settings use, too."""
    assert settings.RATE_LIMIT_SEARCH == "60/m"
    client = client_for("case_manager_a")
    answers = [search(client).status_code for _ in range(60)]
    refused = search(client)
    assert answers == [200] * 60
    assert refused.status_code == 429
    assert [t.name for t in refused.templates][0] == "429.html"
    page = refused.content.decode()
    assert REFUSED in page and WHY in page
    assert "60 a minute" in page
    assert 1 <= retry_after(refused) <= 61
    assert f"try again in <strong>{wait_text(retry_after(refused))}</strong>" in page
    assert "no-store" in refused["Cache-Control"]


def test_429_page_suits_the_strict_csp_and_echoes_nothing(personas, client_for, settings):
    settings.RATE_LIMIT_SEARCH = "1/m"
    client = client_for("case_manager_a")
    search(client)
    refused = search(client, text="<script>alert(1)</script> Quillfeather")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Quillfeather" not in page and "alert(1)" not in page
    assert "default-src 'self'" in refused["Content-Security-Policy"]
    assert " style=" not in page and "<style" not in page
    # Every script is a file; none is inline.
    assert page.count("<script") == page.count("<script src=")
    assert 'name="viewport"' in page


def test_another_case_manager_is_not_affected(personas, client_for, settings):
    settings.RATE_LIMIT_SEARCH = "2/m"
    first, second = client_for("case_manager_a"), client_for("case_manager_b")
    assert [search(first).status_code for _ in range(3)] == [200, 200, 429]
    assert search(second).status_code == 200


def test_opening_the_search_form_does_not_count(personas, client_for, settings):
    settings.RATE_LIMIT_SEARCH = "1/m"
    client = client_for("case_manager_a")
    for _ in range(5):
        assert client.get(SEARCH).status_code == 200
    assert search(client).status_code == 200


def test_posts_refused_for_a_missing_csrf_token_do_not_count(personas, settings):
    settings.RATE_LIMIT_LOOKUP = "1/m"
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer)
    data = {"first_name": "Pat", "last_name": "Example", "date_of_birth": "1980-05-17"}
    assert [client.post(LOOKUP, data).status_code for _ in range(3)] == [403, 403, 403]
    assert not RateLimitCounter.objects.exists()


def test_officer_cannot_search_and_gets_403_not_429(personas, client_for, settings):
    """The role check comes first, so refused requests never reach the counter."""
    settings.RATE_LIMIT_SEARCH = "1/m"
    client = client_for("officer")
    assert [search(client).status_code for _ in range(3)] == [403, 403, 403]
    assert not RateLimitCounter.objects.exists()


def test_search_limit_resets_when_the_window_ends(personas, client_for, settings, clock):
    settings.RATE_LIMIT_SEARCH = "2/m"
    client = client_for("case_manager_a")
    search(client), search(client)
    refused = search(client)
    assert refused.status_code == 429
    wait = retry_after(refused)
    clock.shift(timedelta(seconds=wait - 1))
    assert search(client).status_code == 429
    clock.shift(timedelta(seconds=1))
    assert search(client).status_code == 200


def test_htmx_search_past_the_limit_swaps_the_notice_into_the_page(personas, client_for, settings):
    settings.RATE_LIMIT_SEARCH = "1/m"
    client = client_for("case_manager_a")
    assert search(client, htmx=True).status_code == 200
    refused = search(client, htmx=True)
    assert refused.status_code == 429
    assert refused["HX-Retarget"] == "#main"
    assert refused["HX-Reswap"] == "innerHTML"
    assert refused["HX-Reselect"] == "#rate-limit"
    assert 'id="rate-limit"' in refused.content.decode()
    assert "Retry-After" in refused


def test_officer_lookup_is_limited(personas, client_for, settings):
    settings.RATE_LIMIT_LOOKUP = "2/m"
    officer = client_for("officer")
    assert [look_up(officer).status_code for _ in range(3)] == [200, 200, 429]
    assert "partner look-ups" in look_up(officer).content.decode()
    assert look_up(client_for("prosecutor")).status_code == 200


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("program_manager", lambda p: reverse("reports:csv", args=["referrals", "funnel"])),
        ("admin", lambda p: reverse("audit_disclosures", args=[p.participant.pk])),
    ],
    ids=["report_csv", "accounting_of_disclosures"],
)
def test_each_csv_export_is_limited(personas, client_for, settings, persona, url):
    settings.RATE_LIMIT_EXPORT = "2/h"
    client = client_for(persona)
    answers = [client.get(url(personas)) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0]["Content-Type"].startswith("text/csv")
    assert "downloads" in answers[2].content.decode()
    assert 1 <= retry_after(answers[2]) <= 3601


def test_csv_exports_share_one_budget(personas, client_for, settings):
    settings.RATE_LIMIT_EXPORT = "2/h"
    client = client_for("program_manager")
    urls = [
        reverse("reports:csv", args=["referrals", "funnel"]),
        reverse("reports:csv", args=["referrals", "by_agency_area"]),
        reverse("reports:csv", args=["caseload", "by_status"]),
    ]
    assert [client.get(u).status_code for u in urls] == [200, 200, 429]


def test_429_is_audited_without_the_search_term(personas, client_for, settings, caplog):
    caplog.set_level(logging.DEBUG)
    settings.RATE_LIMIT_SEARCH = "1/m"
    client = client_for("case_manager_a")
    search(client, text=SENTINEL)
    search(client, text=SENTINEL)
    event = AuditEvent.objects.get(action="ratelimit.exceeded")
    assert event.actor == personas.case_manager_a
    assert event.outcome == AuditOutcome.DENIED
    assert (event.object_type, event.object_id) == ("view", "participants:search")
    assert event.path == SEARCH
    for row in AuditEvent.objects.values():
        assert not any("Quillfeather" in str(value) for value in row.values())
    for record in caplog.records:
        assert "Quillfeather" not in record.getMessage()
        assert "Quillfeather" not in repr(vars(record))


def test_429_audit_of_an_export_keeps_no_query_string(personas, client_for, settings):
    settings.RATE_LIMIT_EXPORT = "1/h"
    client = client_for("program_manager")
    url = reverse("reports:csv", args=["referrals", "funnel"])
    query = {"start": "2026-01-01", "end": "2026-03-31"}
    client.get(url, query)
    assert client.get(url, query).status_code == 429
    event = AuditEvent.objects.get(action="ratelimit.exceeded")
    assert (event.object_id, event.path) == ("reports:csv", url)


def test_rate_limit_checks_pass_and_a_bad_rate_is_reported(settings):
    # Only the "not officially supported" warning, which the settings silence on purpose.
    assert [m.id for m in check_caches(None)] == ["django_ratelimit.W001"]
    assert "django_ratelimit.W001" in settings.SILENCED_SYSTEM_CHECKS
    assert check_rate_settings(None) == []
    settings.RATE_LIMIT_LOOKUP = "thirty a minute"
    assert [m.id for m in check_rate_settings(None)] == ["lead.E001"]


@pytest.mark.parametrize(
    ("rate", "text"),
    [("60/m", "60 a minute"), ("20/h", "20 an hour"), ("5/10m", "5 per 10 minutes")],
)
def test_limits_are_described_in_words(rate, text):
    assert describe(rate) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 second"), (61, "61 seconds"), (120, "2 minutes"), (3599, "60 minutes")],
)
def test_waits_are_described_in_words(seconds, text):
    assert wait_text(seconds) == text


# The counter cache.


@pytest.fixture
def counters(db):
    cache = caches["ratelimit"]
    cache.clear()
    return cache


def test_add_sets_only_a_missing_or_expired_counter(counters, clock):
    assert counters.add("k", 1, timeout=60) is True
    assert counters.add("k", 5, timeout=60) is False
    assert counters.get("k") == 1
    clock.shift(timedelta(seconds=61))
    assert counters.get("k") is None
    assert counters.add("k", 7, timeout=60) is True
    assert counters.get("k") == 7


def test_incr_counts_up_and_refuses_a_missing_or_expired_key(counters, clock):
    with pytest.raises(ValueError):
        counters.incr("missing")
    counters.set("k", 1, timeout=60)
    assert counters.incr("k") == 2
    assert counters.incr("k", 3) == 5
    clock.shift(timedelta(seconds=61))
    with pytest.raises(ValueError):
        counters.incr("k")


def test_set_touch_delete_and_whole_numbers_only(counters, clock):
    counters.set("k", 3, timeout=10)
    assert counters.touch("k", timeout=100) is True
    clock.shift(timedelta(seconds=50))
    assert counters.get("k") == 3
    counters.set("forever", 1, timeout=None)
    clock.shift(timedelta(days=400))
    assert counters.get("forever") == 1
    assert counters.delete("forever") is True
    assert counters.delete("forever") is False
    with pytest.raises(TypeError):
        counters.set("k", "a name")
    with pytest.raises(TypeError):
        counters.add("k", 1.5)


@pytest.fixture
def flush_allowed():
    """transactional_db ends by truncating every table, which the audit log's trigger refuses.
    Requested before transactional_db, this is torn down after its flush."""
    guards = [t.get_uri(m) for m, t in pgtrigger.registered() if "TRUNCATE" in str(t.operation)]
    with pgtrigger.ignore(*guards):
        yield


def test_concurrent_increments_from_separate_connections_lose_no_count(
    flush_allowed, transactional_db
):
    cache = caches["ratelimit"]
    assert cache.add("shared", 0, timeout=600)
    threads_n, each = 6, 40
    start = threading.Barrier(threads_n)
    errors = []

    def work():
        try:
            start.wait()
            for _ in range(each):
                cache.incr("shared")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads_n)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert cache.get("shared") == threads_n * each


def test_run_daily_deletes_expired_counters_only(counters, clock):
    counters.set("old", 4, timeout=60)
    counters.set("current", 2, timeout=3600)
    clock.shift(timedelta(minutes=5))
    out = StringIO()
    call_command("run_daily", stdout=out)
    assert "deleted 1 expired rate-limit counter(s)" in out.getvalue()
    assert set(RateLimitCounter.objects.values_list("key", flat=True)) == {":1:current"}
    call_command("run_daily", stdout=out)
    assert RateLimitCounter.objects.count() == 1
