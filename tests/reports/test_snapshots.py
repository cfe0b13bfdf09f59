"""Report snapshots: the default view of every report is read from a stored result that
run_daily (or "Rebuild now") computes; `live=1` and any other filters compute live."""

import math
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy

from lead.models import Agency, AuditEvent
from lead.roles import AgencyType
from reports.models import CostEntry, ReportSnapshot
from reports.periods import Filters, default_filters
from reports.registry import REPORTS
from reports.selectors.snapshots import snapshot_for
from reports.services.snapshots import (
    discard_all,
    report_snapshots_refresh,
    snapshot_key,
    snapshot_views,
)
from reports.tables import Chart, Table, table_from_json, table_to_json
from tests.factories import UserFactory
from tests.lead.test_pages import SESSION
from tests.reports.helpers import enrol
from tests.reports.test_views import _add_rows

ALL_SLUGS = sorted(REPORTS)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _url(slug, query=""):
    url = reverse("reports:report", args=[slug])
    return f"{url}?{query}" if query else url


def _total(response, table="by_status"):
    """The "All" footer of the caseload report's status table: participants counted."""
    return dict(response.context["tables"])[table].footer[0][1]


def _tables_html(page: str) -> str:
    """The tables part of a report page, with the live marker taken out of its links."""
    start, end = page.index('<section class="mb-5"'), page.rindex("</section>")
    return page[start:end].replace("&amp;live=1", "")


def _providers() -> int:
    return Agency.objects.filter(agency_type=AgencyType.PROVIDER).count()


# ---- storing tables ----------------------------------------------------------------------


def test_every_kind_of_cell_survives_the_database_exactly(personas):
    table = Table(
        key="k",
        title="Title",
        columns=["Label", gettext_lazy("Lazy column"), "n"],
        rows=[
            ["a", Decimal("12.50"), Decimal("0.0"), Decimal("1E+2"), 3, -4, True, None],
            ["b", 0.1, 1e20, float("inf"), 2.0, date(2026, 2, 28), ""],
            ["c", datetime(2026, 3, 1, 9, 30, tzinfo=UTC), "+12.5%", "n/a"],
        ],
        footer=[["All", Decimal("112.50"), 7]],
        note="Note",
        chart=Chart("hbar", (1, 2), skip_last_row=True, rows=(0, 2)),
    )
    row = ReportSnapshot.objects.create(
        slug="x",
        key="k",
        tables=[table_to_json(table)],
        built_at=timezone.now(),
        build_duration=timedelta(0),
    )
    back = table_from_json(ReportSnapshot.objects.get(pk=row.pk).tables[0])
    assert back == Table(**{**table.__dict__, "columns": ["Label", "Lazy column", "n"]})
    for original, stored in zip(
        [*table.rows, *table.footer], [*back.rows, *back.footer], strict=True
    ):
        assert [(type(c), str(c)) for c in original] == [(type(c), str(c)) for c in stored]
    assert back.chart == table.chart and isinstance(back.chart.series, tuple)
    nan = table_from_json(table_to_json(Table("n", "t", ["x"], [[float("nan")]])))
    assert math.isnan(nan.rows[0][0])


def test_a_cell_of_an_unknown_type_is_refused_when_stored():
    with pytest.raises(TypeError, match="cannot be stored"):
        table_to_json(Table("k", "t", ["x"], [[object()]]))


@pytest.mark.parametrize("slug", ALL_SLUGS)
def test_page_charts_and_csvs_render_identically_from_a_snapshot(personas, client_for, slug):
    _add_rows(personas, 3)
    CostEntry.objects.create(
        month=timezone.localdate().replace(day=1),
        category="housing",
        amount=Decimal("1234.05"),
        entered_by=personas.program_manager,
    )
    report_snapshots_refresh()
    client = client_for("program_manager")
    stored = client.get(_url(slug))
    assert stored.context["snapshot"] is not None
    filters = stored.context["filters"]
    live = client.get(_url(slug, f"{filters.querystring()}&live=1"))
    assert live.context["snapshot"] is None and live.context["live"]
    assert stored.context["tables"] == live.context["tables"]
    # The page shows the rows the snapshot stored rendered, and they are the live markup.
    assert [stored for _, _, stored in stored.context["sections"]] == [
        t["html"] for t in ReportSnapshot.objects.get(slug=slug, key__contains="locked=0").tables
    ]
    assert _tables_html(stored.content.decode()) == _tables_html(live.content.decode())
    for key, table in stored.context["tables"]:
        params = filters.querystring()
        for name in ("reports:csv", "reports:chart") if table.chart else ("reports:csv",):
            url = reverse(name, args=[slug, key])
            from_snapshot = client.get(f"{url}?{params}").content.decode()
            computed = client.get(f"{url}?{params}&live=1").content.decode()
            assert UUID.sub("", from_snapshot) == UUID.sub("", computed), (name, key)


