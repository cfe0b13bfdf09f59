"""Dashboards list the right participants, and cost the same for 5 or 500 of them."""

import uuid
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.choices import ContactMode, Domain, LocationType
from casework.models import CheckIn, Contact, Goal, Plan, Step
from casework.selectors.dashboards import SUPERVISOR_PAGE_SIZE
from lead.models import SiteSettings
from participants.models import CareTeamMember, Participant, ParticipantStatus
from participants.services import participant_change_status
from tests.casework.fixtures import pat_contact, pat_goal, pat_step
from tests.referrals.factories import ReferralFactory

SESSION = 5
NOW = "2026-12-10 12:00:00-08:00"


def _activate(personas, participant=None):
    participant_change_status(
        participant=participant or personas.participant,
        changed_by=personas.case_manager_a,
        status=ParticipantStatus.ACTIVE,
        reason="Intake completed",
    )


def _home(client):
    return client.get(reverse("home")).context


@time_machine.travel(NOW, tick=False)
def test_days_since_contact_is_highlighted_past_the_alert_setting(personas, client_for):
    _activate(personas)
    site = SiteSettings.load()
    site.no_contact_alert_days = 30
    site.save()
    pat_contact(personas, occurred_at=timezone.now() - timedelta(days=31))
    context = _home(client_for("case_manager_a"))
    (pat,) = context["participants"]
    assert pat.days_since_contact == 31
    assert pat.contact_overdue
    assert context["no_contact"] == [pat]

    pat_contact(personas, occurred_at=timezone.now() - timedelta(days=29))
    (pat,) = _home(client_for("case_manager_a"))["participants"]
    assert pat.days_since_contact == 29
    assert not pat.contact_overdue


@time_machine.travel(NOW, tick=False)
def test_attempts_and_void_contacts_do_not_count_as_contact(personas, client_for):
    _activate(personas)
    pat_contact(personas, mode=ContactMode.ATTEMPTED, occurred_at=timezone.now())
    mistaken = pat_contact(personas, occurred_at=timezone.now())
    services.contact_void(contact=mistaken, voided_by=personas.case_manager_a, reason="Wrong")
    (pat,) = _home(client_for("case_manager_a"))["participants"]
    assert pat.days_since_contact is None
    assert pat.contact_overdue


@time_machine.travel(NOW, tick=False)
def test_checkin_due_until_recorded_this_month(personas, client_for):
    _activate(personas)
    client = client_for("case_manager_a")
    assert [p.pk for p in _home(client)["checkins_due"]] == [personas.participant.pk]
    services.checkin_record(
        participant=personas.participant,
        recorded_by=personas.case_manager_a,
        month=date(2026, 12, 1),
        housing="shelter",
        employment="none",
        has_income=False,
        has_insurance=True,
    )
    assert _home(client)["checkins_due"] == []


def test_plan_review_comes_due_after_the_interval(personas, client_for):
    with time_machine.travel("2026-06-01 12:00:00-07:00", tick=False):
        pat_goal(personas)
        assert _home(client_for("case_manager_a"))["reviews_due"] == []
    with time_machine.travel("2026-08-25 12:00:00-07:00", tick=False):
        due = _home(client_for("case_manager_a"))["reviews_due"]
        assert [p.pk for p in due] == [personas.participant.pk]
        services.plan_review_add(
            participant=personas.participant,
            reviewer=personas.case_manager_a,
            reviewed_on=timezone.localdate(),
            summary="Housing goal moving",
            token=uuid.uuid4(),
        )
        assert _home(client_for("case_manager_a"))["reviews_due"] == []


