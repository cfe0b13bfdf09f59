"""The consent-gated partner lookup."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import Disclosure
from lead.models import AuditEvent
from lead.roles import AgencyType
from participants.models import ConsentCategory
from tests.coordination import fixtures
from tests.factories import AgencyFactory, ParticipantFactory

DOB = date(1980, 5, 17)
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
# Headers a browser or proxy could tell the two answers apart by.
HEADERS = ("Content-Type", "Content-Length", "Cache-Control", "Vary", "Expires")


@pytest.fixture
def pat(personas):
    p = personas.participant
    p.date_of_birth = DOB
    p.coordination_summary = "Staying at the Fifth Ave shelter; call CM before any filing."
    p.save(update_fields=["date_of_birth", "coordination_summary"])
    fixtures.make_active(personas)
    return p


def search(client, first="Pat", last="Example", dob=DOB, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"first_name": first, "last_name": last, "date_of_birth": dob.isoformat()}
    return client.post(reverse("coordination:lookup"), data, headers=headers)


def _headers(response):
    return {h: response.get(h) for h in HEADERS}


@pytest.mark.parametrize("persona", ["officer", "prosecutor"])
def test_no_consent_answer_is_identical_to_a_non_participant(pat, personas, client_for, persona):
    # A consent that names someone else's agency does not count for this partner.
    other = AgencyFactory(name="Elsewhere PD", agency_type=AgencyType.POLICE)
    fixtures.give_consent(personas, agencies=[other])
    client = client_for(persona)
    # Frozen, so that time-stamped headers (Expires) are comparable.
    with time_machine.travel(timezone.now(), tick=False):
        no_consent = search(client)
        no_consent_page = search(client, htmx=False)
        # The same search when no such person is in the program at all.
        pat.date_of_birth = date(1971, 2, 3)
        pat.save(update_fields=["date_of_birth"])
        not_in_program = search(client)
        not_in_program_page = search(client, htmx=False)
        assert no_consent.status_code == not_in_program.status_code == 200
        assert no_consent.content == not_in_program.content
        assert _headers(no_consent) == _headers(not_in_program)
        assert set(no_consent.cookies) == set(not_in_program.cookies)
        # The full page differs only in the CSRF token, which Django masks afresh per response.
        assert no_consent_page.status_code == not_in_program_page.status_code == 200
        assert CSRF.sub(b"", no_consent_page.content) == CSRF.sub(b"", not_in_program_page.content)
        assert _headers(no_consent_page) == _headers(not_in_program_page)
    assert not Disclosure.objects.exists()


def test_prosecutor_sees_card_under_consent_naming_their_agency(pat, personas, client_for):
    consent = fixtures.give_consent(personas, agencies=[personas.prosecutors])
    response = search(client_for("prosecutor"))
    body = response.content.decode()
    assert "LEAD participant" in body
    assert "Active" in body
    assert personas.case_manager_a.get_full_name() in body
    assert "555-0100" in body
    assert "Fifth Ave shelter" in body
    assert "42 CFR part 2" not in body
    disclosure = Disclosure.objects.get()
    assert disclosure.disclosed_to == personas.prosecutor
    assert disclosure.consent_ids == [consent.pk]
    assert set(disclosure.categories) == set(fixtures.ALL_CATEGORIES)
    audit = AuditEvent.objects.get(action="disclosure.partner_card")
    assert audit.participant_id == pat.pk and audit.actor == personas.prosecutor


def test_lookup_finds_a_participant_by_alias(pat, personas, client_for):
    from participants.models import ParticipantAlias

    ParticipantAlias.objects.create(
        participant=pat, name="Patty Sample", added_by=personas.supervisor
    )
    fixtures.give_consent(personas, agencies=[personas.police])
    body = search(client_for("officer"), first="patty", last="sample").content.decode()
    assert "LEAD participant" in body


def test_card_shows_only_consented_categories(pat, personas, client_for):
    fixtures.give_consent(
        personas, agency_types=[AgencyType.POLICE], categories=[ConsentCategory.PARTICIPATION]
    )
    body = search(client_for("officer")).content.decode()
    assert "LEAD participant" in body
    assert personas.case_manager_a.get_full_name() not in body
    assert "Fifth Ave shelter" not in body
    assert Disclosure.objects.get().categories == [ConsentCategory.PARTICIPATION]


def test_consent_without_participation_category_shows_nothing(pat, personas, client_for):
    fixtures.give_consent(
        personas, agencies=[personas.police], categories=[ConsentCategory.COORDINATION_SUMMARY]
    )
    client = client_for("officer")
    assert search(client).content == search(client, first="No", last="One").content


def test_part2_consent_carries_the_redisclosure_notice(pat, personas, client_for):
    fixtures.give_consent(personas, agencies=[personas.police], part2=True)
    body = search(client_for("officer")).content.decode()
    assert "42 CFR part 2" in body
    assert "prohibit you from making any further disclosure" in body
    assert Disclosure.objects.get().part2 is True


def test_expired_consent_hides_the_card_at_the_next_request(pat, personas, client_for):
    fixtures.give_consent(
        personas, agencies=[personas.police], expires_on=timezone.localdate() + timedelta(days=1)
    )
    client = client_for("officer")
    nobody = search(client, first="No", last="One")
    assert "LEAD participant" in search(client).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        client.force_login(personas.officer)
        later, later_nobody = search(client), search(client, first="No", last="One")
    assert later.content == later_nobody.content == nobody.content


def test_revoked_consent_hides_the_card(pat, personas, client_for):
    consent = fixtures.give_consent(personas, agencies=[personas.police])
    client = client_for("officer")
    consent.revoked_at = timezone.now()
    consent.revoked_by = personas.case_manager_a
    consent.save(update_fields=["revoked_at", "revoked_by"])
    assert search(client).content == search(client, first="No", last="One").content


def test_case_manager_cannot_use_partner_lookup(pat, personas, client_for):
    assert search(client_for("case_manager_a")).status_code == 403


def test_search_terms_never_reach_the_url_or_audit(pat, personas, client_for):
    fixtures.give_consent(personas, agencies=[personas.police])
    search(client_for("officer"))
    for event in AuditEvent.objects.all():
        assert "Pat" not in event.path and "Example" not in event.path


def clinical_tables():
    from django.apps import apps

    tables = {m._meta.db_table for m in apps.get_app_config("casework").get_models()}
    tables |= {"participants_intakeassessment"}
    return {t for t in tables if not t.endswith("servicetype")}


def test_partner_lookup_never_queries_clinical_tables(pat, personas, client_for):
    fixtures.give_consent(personas, agencies=[personas.police], part2=True)
    client = client_for("officer")
    with CaptureQueriesContext(connection) as queries:
        response = search(client)
    assert "LEAD participant" in response.content.decode()
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "casework_" not in sql
    assert not [t for t in clinical_tables() if t in sql]


@pytest.mark.parametrize("extra", [0, 4])
def test_lookup_query_count(pat, personas, client_for, django_assert_num_queries, extra):
    for _ in range(extra):
        twin = ParticipantFactory(
            agency=personas.provider, first_name="Pat", last_name="Example", date_of_birth=DOB
        )
        fixtures.give_consent(personas, participant=twin, agencies=[personas.police])
    fixtures.give_consent(personas, agencies=[personas.police])
    client = client_for("officer")
    cards = 1 + extra
    # session + the rate-limit counter + in-force releases + participants + primary case
    # managers + lookup audit + per card (savepoint, disclosure row, its audit row, release);
    # at most 5 cards.
    with django_assert_num_queries(5 + 5 + 4 * cards):
        response = search(client)
    assert response.content.decode().count("LEAD participant</span>") == cards


def test_lookup_without_match_query_count(pat, personas, client_for, django_assert_num_queries):
    client = client_for("officer")
    # session + the rate-limit counter + in-force releases (with the match as a subquery)
    # + lookup audit
    with django_assert_num_queries(5 + 3):
        search(client)


def _accounting(client_for, participant_id):
    response = client_for("admin").get(reverse("audit_disclosures", args=[participant_id]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))[1:]


@pytest.mark.parametrize("persona", ["officer", "prosecutor"])
def test_partner_views_are_listed_in_the_accounting_of_disclosures(
    pat, personas, client_for, persona
):
    consent = fixtures.give_consent(personas, agencies=[personas.police, personas.prosecutors])
    partner = personas.by_name(persona)
    client = client_for(persona)
    search(client)
    assert client.get(reverse("coordination:legal_event_create", args=[pat.pk])).status_code == 200
    # The care side's coordination section is not a partner page, release or not: a partner
    # gets the not-found answer, logged as a denied attempt that showed nothing.
    section = reverse("coordination:participant_section", args=[pat.pk])
    assert client.get(section).status_code == 404
    assert AuditEvent.objects.filter(
        actor=partner, action="participant.view", participant_id=pat.pk, outcome="denied"
    ).exists()
    client_for("case_manager_a").get(section)

    rows = _accounting(client_for, pat.pk)
    partner_rows = [row for row in rows if row[1] == persona]
    agency = partner.agency.name
    assert [row[4] for row in partner_rows] == [
        "disclosure.partner_card",
        "partner.legal_event_form_view",
    ]
    card, form = partner_rows
    assert card[2:4] == [partner.get_role_display(), agency]
    assert card[6:9] == [agency, "; ".join(sorted(ConsentCategory.values)), str(consent.pk)]
    assert form[2:6] == [
        partner.get_role_display(),
        agency,
        "partner.legal_event_form_view",
        f"participants.participant {pat.pk}",
    ]
    staff = [row for row in rows if row[4] == "coordination.view"]
    assert [row[1] for row in staff] == ["case_manager_a"]
    assert staff[0][6:] == ["", "", "", ""]


def test_partner_event_form_view_is_not_recorded_for_someone_else(pat, personas, client_for):
    """Without a release naming the agency the form is a 404 and no partner view is logged."""
    url = reverse("coordination:legal_event_create", args=[pat.pk])
    assert client_for("officer").get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="partner.legal_event_form_view").exists()