# ---- which requests read a snapshot ------------------------------------------------------


def test_the_default_view_reads_the_snapshot_until_it_is_rebuilt(personas, client_for):
    report_snapshots_refresh()
    stored = ReportSnapshot.objects.get(slug="caseload", key__contains="locked=0")
    client = client_for("program_manager")
    response = client.get(_url("caseload"))
    page = response.content.decode()
    when = date_format(timezone.localtime(stored.built_at), "j F Y, H:i")
    assert f"Figures as of {when} (rebuilt nightly)." in page
    assert "Show live figures" in page
    assert _total(response) == 1  # Pat

    enrol(personas, timezone.localdate() - timedelta(days=1))
    assert _total(client.get(_url("caseload"))) == 1
    query = response.context["filters"].querystring()
    # The same filters typed in read the snapshot too; its CSV agrees with its page.
    assert _total(client.get(_url("caseload", query))) == 1
    csv = client.get(f"{reverse('reports:csv', args=['caseload', 'by_status'])}?{query}")
    assert csv.content.decode().splitlines()[-1] == "All,1,100.0"
    live = client.get(_url("caseload", f"{query}&live=1"))
    assert _total(live) == 2
    assert "Live figures, computed" in live.content.decode()
    assert live.context["query"].endswith("&live=1")  # its charts and CSVs are live as well

    report_snapshots_refresh()
    assert _total(client.get(_url("caseload"))) == 2


def test_other_filters_and_a_stale_period_compute_live(personas, client_for):
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        report_snapshots_refresh()
    client = client_for("program_manager")
    # Built yesterday: today's default period has moved on, so it is live until tonight.
    response = client.get(_url("caseload"))
    assert response.context["snapshot"] is None and response.context["live"]
    report_snapshots_refresh()
    client = client_for("program_manager")
    default = default_filters(months=REPORTS["caseload"].default_months)
    other = Filters(start=default.start + timedelta(days=1), end=default.end)
    assert client.get(_url("caseload", other.querystring())).context["snapshot"] is None
    agency = Filters(start=default.start, end=default.end, agency_id=personas.provider.pk)
    assert client.get(_url("caseload", agency.querystring())).context["snapshot"] is None


def test_rows_stored_with_other_markup_are_rendered_again(personas, client_for):
    report_snapshots_refresh()
    ReportSnapshot.objects.update(markup_version="older")
    client = client_for("program_manager")
    response = client.get(_url("referrals"))
    assert response.context["snapshot"] is not None
    assert all(stored is None for _, _, stored in response.context["sections"])
    live = client.get(_url("referrals", f"{response.context['filters'].querystring()}&live=1"))
    assert _tables_html(response.content.decode()) == _tables_html(live.content.decode())


def test_a_snapshot_of_other_tables_is_not_served(personas, client_for):
    report_snapshots_refresh()
    snapshot = ReportSnapshot.objects.get(slug="cost")
    snapshot.tables = snapshot.tables[:1]
    snapshot.save(update_fields=["tables"])
    assert client_for("program_manager").get(_url("cost")).context["snapshot"] is None


# Served from a snapshot: session + the filter form's agencies (reports filtered by agency or
# area) + the snapshot itself. No table is computed, so the count is the same at any size.
SNAPSHOT_QUERIES = {
    slug: SESSION + (1 if r.agency_types or r.area else 0) + 1 for slug, r in REPORTS.items()
}