@time_machine.travel(NOW, tick=False)
def test_next_steps_due_and_in_the_wind(personas, client_for):
    goal = pat_goal(personas)
    soon = pat_step(personas, goal=goal, due_on=timezone.localdate() + timedelta(days=3))
    pat_step(personas, goal=goal, due_on=timezone.localdate() + timedelta(days=60))
    pat_step(personas, goal=goal)
    participant_change_status(
        participant=personas.participant,
        changed_by=personas.case_manager_a,
        status=ParticipantStatus.IN_THE_WIND,
        reason="Not at the usual spots",
    )
    context = _home(client_for("case_manager_a"))
    assert context["steps_due"] == [soon]
    assert [p.pk for p in context["in_the_wind"]] == [personas.participant.pk]
    # Someone else's participant is not on case manager B's dashboard.
    other = _home(client_for("case_manager_b"))
    assert other["participants"] == [] and other["steps_due"] == []


@time_machine.travel(NOW, tick=False)
def test_pending_intake_shows_when_the_episode_opened(personas, client_for):
    context = _home(client_for("case_manager_a"))
    (pending,) = context["pending_intakes"]
    assert pending.pk == personas.participant.pk
    assert pending.episode_opened is not None


def test_notification_inbox_and_mark_done(personas, client_for):
    note = services.notification_create(
        user=personas.case_manager_a,
        kind="referral_assigned",
        text="A new referral is waiting for intake",
        link=reverse("participants:detail", args=[personas.participant.pk]),
    )
    client = client_for("case_manager_a")
    assert _home(client)["notifications"] == [note]
    # Someone else cannot touch it.
    other = client_for("case_manager_b").post(reverse("casework:notification_done", args=[note.pk]))
    assert other.status_code == 404
    client.post(reverse("casework:notification_done", args=[note.pk]), {"next": "/"})
    note.refresh_from_db()
    assert note.done_at is not None
    assert _home(client)["notifications"] == []


def test_notification_with_a_key_is_sent_once(personas):
    for _ in range(2):
        services.notification_create(
            user=personas.case_manager_a, kind="deadline_close", text="Due", dedupe_key="r1-due7"
        )
    assert personas.case_manager_a.notifications.count() == 1


@time_machine.travel(NOW, tick=False)
def test_supervisor_sees_caseloads_weekly_contacts_and_no_contact(personas, client_for):
    _activate(personas)
    site = SiteSettings.load()
    site.caseload_warn, site.caseload_block = 1, 2
    site.save()
    pat_contact(personas, occurred_at=timezone.now() - timedelta(days=40))
    pat_contact(personas, occurred_at=timezone.now() - timedelta(hours=2))
    services.contact_log(
        participant=personas.participant,
        logged_by=personas.case_manager_a,
        occurred_at=timezone.now() - timedelta(days=8),
        mode=ContactMode.PHONE,
        location_type=LocationType.OFFICE,
        duration_minutes=5,
        substantive=False,
        token=uuid.uuid4(),
    )
    context = _home(client_for("supervisor"))
    by_name = {cm.username: cm for cm in context["case_managers"]}
    assert set(by_name) == {"case_manager_a", "case_manager_b"}  # not the other agency's
    a = by_name["case_manager_a"]
    assert a.caseload == 1 and a.level == "warn"
    assert a.weekly[0] == 1 and a.weekly[1] == 1  # this week, and the week before
    assert sum(a.weekly) == 2
    assert by_name["case_manager_b"].caseload == 0
    # Pat was seen two hours ago, so is not counted as out of contact...
    (pat,) = context["caseload_page"]
    assert pat.pk == personas.participant.pk
    assert pat.primary_name == personas.case_manager_a.last_name
    assert not pat.contact_overdue and context["no_contact_count"] == 0
    # ...until a month later.
    with time_machine.travel("2027-01-20 12:00:00-08:00", tick=False):
        later = _home(client_for("supervisor"))
    (pat,) = later["caseload_page"]
    assert pat.contact_overdue and later["no_contact_count"] == 1
    later_by_name = {cm.username: cm for cm in later["case_managers"]}
    assert later_by_name["case_manager_a"].no_contact == 1
    assert later_by_name["case_manager_b"].no_contact == 0


