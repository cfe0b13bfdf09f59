"""The audit trail cannot be altered even with SQL, and admins can export a participant's
accounting of disclosures."""

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from coordination.selectors.partner import PartnerCard
from coordination.services.disclosures import disclosure_record
from lead import audit
from lead.models import AuditEvent
from lead.roles import Role
from tests.factories import UserFactory


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE lead_auditevent SET action = 'tampered'",
        "DELETE FROM lead_auditevent",
        "TRUNCATE lead_auditevent",
        "TRUNCATE lead_auditevent CASCADE",
    ],
)
def test_raw_sql_cannot_change_or_remove_audit_rows(personas, statement):
    before = list(AuditEvent.objects.order_by("id").values_list("id", "action"))
    assert before
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert list(AuditEvent.objects.order_by("id").values_list("id", "action")) == before


def test_raw_sql_can_still_append(personas):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO lead_auditevent (occurred_at, actor_username, action, object_type, "
            "object_id, path, outcome) VALUES (now(), '', 'test.append', '', '', '', 'ok')"
        )
    assert AuditEvent.objects.filter(action="test.append").exists()


def export(client, participant_id):
    response = client.get(reverse("audit_disclosures", args=[participant_id]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def disclose_to_officer(personas, consent_ids=(41,)):
    card = PartnerCard(
        participant_id=personas.participant.pk,
        name="Pat Example",
        categories=["status", "case_manager"],
        consent_ids=list(consent_ids),
        part2=False,
    )
    return disclosure_record(card=card, disclosed_to=personas.officer)


def test_admin_exports_who_saw_a_record_and_what_partners_were_shown(personas, client_for):
    client_for("case_manager_a").get(reverse("participants:detail", args=[personas.participant.pk]))
    disclose_to_officer(personas)
    rows = export(client_for("admin"), personas.participant.pk)
    header, body = rows[0], rows[1:]
    assert header[:5] == ["when (UTC)", "user", "role", "agency", "action"]
    by_action = {row[4]: row for row in body}
    viewed = by_action["participant.view"]
    assert viewed[1:4] == ["case_manager_a", "Case manager", "Test Provider"]
    shown = by_action["disclosure.partner_card"]
    assert shown[1:4] == ["officer", "Officer", "Test Police"]
    assert shown[6:] == ["Test Police", "status; case_manager", "41", "no"]
    assert AuditEvent.objects.filter(
        action="audit.export_disclosures",
        actor=personas.admin,
        participant_id=personas.participant.pk,
    ).exists()


def test_the_export_leaves_out_other_participants_and_denied_attempts(personas, client_for):
    client_for("case_manager_other").get(
        reverse("participants:detail", args=[personas.participant.pk])
    )
    audit.record(actor=personas.supervisor, action="participant.view", participant_id=999_999)
    rows = export(client_for("admin"), personas.participant.pk)
    users = {row[1] for row in rows[1:]}
    assert "case_manager_other" not in users
    assert "supervisor" in users  # Pat's creation and care-team change


def test_export_cells_cannot_become_spreadsheet_formulas(personas, client_for):
    sneaky = UserFactory(username="@cmd", role=Role.CASE_MANAGER, agency=personas.provider)
    audit.record(actor=sneaky, action="participant.view", participant_id=personas.participant.pk)
    rows = export(client_for("admin"), personas.participant.pk)
    assert any(row[1] == "'@cmd" for row in rows)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_program_manager_cannot_export_disclosures(personas, client_for):
    disclose_to_officer(personas)
    response = client_for("program_manager").get(
        reverse("audit_disclosures", args=[personas.participant.pk])
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export_disclosures").exists()


@pytest.mark.parametrize("disclosures", [0, 10])
def test_disclosure_export_query_count(
    personas, client_for, django_assert_num_queries, disclosures
):
    for _ in range(disclosures):
        disclose_to_officer(personas)
    client = client_for("admin")
    # session + the rate-limit counter + events with actors and agencies + disclosure rows
    # + the export's audit insert. Without disclosures the second lookup is skipped.
    expected = 5 + 4 if disclosures else 5 + 3
    with django_assert_num_queries(expected):
        client.get(reverse("audit_disclosures", args=[personas.participant.pk]))


def test_audit_log_links_to_the_export_when_filtered_by_participant(personas, client_for):
    page = client_for("admin").get(reverse("audit_log"), {"participant": personas.participant.pk})
    assert reverse("audit_disclosures", args=[personas.participant.pk]) in page.content.decode()
