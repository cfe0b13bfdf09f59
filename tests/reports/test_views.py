"""Report pages: who may open which, bad periods, charts, CSVs and pinned query counts."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Contact, Goal, Plan
from lead.models import Agency
from lead.roles import AgencyType
from referrals.models import Referral
from reports.models import BookingImportBatch, BookingRecord, CostEntry
from reports.registry import REPORTS
from tests.factories import UserFactory
from tests.lead.test_pages import SESSION
from tests.referrals.factories import ReferralFactory
from tests.reports.helpers import at_noon, enrol, event

ALL_SLUGS = sorted(REPORTS)


def _url(slug, **params):
    url = reverse("reports:report", args=[slug])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def test_program_manager_opens_every_report_with_charts_and_csvs(personas, client_for):
    client = client_for("program_manager")
    for slug in ALL_SLUGS:
        response = client.get(_url(slug))
        assert response.status_code == 200, slug
        page = response.content.decode()
        for key, table in response.context["tables"]:
            csv_url = reverse("reports:csv", args=[slug, key])
            assert csv_url in page
            if table.chart:
                assert reverse("reports:chart", args=[slug, key]) in page


def test_supervisor_sees_caseload_for_their_agency_only(personas, client_for):
    other = enrol(personas, date(2026, 1, 1), agency=personas.other_provider)
    assert other.agency != personas.supervisor.agency
    client = client_for("supervisor")
    # Asking for the other agency changes nothing: the agency is the supervisor's own.
    url = _url("caseload", start="2020-01-01", end="2030-01-01", agency=personas.other_provider.pk)
    response = client.get(url)
    assert response.status_code == 200
    tables = dict(response.context["tables"])
    status = tables["by_status"]
    assert status.footer[0][1] == 1  # Pat only
    assert "Other Provider" not in response.content.decode()


@pytest.mark.parametrize("slug", [s for s in ALL_SLUGS if s != "caseload"])
def test_supervisor_cannot_open_program_reports(personas, client_for, slug):
    client = client_for("supervisor")
    assert client.get(_url(slug)).status_code == 403
    assert (
        client.get(
            reverse("reports:csv", args=[slug, REPORTS[slug].tables[0].__name__])
        ).status_code
        == 403
    )


@pytest.mark.parametrize("persona", ["officer", "prosecutor", "case_manager_a", "admin"])
def test_partners_case_managers_and_admins_cannot_open_reports(personas, client_for, persona):
    client = client_for(persona)
    assert client.get(_url("caseload")).status_code == 403
    assert client.get(reverse("reports:index")).status_code == 403


def test_unknown_report_or_table_is_not_found(personas, client_for):
    client = client_for("program_manager")
    assert client.get(_url("nonsense")).status_code == 404
    assert client.get(reverse("reports:csv", args=["outcomes", "nonsense"])).status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-03-01", "end": "2026-02-01"}, "ends (2026-02-01) before it starts"),
        ({"start": "2026-03-01", "end": ""}, "The period is empty"),
        ({"start": "", "end": ""}, "The period is empty"),
        ({"start": "yesterday", "end": "2026-02-01"}, "Enter a valid date"),
    ],
)
def test_bad_period_gives_a_clear_message(personas, client_for, params, message):
    client = client_for("program_manager")
    response = client.get(_url("referrals", **params))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["tables"] == []
    chart = client.get(reverse("reports:chart", args=["referrals", "funnel"]), params)
    assert chart.status_code == 400
    download = client.get(reverse("reports:csv", args=["referrals", "funnel"]), params)
    assert download.status_code == 400


def test_csv_is_exactly_the_table_and_formula_safe(personas, client_for):
    police = Agency.objects.create(name="=HYPERLINK(1)", agency_type=AgencyType.POLICE)
    officer = UserFactory(username="eq_officer", role="officer", agency=police)
    ReferralFactory(referred_by=officer, area="+area")
    client = client_for("program_manager")
    today = timezone.localdate()
    params = {"start": (today - timedelta(days=5)).isoformat(), "end": today.isoformat()}
    page = client.get(_url("referrals", **params))
    table = dict(page.context["tables"])["by_agency_area"]
    response = client.get(reverse("reports:csv", args=["referrals", "by_agency_area"]), params)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == table.columns
    assert rows[1] == ["'=HYPERLINK(1)", "'+area", "1", "100.0", "0", "0.0"]
    assert len(rows) == 1 + len(table.rows) + len(table.footer)


def test_chart_is_an_svg_without_script_under_its_own_policy(personas, client_for):
    client = client_for("program_manager")
    response = client.get(reverse("reports:chart", args=["outcomes", "legal_6"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.lstrip().startswith("<?xml") and "<svg" in body
    assert "<script" not in body
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'unsafe-inline'" in policy


def test_report_pages_hold_no_inline_style_or_script(personas, client_for):
    client = client_for("program_manager")
    for slug in ALL_SLUGS:
        page = client.get(_url(slug)).content.decode()
        assert " style=" not in page, slug
        assert "<script>" not in page, slug
        assert "<svg" not in page, slug  # charts come as images, under their own policy
        assert "unsafe-inline" not in client.get(_url(slug))["Content-Security-Policy"]


def _add_rows(p, n):
    """n of everything the reports count, so query counts can be compared."""
    today = timezone.localdate()
    plan = Plan.objects.create(participant=p.participant, created_by=p.case_manager_a)
    batch = BookingImportBatch.objects.create(uploaded_by=p.program_manager, filename="b.csv")
    for i in range(n):
        person = enrol(p, today - timedelta(days=30 * i + 200), race=["white"])
        ReferralFactory(
            referred_by=p.officer,
            participant=person,
            decision="approved",
            submitted_at=at_noon(today - timedelta(days=i)),
        )
        event(p, person, "arrest", today - timedelta(days=300 + i))
        event(
            p,
            person,
            "jail_booking",
            today - timedelta(days=10 + i),
            release_date=today - timedelta(days=i),
        )
        Contact.objects.create(
            participant=person,
            occurred_at=at_noon(today - timedelta(days=i)),
            staff=p.case_manager_a,
            created_by=p.case_manager_a,
            mode="phone",
            location_type="street",
            duration_minutes=5,
            domains=["housing"],
        )
        Goal.objects.create(
            plan=plan,
            text=f"Goal {i}",
            domain="housing",
            status="achieved",
            created_by=p.case_manager_a,
        )
        BookingRecord.objects.create(
            source_id=f"q{i}",
            booked_on=today - timedelta(days=i),
            race_ethnicity="black",
            batch=batch,
        )
        month = (today.replace(day=1) - timedelta(days=28 * i)).replace(day=1)
        CostEntry.objects.get_or_create(
            month=month, category="staff", defaults={"amount": 100, "entered_by": p.program_manager}
        )
    assert Referral.objects.count() >= n


# Computed live (no snapshot stored): session + the filter form's agencies (when the report
# has filters) + the snapshot lookup that finds none (LOOKUP) + each table's queries:
LOOKUP = 1
QUERIES = {
    # pathway×month 1, funnel 1, timing 1, agency/area 1, officer 1, decision+reason 2, race 1
    "referrals": SESSION + 1 + LOOKUP + 8,
    # status 1, caseloads 2 (users, site settings), engagement 1, domains 2, no contact 2
    "caseload": SESSION + 1 + LOOKUP + 8,
    # goals by domain/status 1, achieved 2 (history, goals)
    "plans": SESSION + 1 + LOOKUP + 3,
    # 6 months 1, 12 months 1, intake against check-in 1
    "outcomes": SESSION + 1 + LOOKUP + 3,
    # referrals by race 1, diverted 1 + booked 1, outcomes by race 1
    "equity": SESSION + 1 + LOOKUP + 4,
    # per participant 1, by category 1 (no filters beyond the period)
    "cost": SESSION + LOOKUP + 2,
    # referrals 1, episodes 1, contacts 1, legal events 1, cost per period 2
    "pack": SESSION + LOOKUP + 6,
}


@pytest.mark.parametrize("extra_rows", [0, 8])
@pytest.mark.parametrize("slug", ALL_SLUGS)
def test_report_query_count_is_constant(
    personas, client_for, django_assert_num_queries, slug, extra_rows
):
    _add_rows(personas, extra_rows)
    client = client_for("program_manager")
    with django_assert_num_queries(QUERIES[slug]):
        response = client.get(_url(slug))
    assert response.status_code == 200


def test_supervisor_caseload_query_count(personas, client_for, django_assert_num_queries):
    client = client_for("supervisor")
    # session + the snapshot lookup (none stored) + the five tables' 8 queries; no agency
    # list, the agency is fixed
    with django_assert_num_queries(SESSION + 1 + 8):
        client.get(_url("caseload"))
