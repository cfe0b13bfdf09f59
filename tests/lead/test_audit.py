import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lead.models import AuditEvent
from participants.models import Participant


def test_viewing_a_participant_writes_an_audit_event(personas, client_for):
    client_for("case_manager_a").get(
        reverse("participants:detail", args=[personas.participant.pk]),
        REMOTE_ADDR="203.0.113.9",
    )
    event = AuditEvent.objects.get(action="participant.view")
    assert event.actor == personas.case_manager_a
    assert event.actor_username == "case_manager_a"
    assert event.participant_id == personas.participant.pk
    assert event.object_type == "participants.participant"
    assert event.object_id == str(personas.participant.pk)
    assert event.ip == "203.0.113.9"
    assert event.path == f"/participants/{personas.participant.pk}/"
    assert event.outcome == "ok"


def test_a_look_outside_scope_is_audited_as_denied(personas, client_for):
    response = client_for("case_manager_b").get(
        reverse("participants:detail", args=[personas.participant.pk])
    )
    assert response.status_code == 404
    event = AuditEvent.objects.get(action="participant.view")
    assert event.actor == personas.case_manager_b
    assert event.outcome == "denied"


def test_writes_are_audited(personas):
    assert AuditEvent.objects.filter(
        action="participant.create", participant_id=personas.participant.pk
    ).exists()
    assert AuditEvent.objects.filter(
        action="care_team.add", participant_id=personas.participant.pk
    ).exists()


def test_the_database_refuses_to_update_an_audit_row(personas):
    event = AuditEvent.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    event.refresh_from_db()
    assert event.action != "tampered"


def test_the_database_refuses_to_delete_an_audit_row(personas):
    count = AuditEvent.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == count


def test_participant_history_is_kept_by_triggers_even_for_bulk_updates(personas):
    Participant.objects.filter(pk=personas.participant.pk).update(preferred_name="P")
    events = personas.participant.events.order_by("pgh_id")
    assert [e.preferred_name for e in events][-1] == "P"
    assert events.count() >= 2


class TestAuditLogSearch:
    def test_admin_filters_by_user(self, personas, client_for):
        client_for("case_manager_a").get(
            reverse("participants:detail", args=[personas.participant.pk])
        )
        response = client_for("admin").get(reverse("audit_log"), {"user": "case_manager_a"})
        rows = list(response.context["page"])
        assert rows
        assert {e.actor_username for e in rows} == {"case_manager_a"}

    def test_admin_filters_by_participant_and_date(self, personas, client_for):
        other = Participant.objects.create(
            first_name="Other", last_name="Person", agency=personas.provider
        )
        AuditEvent.objects.create(action="participant.view", participant_id=other.pk)
        today = timezone.localdate(AuditEvent.objects.first().occurred_at).isoformat()
        response = client_for("admin").get(
            reverse("audit_log"),
            {"participant": personas.participant.pk, "date_from": today, "date_to": today},
        )
        rows = list(response.context["page"])
        assert rows
        assert {e.participant_id for e in rows} == {personas.participant.pk}

    def test_a_bad_date_shows_an_error_not_a_crash(self, personas, client_for):
        response = client_for("admin").get(reverse("audit_log"), {"date_from": "not-a-date"})
        assert response.status_code == 200
        assert "Enter a valid date" in response.content.decode()

    def test_the_audit_log_offers_no_way_to_change_rows(self, personas, client_for):
        client = client_for("admin")
        event = AuditEvent.objects.first()
        page = client.get(reverse("admin:lead_auditevent_change", args=[event.pk]))
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        delete = client.post(reverse("admin:lead_auditevent_delete", args=[event.pk]))
        assert delete.status_code == 403
        assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_anonymous_users_cannot_read_the_audit_log(db):
    response = Client().get(reverse("audit_log"))
    assert response.status_code == 302