@pytest.mark.parametrize("extra_rows", [0, 8])
@pytest.mark.parametrize("slug", ALL_SLUGS)
def test_snapshot_page_query_count_is_pinned(
    personas, client_for, django_assert_num_queries, slug, extra_rows
):
    _add_rows(personas, extra_rows)
    report_snapshots_refresh()
    client = client_for("program_manager")
    with django_assert_num_queries(SNAPSHOT_QUERIES[slug]):
        response = client.get(_url(slug))
    assert response.context["snapshot"] is not None


def test_supervisor_snapshot_page_query_count_is_pinned(
    personas, client_for, django_assert_num_queries
):
    report_snapshots_refresh()
    client = client_for("supervisor")
    # session + the snapshot; the agency is fixed, so there is no agency list
    with django_assert_num_queries(SESSION + 1):
        response = client.get(_url("caseload"))
    assert response.context["snapshot"] is not None


# ---- supervisors: their own agency's snapshot only ---------------------------------------


def test_supervisor_at_agency_a_never_gets_agency_bs_snapshot(personas, client_for):
    enrol(personas, date(2026, 1, 1), agency=personas.other_provider, first_name="Other")
    enrol(personas, date(2026, 1, 1), agency=personas.other_provider, first_name="Another")
    other_supervisor = UserFactory(
        username="other_supervisor", role="supervisor", agency=personas.other_provider
    )
    report_snapshots_refresh()
    mine = client_for("supervisor").get(_url("caseload"))
    assert mine.context["snapshot"] is not None
    assert _total(mine) == 1  # Pat, at the supervisor's agency
    assert "Other Provider" not in mine.content.decode()

    client = client_for("anonymous")
    client.force_login(other_supervisor)
    theirs = client.get(_url("caseload"))
    assert theirs.context["snapshot"] is not None
    assert _total(theirs) == 2
    # Asking for the other agency by its id changes nothing: the lock decides.
    query = f"{mine.context['filters'].querystring()}&agency={personas.other_provider.pk}"
    assert _total(client_for("supervisor").get(_url("caseload", query))) == 1
    csv_url = reverse("reports:csv", args=["caseload", "by_status"])
    csv = client_for("supervisor").get(f"{csv_url}?{query}")
    assert csv.content.decode().splitlines()[-1] == "All,1,100.0"


def test_a_supervisor_whose_agency_has_no_snapshot_gets_live_figures(personas, client_for):
    report_snapshots_refresh()
    newcomer = Agency.objects.create(name="New Provider", agency_type=AgencyType.PROVIDER)
    enrol(personas, date(2026, 1, 1), agency=newcomer)
    supervisor = UserFactory(username="new_supervisor", role="supervisor", agency=newcomer)
    client = client_for("anonymous")
    client.force_login(supervisor)
    response = client.get(_url("caseload"))
    assert response.context["snapshot"] is None
    assert _total(response) == 1


def test_the_key_tells_locked_views_and_agencies_apart():
    day = date(2026, 1, 1)
    program = Filters(start=day, end=day)
    chosen = Filters(start=day, end=day, agency_id=3)
    locked = Filters(start=day, end=day, agency_id=3, agency_locked=True)
    locked_other = Filters(start=day, end=day, agency_id=4, agency_locked=True)
    forged = Filters(start=day, end=day, area=";locked=1;agency=3")
    keys = [snapshot_key(f) for f in (program, chosen, locked, locked_other, forged)]
    assert len(set(keys)) == 5


def test_supervisors_may_compute_their_own_agency_live(personas, client_for):
    enrol(personas, date(2026, 1, 1), agency=personas.other_provider)
    report_snapshots_refresh()
    response = client_for("supervisor").get(_url("caseload", "live=1"))
    assert response.status_code == 200
    assert response.context["snapshot"] is None
    assert response.context["filters"].agency_locked
    assert _total(response) == 1


# ---- building them -----------------------------------------------------------------------


