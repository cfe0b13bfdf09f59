"""The contact log: quick to fill in, hard to get wrong, never deleted, Part 2 kept close."""

import uuid
from datetime import timedelta

import pytest
from django.db import ProgrammingError, transaction
from django.urls import reverse
from django.utils import timezone

from casework.choices import ContactMode, Domain, LocationType
from casework.models import Contact, ServiceType
from tests.casework.fixtures import pat_contact, pat_goal


def _post(**overrides):
    return {
        "token": str(uuid.uuid4()),
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "mode": ContactMode.IN_PERSON,
        "location_type": LocationType.SHELTER,
        "duration_minutes": "20",
        "substantive": "on",
        "staff": "",
        "note": "Checked in about the housing list.",
    } | overrides


@pytest.fixture
def cm_client(personas, client_for):
    return client_for("case_manager_a")


def _create_url(personas):
    return reverse("casework:contact_create", args=[personas.participant.pk])


def test_contact_logged_from_participant_page_with_htmx(personas, cm_client):
    goal = pat_goal(personas)
    service = ServiceType.objects.filter(is_active=True).first()
    data = _post(staff=personas.case_manager_a.pk, goals=[goal.pk], services=[service.pk])
    data["domains"] = [Domain.HOUSING, Domain.ID_DOCUMENTS]
    response = cm_client.post(_create_url(personas), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"Contact logged." in response.content
    assert b'id="casework-section"' in response.content
    contact = Contact.objects.get()
    assert contact.staff == personas.case_manager_a
    assert contact.created_by == personas.case_manager_a
    assert contact.domains == [Domain.HOUSING, Domain.ID_DOCUMENTS]
    assert list(contact.goals.all()) == [goal]
    assert list(contact.services.all()) == [service]
    # The form comes back fresh for the next contact, with a new one-time token.
    assert response.context["contact_form"]["token"].value() != data["token"]


def test_contact_defaults_are_now_me_and_my_last_location(personas, cm_client):
    pat_contact(personas, location_type=LocationType.JAIL)
    response = cm_client.get(reverse("casework:section", args=[personas.participant.pk]))
    form = response.context["contact_form"]
    assert form["location_type"].value() == LocationType.JAIL
    assert form["staff"].value() == personas.case_manager_a.pk
    # The widget shows local wall-clock time.
    shown = form["occurred_at"].value()
    assert abs(shown - timezone.localtime().replace(tzinfo=None)) < timedelta(minutes=2)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("occurred_at", "2999-01-01T10:00", "This is in the future."),
        ("duration_minutes", "-5", "Enter the duration in minutes (0 or more)."),
        ("duration_minutes", "1441", "A contact cannot last more than 24 hours (1440 minutes)."),
    ],
)
def test_bad_contact_is_refused_and_input_kept(personas, cm_client, field, value, message):
    data = _post(**{field: value, "note": "Keep this note"})
    response = cm_client.post(_create_url(personas), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in form.errors[field][0]
    assert form["note"].value() == "Keep this note"
    assert not Contact.objects.exists()


def test_bad_contact_from_participant_page_keeps_input(personas, cm_client):
    data = _post(duration_minutes="5000", note="Keep this too")
    response = cm_client.post(_create_url(personas), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.context["contact_form"]["note"].value() == "Keep this too"
    assert b"24 hours" in response.content
    assert not Contact.objects.exists()


def test_double_submit_logs_one_contact(personas, cm_client):
    data = _post()
    cm_client.post(_create_url(personas), data)
    cm_client.post(_create_url(personas), data)
    assert Contact.objects.count() == 1


def test_attempted_contact_is_never_substantive(personas):
    contact = pat_contact(personas, mode=ContactMode.ATTEMPTED, substantive=True)
    assert contact.substantive is False


def test_case_manager_b_cannot_log_contact_for_pat(personas, client_for):
    assert client_for("case_manager_b").post(_create_url(personas), _post()).status_code == 404
    assert client_for("program_manager").post(_create_url(personas), _post()).status_code == 403
    assert not Contact.objects.exists()
    assert client_for("case_manager_a").post(_create_url(personas), _post()).status_code == 302
    assert Contact.objects.count() == 1


def test_void_needs_a_reason(personas, cm_client):
    contact = pat_contact(personas)
    url = reverse("casework:contact_void", args=[contact.pk])
    response = cm_client.post(url, {"reason": "  "})
    assert response.context["form"].errors["reason"] == ["Say why this contact is voided."]
    contact.refresh_from_db()
    assert contact.voided_at is None


def test_void_keeps_the_row_and_the_history(personas, cm_client):
    contact = pat_contact(personas)
    url = reverse("casework:contact_void", args=[contact.pk])
    assert cm_client.post(url, {"reason": "Logged on the wrong person"}).status_code == 302
    contact.refresh_from_db()
    assert contact.voided_by == personas.case_manager_a
    assert contact.void_reason == "Logged on the wrong person"
    events = list(contact.events.order_by("pgh_id").values_list("voided_at", flat=True))
    assert events[0] is None and events[1] == contact.voided_at
    # It no longer counts, but the list still shows it, marked void.
    assert not Contact.objects.substantive().exists()
    page = cm_client.get(reverse("casework:contacts", args=[personas.participant.pk]))
    assert b"Logged on the wrong person" in page.content


def test_contacts_cannot_be_deleted(personas):
    contact = pat_contact(personas)
    with pytest.raises(ProgrammingError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).delete()
    assert Contact.objects.filter(pk=contact.pk).exists()


def _part2(personas):
    return pat_contact(personas, note="Talked about starting buprenorphine.", is_part2=True)


def test_care_team_and_supervisor_see_part2_notes_flagged(personas, client_for):
    _part2(personas)
    url = reverse("casework:contacts", args=[personas.participant.pk])
    for persona in ("case_manager_a", "supervisor"):
        response = client_for(persona).get(url)
        assert b"buprenorphine" in response.content, persona
        assert b"Part 2" in response.content
        assert b"prohibit any further disclosure" in response.content


def test_program_manager_cannot_read_part2_notes(personas, client_for):
    _part2(personas)
    url = reverse("casework:contacts", args=[personas.participant.pk])
    response = client_for("program_manager").get(url)
    assert response.status_code == 403
    assert b"buprenorphine" not in response.content
    assert not Contact.objects.visible_to(personas.program_manager).exists()
    section = reverse("casework:section", args=[personas.participant.pk])
    assert client_for("program_manager").get(section).status_code == 403


@pytest.mark.parametrize(
    "persona", ["officer", "prosecutor", "case_manager_b", "case_manager_other", "admin"]
)
def test_outsiders_cannot_read_contact_notes(personas, client_for, persona):
    _part2(personas)
    pat_contact(personas, note="Routine check-in")
    user = personas.by_name(persona)
    assert not Contact.objects.visible_to(user).exists()
    url = reverse("casework:contacts", args=[personas.participant.pk])
    assert client_for(persona).get(url).status_code == 404


def test_part2_scope_holds_even_for_a_clinical_reader_outside_the_team(personas, monkeypatch):
    """Were the clinical scope ever widened, Part 2 notes would still stay with the team."""
    from casework.models import contacts as contact_models
    from participants.models import Participant

    _part2(personas)
    pat_contact(personas, note="Routine")
    reader = personas.case_manager_b
    monkeypatch.setattr(
        "casework.models.scope.clinical_participants", lambda user: Participant.objects.all()
    )
    visible = contact_models.Contact.objects.visible_to(reader)
    assert [c.note for c in visible] == ["Routine"]


def test_part2_needs_a_note(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        pat_contact(personas, note="", is_part2=True)
    assert "is_part2" in error.value.error_dict


def test_service_list_the_site_extends(personas, client_for):
    client = client_for("program_manager")
    client.post(reverse("casework:service_types"), {"name": "Bus pass", "kind": "service"})
    bus = ServiceType.objects.get(name="Bus pass")
    client.post(reverse("casework:service_type_toggle", args=[bus.pk]))
    bus.refresh_from_db()
    assert bus.is_active is False
    response = client_for("case_manager_a").get(_create_url(personas))
    assert bus not in response.context["form"].fields["services"].queryset
    assert (
        client_for("case_manager_a")
        .post(reverse("casework:service_types"), {"name": "X", "kind": "service"})
        .status_code
        == 403
    )
