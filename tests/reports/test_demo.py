"""The demo data gives every report something to show, and the outcome report the shape the
evaluations found: fewer arrests after enrolment than before."""

from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from coordination.models import LegalEvent
from lead.models import User
from reports.models import BookingRecord, CostEntry
from reports.registry import REPORTS
from tests.reports.helpers import row


def test_demo_reports_show_fewer_arrests_after_enrolment(db, settings):
    settings.DEMO_PASSWORD = "fictional demo passphrase"
    call_command("seed_demo", stdout=StringIO())
    counts = (LegalEvent.objects.count(), CostEntry.objects.count(), BookingRecord.objects.count())
    client = Client()
    client.force_login(User.objects.get(username="pm"))
    outcomes = client.get(reverse("reports:report", args=["outcomes"]))
    tables = dict(outcomes.context["tables"])
    for key in ("legal_6", "legal_12"):
        arrests = row(tables[key], "Arrests per person-year")
        covered, before, after = arrests[1], arrests[2], arrests[3]
        assert covered > 10
        assert after < before * 3 / 4, (key, before, after)
    for slug in REPORTS:
        response = client.get(reverse("reports:report", args=[slug]))
        assert response.status_code == 200
        assert any(table.rows for _, table in response.context["tables"]), slug
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        LegalEvent.objects.count(),
        CostEntry.objects.count(),
        BookingRecord.objects.count(),
    )
