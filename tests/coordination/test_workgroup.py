"""The operational workgroup: agenda from the data, notes, action items, minutes."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casework.models import Contact
from coordination.models import ActionItem, AgendaItem, LegalEventType
from coordination.services.consultations import consultation_open
from coordination.services.workgroup import agenda_generate
from lead.roles import Role
from participants.models import ParticipantStatus
from participants.services import participant_change_status, participant_create
from tests.coordination import fixtures
from tests.factories import UserFactory
from tests.referrals.factories import ReferralFactory

T = timezone.make_aware(datetime(2026, 3, 2, 9, 0))  # noqa: DTZ001 - made aware here


def person(p, first, last, *, status=ParticipantStatus.ACTIVE, created_days_ago=0):
    with time_machine.travel(T - timedelta(days=created_days_ago), tick=False):
        someone = participant_create(
            created_by=p.supervisor, agency=p.provider, first_name=first, last_name=last
        )
        if status != ParticipantStatus.INTAKE_PENDING:
            participant_change_status(
                participant=someone, changed_by=p.supervisor, status=status, reason="Set up"
            )
    return someone


def contact(p, who, days_ago):
    Contact.objects.create(
        participant=who,
        occurred_at=T - timedelta(days=days_ago),
        staff=p.case_manager_a,
        mode="in_person",
        location_type="street",
        duration_minutes=20,
        note="MARKER never on an agenda",
        created_by=p.case_manager_a,
    )


@pytest.fixture
def world(personas):
    """A hand-built fortnight: what the agenda must list, and what it must leave out."""
    p = personas
    with time_machine.travel(T - timedelta(days=20), tick=False):
        fixtures.make_active(p)
        old_event = fixtures.police_arrest(p, case_number="OLD-1")
    previous = fixtures.workgroup_meeting(p, scheduled_for=T - timedelta(days=14))
    ActionItem.objects.create(
        meeting=previous,
        description="Find a shelter bed",
        owner=p.case_manager_a,
        due_on=(T - timedelta(days=3)).date(),
        created_by=p.program_manager,
    )
    ActionItem.objects.create(
        meeting=previous,
        description="Already done",
        owner=p.case_manager_a,
        due_on=(T - timedelta(days=3)).date(),
        created_by=p.program_manager,
        done_at=T - timedelta(days=5),
    )
    new_referral = ReferralFactory(referred_by=p.officer, submitted_at=T - timedelta(days=3))
    due_soon = ReferralFactory(referred_by=p.officer, submitted_at=T - timedelta(days=20))
    missed = ReferralFactory(referred_by=p.officer, submitted_at=T - timedelta(days=40))
    wind = person(p, "Wendy", "Wind", status=ParticipantStatus.IN_THE_WIND)
    quiet = person(p, "Quinn", "Quiet", created_days_ago=60)
    seen = person(p, "Sam", "Seen", created_days_ago=60)
    contact(p, seen, days_ago=2)
    contact(p, quiet, days_ago=45)
    with time_machine.travel(T - timedelta(days=2), tick=False):
        leaver = person(p, "Lee", "Leaver", created_days_ago=-0)
        participant_change_status(
            participant=leaver, changed_by=p.supervisor, status="exited", reason="Moved away"
        )
    with time_machine.travel(T - timedelta(days=1), tick=False):
        arrest = fixtures.police_arrest(
            p, case_number="HC-9", occurred_on=(T - timedelta(days=1)).date()
        )
        fixtures.police_arrest(p, event_type=LegalEventType.ER_VISIT, case_number="")
        consultation_open(legal_event=arrest, opened_by=p.prosecutor)
    meeting = fixtures.workgroup_meeting(p, scheduled_for=T + timedelta(days=1))
    return {
        "meeting": meeting,
        "new_referral": new_referral,
        "due_soon": due_soon,
        "missed": missed,
        "old_event": old_event,
        "wind": wind,
        "quiet": quiet,
        "pat": p.participant,
    }


def test_agenda_matches_the_hand_built_fortnight(world, personas):
    with time_machine.travel(T, tick=False):
        agenda_generate(meeting=world["meeting"], generated_by=personas.program_manager)
    lines = list(AgendaItem.objects.filter(meeting=world["meeting"]).values_list("section", "text"))
    r1, r2, r3 = world["new_referral"], world["due_soon"], world["missed"]
    assert lines == [
        (
            "new_referrals",
            f"Referral {r1.reference} (Arrest diversion, Downtown) from Test Police on 2026-02-27",
        ),
        (
            "deadlines",
            f"Referral {r3.reference}: intake deadline missed on 2026-02-20",
        ),
        (
            "deadlines",
            f"Referral {r2.reference}: intake due 2026-03-12 (10 days left)",
        ),
        ("legal_events", "Pat Example: arrest on 2026-03-01, case HC-9 (coordinate before filing)"),
        (
            "consultations",
            "Pat Example: consultation on arrest, opened 2026-03-01; "
            "awaiting the care team's answer",
        ),
        ("out_of_touch", "Quinn Quiet: no contact in 30 days"),
        ("out_of_touch", "Wendy Wind: in the wind"),
        ("exits", "Lee Leaver: exited on 2026-02-28"),
    ]
    carried = [a.description for a in _carried(world["meeting"])]
    assert carried == ["Find a shelter bed"]


def _carried(meeting):
    from coordination.selectors.agenda import carried_over_action_items

    return list(carried_over_action_items(meeting))


def test_agenda_never_holds_contact_notes_or_exit_reasons(world, personas):
    with time_machine.travel(T, tick=False):
        agenda_generate(meeting=world["meeting"], generated_by=personas.program_manager)
    texts = " ".join(AgendaItem.objects.values_list("text", flat=True))
    assert "MARKER" not in texts and "Moved away" not in texts


def test_officer_sees_only_lines_about_people_who_consented(world, personas, client_for):
    fixtures.give_consent(personas, agencies=[personas.police])
    with time_machine.travel(T, tick=False):
        agenda_generate(meeting=world["meeting"], generated_by=personas.program_manager)
    url = reverse("coordination:meeting_detail", args=[world["meeting"].pk])
    officer = client_for("officer").get(url).content.decode()
    assert "Pat Example: arrest" in officer
    assert "Wendy Wind" not in officer and "Quinn Quiet" not in officer
    # Action items carried over are about people too: partners see only their own.
    assert "Find a shelter bed" not in officer
    manager = client_for("program_manager").get(url).content.decode()
    assert "Wendy Wind" in manager and "Find a shelter bed" in manager


def test_supervisor_not_attending_cannot_read_the_agenda(world, client_for):
    url = reverse("coordination:meeting_detail", args=[world["meeting"].pk])
    assert client_for("supervisor").get(url).status_code == 404


def test_program_manager_records_notes_action_items_and_prints_minutes(world, personas, client_for):
    client = client_for("program_manager")
    meeting = world["meeting"]
    with time_machine.travel(T, tick=False):
        agenda_generate(meeting=meeting, generated_by=personas.program_manager)
    item = AgendaItem.objects.get(meeting=meeting, section="legal_events")
    url = reverse("coordination:agenda_item_update", args=[meeting.pk, item.pk])
    response = client.post(
        url,
        {"notes": "CM to call DPA", "decision": "Hold filing two weeks", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and b"Saved" in response.content
    # A second editor working from the old version is refused, not silently overwritten.
    stale = client.post(
        url, {"notes": "other", "decision": "", "version": 1}, headers={"HX-Request": "true"}
    )
    assert stale.status_code == 409
    item.refresh_from_db()
    assert item.decision == "Hold filing two weeks"
    form = {
        "description": "Call the deputy prosecutor",
        "owner": personas.case_manager_a.pk,
        "due_on": "2026-03-09",
        "agenda_item": item.pk,
        "token": "2b0f4c7e-8a51-4c1e-9a43-5b7f0d0c1a11",
    }
    add_url = reverse("coordination:action_item_add", args=[meeting.pk])
    client.post(add_url, form)
    client.post(add_url, form)  # a double submit
    assert ActionItem.objects.filter(meeting=meeting).count() == 1
    minutes = client.get(reverse("coordination:meeting_minutes", args=[meeting.pk]))
    assert b"coordination/coordination.css" in minutes.content
    assert b"Hold filing two weeks" in minutes.content
    download = client.get(reverse("coordination:meeting_minutes_download", args=[meeting.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    text = download.content.decode()
    assert "Call the deputy prosecutor" in text and "Find a shelter bed (carried over)" in text
    # With notes recorded, the agenda is kept as it is.
    response = client.post(reverse("coordination:agenda_generate", args=[meeting.pk]))
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).notes == "CM to call DPA"


def test_action_item_form_redisplays_errors(world, client_for):
    meeting = world["meeting"]
    response = client_for("program_manager").post(
        reverse("coordination:action_item_add", args=[meeting.pk]),
        {"description": "Call", "owner": "", "due_on": "not a date"},
    )
    assert response.status_code == 400
    form = response.context["action_form"]
    assert "owner" in form.errors and "due_on" in form.errors
    assert form["description"].value() == "Call"


def test_action_item_owners_are_the_attendees_and_program_managers(world, personas, client_for):
    meeting = world["meeting"]
    client = client_for("program_manager")
    page = client.get(reverse("coordination:meeting_detail", args=[meeting.pk]))
    owners = set(page.context["action_form"].fields["owner"].queryset)
    p = personas
    assert owners == {p.officer, p.prosecutor, p.case_manager_a, p.program_manager}


def test_action_item_owner_outside_the_meeting_is_refused(world, personas, client_for):
    meeting = world["meeting"]
    add_url = reverse("coordination:action_item_add", args=[meeting.pk])
    form = {
        "description": "Find a bed",
        "due_on": "2026-03-09",
        "token": "8c0e0a3e-7f3a-4f0e-9d51-3b8f1c2a9e44",
    }
    client = client_for("program_manager")
    # Case manager B works at the same agency but does not attend this meeting.
    refused = client.post(add_url, {**form, "owner": personas.case_manager_b.pk})
    assert refused.status_code == 400
    assert "owner" in refused.context["action_form"].errors
    assert refused.context["action_form"]["description"].value() == "Find a bed"
    assert not ActionItem.objects.filter(meeting=meeting).exists()
    accepted = client.post(add_url, {**form, "owner": personas.case_manager_a.pk})
    assert accepted.status_code == 302
    assert ActionItem.objects.get(meeting=meeting).owner == personas.case_manager_a


def test_officer_cannot_generate_agendas(world, client_for):
    url = reverse("coordination:agenda_generate", args=[world["meeting"].pk])
    assert client_for("officer").post(url).status_code == 403


@pytest.mark.parametrize("extra", [0, 8])
def test_meeting_list_query_count(personas, client_for, django_assert_num_queries, extra):
    for n in range(1 + extra):
        fixtures.workgroup_meeting(personas, area=f"Area {n}")
    client = client_for("program_manager")
    # session + count + page
    with django_assert_num_queries(5 + 2):
        client.get(reverse("coordination:meeting_list"))


@pytest.mark.parametrize("extra", [0, 6])
def test_meeting_detail_query_count(personas, client_for, django_assert_num_queries, extra):
    meeting = fixtures.workgroup_meeting(personas)
    for n in range(1 + extra):
        item = meeting.items.create(section="other", text=f"Item {n}")
        meeting.action_items.create(
            description=f"Do {n}",
            owner=personas.case_manager_a,
            due_on=timezone.localdate(),
            created_by=personas.program_manager,
            agenda_item=item,
        )
    UserFactory.create_batch(extra * 5, role=Role.OFFICER, agency=personas.police)
    client = client_for("program_manager")
    # session + meeting + agenda items + their action items and owners (prefetch)
    # + carried-over items + attendees + this meeting's action items
    # + form choices (owners: attendees and program managers; agenda items)
    with django_assert_num_queries(5 + 9):
        client.get(reverse("coordination:meeting_detail", args=[meeting.pk]))


@pytest.mark.parametrize("extra", [0, 6])
def test_minutes_query_count(personas, client_for, django_assert_num_queries, extra):
    meeting = fixtures.workgroup_meeting(personas)
    for n in range(1 + extra):
        meeting.items.create(section="other", text=f"Item {n}", decision="Agreed")
        meeting.action_items.create(
            description=f"Do {n}",
            owner=personas.case_manager_a,
            due_on=timezone.localdate(),
            created_by=personas.program_manager,
        )
    client = client_for("program_manager")
    # session + meeting + agenda items + their action items (prefetch) + this meeting's
    # action items + carried-over items + attendees
    with django_assert_num_queries(5 + 6):
        client.get(reverse("coordination:meeting_minutes", args=[meeting.pk]))


def test_minutes_download_is_named_for_the_local_date_of_the_meeting(
    personas, client_for, settings
):
    settings.TIME_ZONE = "America/Los_Angeles"
    # 02:00 UTC on 3 March is 18:00 on 2 March in Los Angeles, where the meeting was held.
    evening = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
    meeting = fixtures.workgroup_meeting(personas, scheduled_for=evening)
    download = client_for("program_manager").get(
        reverse("coordination:meeting_minutes_download", args=[meeting.pk])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        f'attachment; filename="workgroup-minutes-2026-03-02-{meeting.pk}.txt"'
    )