def _caseload(personas, n, *, pending=True):
    """n participants on case manager A's caseload, each with casework rows: all active, but
    the first, whose intake is pending, when `pending`."""
    now = timezone.now()
    people = Participant.objects.bulk_create(
        Participant(
            agency=personas.provider,
            first_name=f"Demo{i}",
            last_name="Person",
            status=ParticipantStatus.ACTIVE
            if i or not pending
            else ParticipantStatus.INTAKE_PENDING,
        )
        for i in range(n)
    )
    CareTeamMember.objects.bulk_create(
        CareTeamMember(participant=p, user=personas.case_manager_a, is_primary=True) for p in people
    )
    plans = Plan.objects.bulk_create(
        Plan(participant=p, created_by=personas.case_manager_a, started_on=date(2026, 1, 1))
        for p in people
    )
    goals = Goal.objects.bulk_create(
        Goal(plan=plan, text="Housing", domain=Domain.HOUSING, created_by=personas.case_manager_a)
        for plan in plans
    )
    Step.objects.bulk_create(
        Step(
            goal=g,
            text="Call",
            owner="participant",
            due_on=timezone.localdate(),
            created_by=personas.case_manager_a,
        )
        for g in goals
    )
    Contact.objects.bulk_create(
        Contact(
            participant=p,
            occurred_at=now - timedelta(days=i % 60),
            staff=personas.case_manager_a,
            created_by=personas.case_manager_a,
            mode=ContactMode.IN_PERSON,
            location_type=LocationType.STREET,
            duration_minutes=10,
        )
        for i, p in enumerate(people)
    )
    CheckIn.objects.bulk_create(
        CheckIn(
            participant=p,
            month=date(2026, 11, 1),
            housing="shelter",
            employment="none",
            has_income=False,
            has_insurance=True,
            recorded_by=personas.case_manager_a,
        )
        for p in people
    )


@pytest.mark.parametrize("pending", [True, False])
@pytest.mark.parametrize("caseload", [5, 500])
@time_machine.travel(NOW, tick=False)
def test_case_manager_home_query_count(
    personas, client_for, django_assert_num_queries, caseload, pending
):
    _caseload(personas, caseload, pending=pending)
    if pending:
        ReferralFactory(
            referred_by=personas.officer,
            decision="approved",
            participant=personas.participant,
            episode=personas.participant.episodes.get(),
            submitted_at=timezone.now() - timedelta(days=3),
        )
    else:
        _activate(personas)
    services.notification_create(user=personas.case_manager_a, kind="other", text="Hi")
    client = client_for("case_manager_a")
    # session + site settings + participants with their casework dates (one query, subqueries)
    # + intake deadlines of the pending ones (run even when nobody is pending)
    # + plan steps due + new legal events + open prosecutor questions + open notifications
    # + approved referrals awaiting a match
    with django_assert_num_queries(SESSION + 8):
        response = client.get(reverse("home"))
    assert len(response.context["participants"]) == caseload + 1
    running = [p for p in response.context["pending_intakes"] if p.intake_referral]
    assert len(running) == (1 if pending else 0)
    assert len(response.context["pending_intakes"]) == (2 if pending else 0)


@pytest.mark.parametrize("caseload", [5, 500])
@time_machine.travel(NOW, tick=False)
def test_supervisor_home_query_count(personas, client_for, django_assert_num_queries, caseload):
    _caseload(personas, caseload)
    client = client_for("supervisor")
    # session + site settings + case managers with weekly contact counts + caseloads and
    # people out of contact per primary case manager (one grouped query) + count and page of
    # open participants with last contact and primary case manager + open notifications
    with django_assert_num_queries(SESSION + 6):
        response = client.get(reverse("home"))
    a = next(cm for cm in response.context["case_managers"] if cm.username == "case_manager_a")
    assert a.caseload == caseload + 1
    page = response.context["caseload_page"]
    assert page.paginator.count == caseload + 1
    assert len(page.object_list) == min(caseload + 1, SUPERVISOR_PAGE_SIZE)