def test_run_daily_builds_every_default_view(personas):
    out = StringIO()
    call_command("run_daily", stdout=out)
    supervised = sum(1 for r in REPORTS.values() if r.for_supervisors)
    expected = len(REPORTS) + supervised * _providers()
    assert ReportSnapshot.objects.count() == expected == len(snapshot_views())
    assert re.search(
        rf"report_snapshots_daily: built {expected} report snapshot\(s\) in \d+\.\d s",
        out.getvalue(),
    )
    event = AuditEvent.objects.get(action="report.snapshots_refresh")
    assert event.actor is None and event.object_id == str(expected)
    # A second run replaces them; it does not add to them.
    call_command("run_daily", stdout=StringIO())
    assert ReportSnapshot.objects.count() == expected
    for report, filters in snapshot_views():
        assert snapshot_for(report=report, filters=filters) is not None, report.slug


def test_discard_all_removes_every_snapshot_and_is_audited(personas, client_for):
    report_snapshots_refresh()
    stored = ReportSnapshot.objects.count()
    assert stored == len(snapshot_views())
    assert discard_all(actor=None) == stored
    assert not ReportSnapshot.objects.exists()
    assert AuditEvent.objects.filter(action="report.snapshots_discard").count() == 1
    assert client_for("program_manager").get(_url("pack")).context["snapshot"] is None


# ---- "Rebuild now" -----------------------------------------------------------------------


def _rebuild(client, **data):
    return client.post(reverse("reports:snapshots_rebuild"), data)


def test_program_manager_rebuilds_now_and_returns_to_the_report(personas, client_for):
    client = client_for("program_manager")
    page = client.get(_url("equity"))
    assert page.context["snapshot"] is None
    html = page.content.decode()
    assert "Rebuild now" in html and reverse("reports:snapshots_rebuild") in html
    seen = page.context["now"].isoformat()
    response = _rebuild(client, next=_url("equity"), seen_at=seen)
    assert response.status_code == 302 and response["Location"] == _url("equity")
    assert ReportSnapshot.objects.count() == len(snapshot_views())
    event = AuditEvent.objects.get(action="report.snapshots_refresh")
    assert event.actor == personas.program_manager
    followed = client.get(_url("equity"))
    assert followed.context["snapshot"] is not None
    assert "Rebuilt" in followed.content.decode()


def test_a_double_submitted_rebuild_builds_once(personas, client_for):
    client = client_for("program_manager")
    seen = client.get(_url("pack")).context["now"].isoformat()
    _rebuild(client, next=_url("pack"), seen_at=seen)
    built = list(ReportSnapshot.objects.values_list("pk", "built_at"))
    second = _rebuild(client, next=_url("pack"), seen_at=seen)
    assert second.status_code == 302
    assert list(ReportSnapshot.objects.values_list("pk", "built_at")) == built
    assert AuditEvent.objects.filter(action="report.snapshots_refresh").count() == 1
    assert "already rebuilt" in client.get(_url("pack")).content.decode()


def test_rebuild_goes_back_only_to_a_report_page(personas, client_for):
    client = client_for("program_manager")
    for unsafe in ("https://evil.example/reports/", "//evil.example/x", "/admin/", ""):
        response = _rebuild(client, next=unsafe)
        assert response["Location"] == reverse("reports:index"), unsafe


@pytest.mark.parametrize(
    "persona", ["officer", "prosecutor", "case_manager_a", "supervisor", "admin"]
)
def test_only_program_managers_may_rebuild(personas, client_for, persona):
    client = client_for(persona)
    assert _rebuild(client, next=_url("caseload")).status_code == 403
    assert not ReportSnapshot.objects.exists()
    assert not AuditEvent.objects.filter(action="report.snapshots_refresh").exists()
    if persona == "supervisor":
        assert "Rebuild now" not in client.get(_url("caseload")).content.decode()


def test_rebuild_service_refuses_a_role_without_the_action(personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        report_snapshots_refresh(actor=personas.supervisor)
    assert not ReportSnapshot.objects.exists()


def test_snapshot_pages_hold_no_inline_style_or_script(personas, client_for):
    report_snapshots_refresh()
    client = client_for("program_manager")
    for slug in ALL_SLUGS:
        response = client.get(_url(slug))
        page = response.content.decode()
        assert response.context["snapshot"] is not None
        assert " style=" not in page and "<script>" not in page, slug