@time_machine.travel(NOW, tick=False)
def test_new_legal_events_and_prosecutor_questions_on_the_dashboard(personas, client_for):
    from coordination.models import Consultation, LegalEvent

    event = LegalEvent.objects.create(
        participant=personas.participant,
        event_type="arrest",
        occurred_on=timezone.localdate(),
        agency=personas.police,
        created_by=personas.officer,
    )
    question = Consultation.objects.create(
        legal_event=event,
        participant=personas.participant,
        prosecutor_agency=personas.prosecutors,
        question="May we file?",
        opened_by=personas.prosecutor,
    )
    context = _home(client_for("case_manager_a"))
    assert context["legal_events"] == [event]
    assert context["questions"] == [question]
    other = _home(client_for("case_manager_b"))
    assert other["legal_events"] == [] and other["questions"] == []
    with time_machine.travel("2027-01-10 12:00:00-08:00", tick=False):
        later = _home(client_for("case_manager_a"))
    assert later["legal_events"] == []
    assert later["questions"] == [question]  # still waiting for an answer


@time_machine.travel(NOW, tick=False)
def test_supervisor_pages_through_the_agency_longest_without_contact_first(personas, client_for):
    _caseload(personas, 30)  # last seen 0 to 29 days ago
    site = SiteSettings.load()
    site.no_contact_alert_days = 20
    site.save()
    client = client_for("supervisor")
    first = client.get(reverse("home"))
    page = first.context["caseload_page"]
    assert page.paginator.count == 31 and page.paginator.num_pages == 2
    # Pat, never seen, comes first, then the oldest contacts.
    days = [p.days_since_contact for p in page]
    assert days == [None, *range(29, 29 - SUPERVISOR_PAGE_SIZE + 1, -1)]
    assert first.context["no_contact_count"] == 1 + 9  # Pat, and those seen 21 to 29 days ago
    body = first.content.decode()
    assert 'href="?page=2"' in body
    assert body.count(">Reassign</a>") == SUPERVISOR_PAGE_SIZE
    second = client.get(reverse("home"), {"page": 2}).context["caseload_page"]
    assert len(second.object_list) == 31 - SUPERVISOR_PAGE_SIZE
    shown = {p.pk for p in page} | {p.pk for p in second}
    assert len(shown) == 31
    # A page past the end shows the last page, not an error.
    assert client.get(reverse("home"), {"page": 99}).context["caseload_page"].number == 2


@time_machine.travel(NOW, tick=False)
def test_supervisor_filters_the_list_to_one_case_manager(personas, client_for):
    _activate(personas)
    b_person = Participant.objects.create(
        agency=personas.provider, first_name="Bea", last_name="Person", status="active"
    )
    CareTeamMember.objects.create(
        participant=b_person, user=personas.case_manager_b, is_primary=True
    )
    nobody = Participant.objects.create(
        agency=personas.provider, first_name="Nat", last_name="Unassigned", status="active"
    )
    client = client_for("supervisor")
    every = client.get(reverse("home")).context
    assert {p.pk for p in every["caseload_page"]} == {
        personas.participant.pk,
        b_person.pk,
        nobody.pk,
    }
    assert every["unassigned"] == 1 and every["no_contact_count"] == 3
    response = client.get(reverse("home"), {"case_manager": personas.case_manager_b.pk})
    assert response.context["chosen"] == personas.case_manager_b
    assert [p.pk for p in response.context["caseload_page"]] == [b_person.pk]
    assert response.context["no_contact_count"] == 1
    assert f"case_manager={personas.case_manager_b.pk}" in response.context["caseload_query"]
    # Someone who is not a case manager of this agency, or nonsense, shows the whole agency.
    for value in (personas.case_manager_other.pk, personas.officer.pk, "x", ""):
        other = client.get(reverse("home"), {"case_manager": value})
        assert other.status_code == 200 and other.context["chosen"] is None
        assert other.context["caseload_page"].paginator.count == 3
