"""Retention: records past the site's period after exit are reported daily and purged only
when a program manager confirms; a purge removes clinical and identifying content and keeps
the de-identified skeleton reports count.

Riley enrolled on 2017-03-01 and exited on 2018-06-15 at noon. With the default period of 7
years Riley's record is due from just after 2025-06-15 12:00.
"""

import uuid
from datetime import date, datetime, time, timedelta

import pghistory.models
import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from casework import services as casework_services
from casework.choices import ContactMode, Domain, LocationType, StepOwner
from casework.models import CheckIn, Contact, Goal, Notification, PlanReview, ProgressNote, Step
from coordination.models import (
    ActionItem,
    AgendaItem,
    AgendaSection,
    ImportBatch,
    LegalEvent,
    Meeting,
)
from coordination.services.consultations import consultation_answer, consultation_open
from lead.models import AuditEvent, SiteSettings
from participants.models import (
    PURGED_LABEL,
    Consent,
    Episode,
    IntakeAssessment,
    Participant,
    ParticipantAlias,
    ParticipantStatus,
    RetentionPurge,
    StatusChange,
)
from participants.selectors import retention_due
from participants.services import (
    PURGE_CALLBACKS,
    alias_add,
    care_team_add,
    consent_create,
    episode_current_or_open,
    participant_change_status,
    participant_create,
    retention_purge,
)
from referrals.models import Referral
from reports.models import ReportSnapshot
from reports.selectors import caseload, outcomes, plans
from reports.selectors import referrals as referral_reports
from reports.services.snapshots import report_snapshots_refresh
from tests.lead.test_pages import SESSION
from tests.participants.helpers import upload
from tests.referrals.factories import ReferralFactory
from tests.reports.helpers import period

# Words that appear only in Riley's identifying or clinical content.
SENTINELS = [
    "Zebulonia",
    "Quillfeather",
    "Sparrowhawk",
    "Lanternfish",
    "Marigoldnote",
    "Tamarindgoal",
    "Cobaltstep",
    "Juniperprogress",
    "Saffronreview",
    "Ochrecontact",
    "Vermilionvoid",
    "Indigocase",
    "Umberquestion",
    "Sepiasummary",
    "Celadonnarrative",
    "Heliotropeagenda",
    "Amaranthpurpose",
    "Cinnabarintake",
]


def _aware(*args) -> datetime:
    """A moment in the site's time zone."""
    return timezone.make_aware(datetime(*args))  # noqa: DTZ001


BIRTH = date(1980, 2, 29)
ENROLLED = _aware(2017, 3, 1, 12)
EXITED = _aware(2018, 6, 15, 12)
DUE_FROM = _aware(2025, 6, 15, 12)  # exit + 7 years
REPORT_PERIOD = period(date(2016, 1, 1), date(2019, 12, 31))


def _travel(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def riley(personas, media):
    """A full record: identity, intake, release with a scan, plan, contacts, check-in, legal
    event, consultation, referral, workgroup item and an inbox note, then an exit."""
    p = personas
    with _travel(ENROLLED):
        person = participant_create(
            created_by=p.supervisor,
            agency=p.provider,
            first_name="Zebulonia",
            last_name="Quillfeather",
            preferred_name="Zeb",
            date_of_birth=BIRTH,
            race_ethnicity=["black"],
            gender_identity="woman",
            gender_identity_detail="Sparrowhawk words",
            phone="555-0199",
            email="zebulonia@example.org",
            mailing_address="1 Lanternfish Lane",
            best_way_to_find="Lanternfish pier mornings",
            booking_number="BK-777",
            other_identifier="HMIS-777",
            coordination_summary="Sparrowhawk summary for partners",
            aliases=["Sparrowhawk"],
        )
        alias_add(participant=person, added_by=p.supervisor, name="Z-bird", is_street_name=True)
        care_team_add(
            participant=person, added_by=p.supervisor, user=p.case_manager_a, primary=True
        )
        IntakeAssessment.objects.create(
            participant=person,
            episode=person.episodes.get(),
            status="complete",
            started_by=p.case_manager_a,
            updated_by=p.case_manager_a,
            completed_at=ENROLLED,
            housing_status="unsheltered",
            housing_notes="Cinnabarintake housing",
            income_sources=["none"],
            employment="not_working",
            health_insurance="none",
            substance_use="current",
            mat_interest="interested",
            substance_use_notes="Cinnabarintake opioids",
            mental_health="wants_support",
            mental_health_notes="Cinnabarintake mood",
            documents=["none"],
            legal_obligations=["warrants"],
            legal_notes="Cinnabarintake court",
            immediate_needs=["food"],
        )
        consent = consent_create(
            participant=person,
            created_by=p.case_manager_a,
            recipient_agency_types=["police"],
            categories=["participation"],
            purpose="Amaranthpurpose coordination",
            signed_on=ENROLLED.date(),
            expiry_event="program_exit",
            form_scan=upload(),
        )
        # The complete assessment and the signed release complete intake: Riley is active.
        goal = casework_services.goal_create(
            participant=person,
            created_by=p.case_manager_a,
            text="Tamarindgoal: my own place",
            domain=Domain.HOUSING,
            token=uuid.uuid4(),
        )
        casework_services.step_create(
            goal=goal,
            created_by=p.case_manager_a,
            text="Cobaltstep call housing",
            owner=StepOwner.PARTNER,
            partner_name="Cobaltstep Housing",
            token=uuid.uuid4(),
        )
        casework_services.progress_note_add(
            goal=goal,
            author=p.case_manager_a,
            noted_on=ENROLLED.date(),
            text="Juniperprogress viewed a flat",
            token=uuid.uuid4(),
        )
        casework_services.plan_review_add(
            participant=person,
            reviewer=p.case_manager_a,
            reviewed_on=ENROLLED.date(),
            summary="Saffronreview going well",
            token=uuid.uuid4(),
        )
        for note in ("Ochrecontact at the pier", "Ochrecontact again"):
            contact = casework_services.contact_log(
                participant=person,
                logged_by=p.case_manager_a,
                token=uuid.uuid4(),
                occurred_at=ENROLLED,
                mode=ContactMode.IN_PERSON,
                location_type=LocationType.STREET,
                duration_minutes=20,
                substantive=True,
                domains=[Domain.HOUSING],
                goals=[goal],
                note=note,
            )
        casework_services.contact_void(
            contact=contact, voided_by=p.case_manager_a, reason="Vermilionvoid wrong person"
        )
        casework_services.checkin_record(
            participant=person,
            recorded_by=p.case_manager_a,
            month=ENROLLED.date(),
            housing="shelter",
            employment="part_time",
            has_income=True,
            income_sources=["snap"],
            has_insurance=True,
        )
        event = LegalEvent.objects.create(
            participant=person,
            event_type="arrest",
            occurred_on=date(2017, 5, 1),
            agency=p.police,
            case_number="Indigocase-1",
            offence="Indigocase theft",
            notes="Indigocase notes",
            created_by=p.officer,
        )
        consultation = consultation_open(
            legal_event=event, opened_by=p.prosecutor, question="Umberquestion file it?"
        )
        consultation_answer(
            consultation=consultation,
            answered_by=p.case_manager_a,
            recommendation="decline_or_divert",
            summary="Sepiasummary engaged",
        )
        ReferralFactory(
            referred_by=p.officer,
            first_name="Zebulonia",
            last_name="Quillfeather",
            date_of_birth=BIRTH,
            narrative="Celadonnarrative in the field",
            how_to_find="Lanternfish pier",
            participant=person,
            submitted_at=ENROLLED - timedelta(days=2),
            incident_at=ENROLLED - timedelta(days=2),
            decision="approved",
        )
        meeting = Meeting.objects.create(
            scheduled_for=ENROLLED, area="Downtown", created_by=p.program_manager
        )
        item = AgendaItem.objects.create(
            meeting=meeting,
            section=AgendaSection.EXITS,
            participant_id=person.pk,
            text="Zebulonia Quillfeather: Heliotropeagenda",
            notes="Heliotropeagenda notes",
        )
        ActionItem.objects.create(
            meeting=meeting,
            agenda_item=item,
            description="Heliotropeagenda call Zebulonia",
            owner=p.case_manager_a,
            due_on=ENROLLED.date(),
            created_by=p.program_manager,
        )
        ImportBatch.objects.create(
            uploaded_by=p.program_manager,
            filename="events.csv",
            rows=[{"participant_id": person.pk, "source_id": "X1", "notes": "Indigocase preview"}],
            new_count=1,
        )
        casework_services.notification_create(
            user=p.case_manager_a,
            kind="other",
            text="No substantive contact with Zebulonia Quillfeather in 30 days",
            link=reverse("participants:detail", args=[person.pk]),
        )
    with _travel(EXITED):
        participant_change_status(
            participant=person,
            changed_by=p.supervisor,
            status=ParticipantStatus.EXITED,
            reason="Marigoldnote moved away",
        )
    person.refresh_from_db()
    person.consent_scan = Consent.objects.get(pk=consent.pk).form_scan.name
    return person


def _due_ids():
    return set(retention_due().values_list("pk", flat=True))


def _sentinel_hits() -> dict[str, int]:
    """Rows anywhere in the database (every table, history included) holding a sentinel."""
    hits = {}
    pattern = "|".join(SENTINELS)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" t WHERE t::text ~* %s',  # noqa: S608
                [pattern],
            )
            found = cursor.fetchone()[0]
            if found:
                hits[table] = found
    return hits


def _purge(personas, riley, token=None):
    return retention_purge(
        purged_by=personas.program_manager, participant_ids=[riley.pk], token=token or uuid.uuid4()
    )


# Which records are due


def test_not_due_a_day_before_the_period_ends(riley):
    with _travel(DUE_FROM - timedelta(days=1)):
        assert riley.pk not in _due_ids()


def test_not_due_at_the_exact_end_of_the_period(riley):
    with _travel(DUE_FROM):
        assert riley.pk not in _due_ids()


def test_due_a_day_after_the_period_ends(riley):
    with _travel(DUE_FROM + timedelta(days=1)):
        assert _due_ids() == {riley.pk}


def test_a_longer_site_period_moves_the_boundary(riley):
    SiteSettings.objects.filter(pk=1).update(retention_years_after_exit=10)
    with _travel(DUE_FROM + timedelta(days=1)):
        assert riley.pk not in _due_ids()
    with _travel(DUE_FROM.replace(year=2028) + timedelta(days=1)):
        assert _due_ids() == {riley.pk}


def test_a_returned_participant_is_never_due(personas, riley):
    with _travel(EXITED + timedelta(days=30)):
        episode_current_or_open(participant=riley, opened_by=personas.supervisor)
    with _travel(DUE_FROM + timedelta(days=365 * 5)):
        assert riley.pk not in _due_ids()


def test_a_second_exit_restarts_the_period(personas, riley):
    with _travel(EXITED + timedelta(days=30)):
        episode_current_or_open(participant=riley, opened_by=personas.supervisor)
    with _travel(EXITED + timedelta(days=400)):
        participant_change_status(
            participant=riley, changed_by=personas.supervisor, status="exited", reason="Left"
        )
    with _travel(DUE_FROM + timedelta(days=1)):
        assert riley.pk not in _due_ids()
    with _travel(DUE_FROM + timedelta(days=401)):
        assert _due_ids() == {riley.pk}


def test_active_and_already_purged_records_are_not_due(personas, riley):
    with _travel(DUE_FROM + timedelta(days=1)):
        assert personas.participant.pk not in _due_ids()
        _purge(personas, riley)
        assert _due_ids() == set()


# The daily job reports and never purges


def test_run_daily_reports_the_count_and_purges_nothing(personas, riley, capsys):
    with _travel(DUE_FROM + timedelta(days=1)):
        call_command("run_daily")
        call_command("run_daily")
    out = capsys.readouterr().out
    assert "report_retention_due: 1 participant record(s) due for purging (7 years" in out
    riley.refresh_from_db()
    assert riley.purged_at is None and riley.first_name == "Zebulonia"
    assert not RetentionPurge.objects.exists()
    # One alert for the program manager, however often the job runs; no name in it.
    alerts = Notification.objects.filter(user=personas.program_manager)
    assert [a.link for a in alerts] == [reverse("participants:retention")]
    assert "1 participant record(s)" in alerts[0].text
    assert "Zebulonia" not in alerts[0].text


def test_run_daily_with_nothing_due_sends_nothing(personas, riley, capsys):
    with _travel(DUE_FROM - timedelta(days=1)):
        call_command("run_daily")
    assert "report_retention_due: 0 participant record(s)" in capsys.readouterr().out
    assert not Notification.objects.filter(user=personas.program_manager).exists()


# The purge


def test_purge_removes_every_identifying_and_clinical_value(personas, riley, media):
    before = _sentinel_hits()
    # The test is not vacuous: the sentinels are in the tables and in their history.
    assert "participants_participant" in before and "participants_participantevent" in before
    assert "casework_contactevent" in before and "referrals_referral" in before
    assert "coordination_importbatch" in before
    scan = riley.consent_scan
    assert (media / scan).exists()

    with _travel(DUE_FROM + timedelta(days=1)):
        result = _purge(personas, riley)

    assert result.purged == 1 and not result.repeated
    assert _sentinel_hits() == {}
    assert not (media / scan).exists()
    riley.refresh_from_db()
    assert riley.is_purged and riley.purged_by == personas.program_manager
    assert riley.purge_batch == result.batch
    assert (riley.first_name, riley.last_name, riley.preferred_name) == ("", "", "")
    assert riley.date_of_birth is None and riley.phone == "" and riley.email == ""
    assert riley.booking_number == riley.other_identifier == riley.exit_reason == ""
    assert riley.display_name == riley.legal_name == PURGED_LABEL
    assert not ParticipantAlias.objects.filter(participant=riley).exists()
    assert not ProgressNote.objects.filter(goal__plan__participant=riley).exists()
    assessment = IntakeAssessment.objects.get(participant=riley)
    assert assessment.substance_use == assessment.mat_interest == assessment.mental_health == ""
    assert assessment.legal_obligations == assessment.immediate_needs == []
    assert assessment.housing_notes == assessment.substance_use_notes == ""
    consent = Consent.objects.get(participant=riley)
    assert consent.purpose == "" and not consent.form_scan
    assert set(Contact.objects.filter(participant=riley).values_list("note", flat=True)) == {""}
    assert Goal.objects.get(plan__participant=riley).text == ""
    assert Step.objects.get(goal__plan__participant=riley).partner_name == ""
    assert PlanReview.objects.get(plan__participant=riley).summary == ""
    referral = Referral.objects.get(participant=riley)
    assert referral.purged_at is not None and referral.person_name == PURGED_LABEL
    assert referral.narrative == referral.first_name == "" and referral.date_of_birth is None
    assert AgendaItem.objects.get(participant_id=riley.pk).text == PURGED_LABEL
    # No history row of any purged row is left.
    for model in apps.get_models():
        if issubclass(model, pghistory.models.Event):
            tracked = model.pgh_tracked_model
            if tracked is Participant:
                assert not model.objects.filter(pgh_obj_id=riley.pk).exists()
            elif any(f.name == "participant" for f in tracked._meta.fields):
                mine = tracked.objects.filter(participant=riley).values("pk")
                assert not model.objects.filter(pgh_obj_id__in=mine).exists(), model


def test_purge_keeps_the_report_skeleton(personas, riley):
    p = personas
    with _travel(_aware(2020, 1, 1, 12)):
        checkin = CheckIn.objects.filter(participant=riley).values("housing", "has_income")
        before = {
            "legal": outcomes.legal_outcomes(REPORT_PERIOD),
            "status": outcomes.status_change(REPORT_PERIOD).rows,
            "domains": caseload.contacts_by_domain(REPORT_PERIOD).rows,
            "goals": plans.goals_by_domain_status(REPORT_PERIOD).rows,
            "funnel": referral_reports.funnel(REPORT_PERIOD).rows,
            "race": referral_reports.race_of_referred(REPORT_PERIOD).rows,
            "checkin": list(checkin),
            "statuses": list(
                StatusChange.objects.filter(participant=riley).values_list(
                    "from_status", "to_status", "changed_at", "changed_by"
                )
            ),
        }
    # Not vacuous: Riley is in each figure.
    assert before["legal"][("", 0)]["people"] == 1
    assert before["status"][0][1] == 1
    with _travel(DUE_FROM + timedelta(days=1)):
        _purge(p, riley)
    with _travel(_aware(2020, 1, 1, 12)):
        after = {
            "legal": outcomes.legal_outcomes(REPORT_PERIOD),
            "status": outcomes.status_change(REPORT_PERIOD).rows,
            "domains": caseload.contacts_by_domain(REPORT_PERIOD).rows,
            "goals": plans.goals_by_domain_status(REPORT_PERIOD).rows,
            "funnel": referral_reports.funnel(REPORT_PERIOD).rows,
            "race": referral_reports.race_of_referred(REPORT_PERIOD).rows,
            "checkin": list(checkin),
            "statuses": list(
                StatusChange.objects.filter(participant=riley).values_list(
                    "from_status", "to_status", "changed_at", "changed_by"
                )
            ),
        }
    assert after == before
    episode = Episode.objects.get(participant=riley)
    assert episode.opened_at == ENROLLED and episode.closed_at == EXITED
    assert episode.close_reason == ""
    assert before["statuses"][0][1] == "exited"
    assert set(StatusChange.objects.filter(participant=riley).values_list("reason", flat=True)) == {
        ""
    }


def test_purge_is_idempotent_with_the_same_token(personas, riley):
    token = uuid.uuid4()
    with _travel(DUE_FROM + timedelta(days=1)):
        first = _purge(personas, riley, token)
        second = _purge(personas, riley, token)
    assert (first.purged, first.repeated) == (1, False)
    assert (second.purged, second.repeated) == (1, True)
    assert second.batch == first.batch
    assert RetentionPurge.objects.count() == 1
    assert AuditEvent.objects.filter(action="participant.purge").count() == 1


def test_a_new_token_purges_nothing_already_purged(personas, riley):
    with _travel(DUE_FROM + timedelta(days=1)):
        _purge(personas, riley)
        again = _purge(personas, riley)
    assert (again.purged, again.batch) == (0, None)
    assert RetentionPurge.objects.count() == 1


def test_a_record_not_due_is_skipped_even_when_listed(personas, riley):
    with _travel(DUE_FROM - timedelta(days=1)):
        result = retention_purge(
            purged_by=personas.program_manager,
            participant_ids=[riley.pk, personas.participant.pk],
            token=uuid.uuid4(),
        )
    assert result.purged == 0
    assert not Participant.objects.filter(purged_at__isnull=False).exists()


def test_purge_writes_one_audit_row_per_record_and_one_for_the_batch(personas, riley):
    with _travel(DUE_FROM + timedelta(days=1)):
        result = _purge(personas, riley)
    batch = result.batch
    assert (batch.retention_years, batch.participant_ids, batch.purged_count) == (7, [riley.pk], 1)
    assert batch.exited_before == DUE_FROM + timedelta(days=1) - (DUE_FROM - EXITED)
    per_record = AuditEvent.objects.get(action="participant.purge")
    assert per_record.participant_id == riley.pk
    assert per_record.actor == personas.program_manager
    assert (per_record.object_type, per_record.object_id) == (
        "participants.retentionpurge",
        str(batch.pk),
    )
    batch_event = AuditEvent.objects.get(action="retention.purge")
    assert batch_event.object_id == str(batch.pk) and batch_event.participant_id is None


def test_a_purge_batch_cannot_be_changed_afterwards(personas, riley):
    with _travel(DUE_FROM + timedelta(days=1)):
        batch = _purge(personas, riley).batch
    with pytest.raises(Exception, match="Cannot update"), transaction.atomic():
        RetentionPurge.objects.filter(pk=batch.pk).update(purged_count=5)


def test_a_record_merged_into_a_purged_one_is_purged_with_it(personas, riley):
    with _travel(ENROLLED):
        twin = participant_create(
            created_by=personas.supervisor,
            agency=personas.provider,
            first_name="Zebulonia",
            last_name="Quillfeathers",
        )
    Participant.objects.filter(pk=twin.pk).update(merged_into=riley)
    with _travel(DUE_FROM + timedelta(days=1)):
        result = _purge(personas, riley)
    assert result.purged == 2
    twin.refresh_from_db()
    assert twin.is_purged and twin.first_name == ""
    assert AuditEvent.objects.filter(action="participant.purge", participant_id=twin.pk).exists()


def test_callbacks_run_at_the_end_of_a_purge(personas, riley):
    seen = []

    def discard(*, batch, participant_ids):
        seen.append((batch.pk, participant_ids))

    PURGE_CALLBACKS.append(discard)
    try:
        with _travel(DUE_FROM + timedelta(days=1)):
            batch = _purge(personas, riley).batch
    finally:
        PURGE_CALLBACKS.remove(discard)
    assert seen == [(batch.pk, [riley.pk])]


def test_a_purge_discards_every_report_snapshot(personas, riley):
    # The out-of-contact table of a stored caseload report can name a purged person.
    with _travel(DUE_FROM + timedelta(days=1)):
        report_snapshots_refresh()
        assert ReportSnapshot.objects.exists()
        batch = _purge(personas, riley).batch
    assert not ReportSnapshot.objects.exists()
    assert AuditEvent.objects.filter(
        action="report.snapshots_discard", actor=personas.program_manager
    ).exists()
    assert batch.purged_count == 1


# The program manager's page


@pytest.mark.parametrize("name", ["officer", "prosecutor", "case_manager_a", "supervisor", "admin"])
def test_only_the_program_manager_may_confirm_a_purge(client_for, riley, name):
    with _travel(DUE_FROM + timedelta(days=1)):
        response = client_for(name).post(
            reverse("participants:retention"),
            {"confirm": "on", "participant_ids": str(riley.pk), "token": str(uuid.uuid4())},
        )
    assert response.status_code == 403
    riley.refresh_from_db()
    assert riley.purged_at is None


def test_program_manager_confirms_and_sees_the_result(client_for, riley):
    client = client_for("program_manager")
    url = reverse("participants:retention")
    with _travel(DUE_FROM + timedelta(days=1)):
        page = client.get(url)
        assert page.status_code == 200
        assert page.context["form"].initial["participant_ids"] == str(riley.pk)
        assert b'id="due-count"><strong>1</strong> record due' in page.content
        assert b"Cinnabarintake" not in page.content and b"Ochrecontact" not in page.content
        post = {
            "confirm": "on",
            "participant_ids": str(riley.pk),
            "token": str(page.context["form"].initial["token"]),
        }
        done = client.post(url, post, follow=True)
        assert "Purged 1 record. No more records are due." in done.content.decode()
        assert b"<strong>0</strong> records due" in done.content
        again = client.post(url, post, follow=True)
    assert b"already carried out: 1 record was purged then" in again.content
    assert RetentionPurge.objects.count() == 1
    riley.refresh_from_db()
    assert riley.is_purged


def test_confirm_without_the_box_redisplays_with_the_error(client_for, riley):
    with _travel(DUE_FROM + timedelta(days=1)):
        response = client_for("program_manager").post(
            reverse("participants:retention"),
            {"participant_ids": str(riley.pk), "token": str(uuid.uuid4())},
        )
    assert response.status_code == 200
    assert b"Tick the box to confirm the purge." in response.content
    assert response.context["form"]["participant_ids"].value() == str(riley.pk)
    riley.refresh_from_db()
    assert riley.purged_at is None


def test_a_mangled_record_list_redisplays_with_the_error(client_for, riley):
    with _travel(DUE_FROM + timedelta(days=1)):
        response = client_for("program_manager").post(
            reverse("participants:retention"),
            {"confirm": "on", "participant_ids": "1,x", "token": str(uuid.uuid4())},
        )
    assert response.status_code == 200
    assert b"The list of records was not recognised." in response.content
    assert not Participant.objects.filter(purged_at__isnull=False).exists()


def test_retention_page_query_count_does_not_grow(
    client_for, personas, riley, django_assert_num_queries
):
    client = client_for("program_manager")
    url = reverse("participants:retention")
    with _travel(DUE_FROM + timedelta(days=1)):
        client.get(url)
        # the session's five (tests.lead.test_pages.SESSION), then site settings, the records
        # due with their agency (one query; fewer than a batch, so that is all of them and no
        # count is needed), the unlinked referrals due with their agency (likewise), and the
        # recent purges with who made them.
        with django_assert_num_queries(SESSION + 4):
            client.get(url)
        for n in range(3):
            with _travel(ENROLLED):
                other = participant_create(
                    created_by=personas.supervisor,
                    agency=personas.provider,
                    first_name=f"Other{n}",
                    last_name="Person",
                )
            Episode.objects.filter(participant=other).update(closed_at=EXITED)
            Participant.objects.filter(pk=other.pk).update(status="exited")
        assert len(retention_due()) == 4
        with django_assert_num_queries(SESSION + 4):
            client.get(url)


# A purged record wherever it shows


def test_purged_record_page_search_and_lists_show_the_notice(client_for, personas, riley):
    with _travel(DUE_FROM + timedelta(days=1)):
        _purge(personas, riley)
    detail = reverse("participants:detail", args=[riley.pk])
    for name in ("supervisor", "case_manager_a", "program_manager"):
        page = client_for(name).get(detail)
        assert page.status_code == 200
        assert b"Record purged under the retention policy" in page.content
        assert b'id="purged-notice"' in page.content
        assert b"Not given" not in page.content  # no blank identity shown as if real
    listing = client_for("program_manager").get(reverse("participants:list"))
    assert PURGED_LABEL.encode() in listing.content
    search = client_for("supervisor").post(
        reverse("participants:search"), {"text": "Zebulonia Quillfeather", "date_of_birth": ""}
    )
    assert search.status_code == 200 and search.context["results"] == []
    by_birth = client_for("supervisor").post(
        reverse("participants:search"), {"text": "", "date_of_birth": BIRTH.isoformat()}
    )
    assert by_birth.context["results"] == []
    referral = Referral.objects.get(participant=riley)
    officer_page = client_for("officer").get(reverse("referrals:detail", args=[referral.pk]))
    assert PURGED_LABEL.encode() in officer_page.content


def test_a_purged_record_takes_no_more_writes(client_for, personas, riley):
    with _travel(DUE_FROM + timedelta(days=1)):
        _purge(personas, riley)
    supervisor = client_for("supervisor")
    assert supervisor.get(reverse("participants:edit", args=[riley.pk])).status_code == 403
    assert supervisor.get(reverse("participants:status", args=[riley.pk])).status_code == 403
    assert supervisor.get(reverse("casework:plan", args=[riley.pk])).status_code == 403
    goal = Goal.objects.get(plan__participant=riley)
    assert supervisor.get(reverse("casework:goal_edit", args=[goal.pk])).status_code == 403


def test_duplicates_never_pair_purged_records(client_for, personas, riley):
    with _travel(ENROLLED):
        other = participant_create(
            created_by=personas.supervisor,
            agency=personas.provider,
            first_name="Someone",
            last_name="Else",
        )
    with _travel(EXITED):
        participant_change_status(
            participant=other, changed_by=personas.supervisor, status="exited", reason="Left"
        )
    with _travel(DUE_FROM + timedelta(days=1)):
        retention_purge(
            purged_by=personas.program_manager,
            participant_ids=[riley.pk, other.pk],
            token=uuid.uuid4(),
        )
    page = client_for("supervisor").get(reverse("participants:duplicates"))
    pairs = [(a.pk, b.pk) for a, b, _ in page.context["pairs"]]
    assert (min(riley.pk, other.pk), max(riley.pk, other.pk)) not in pairs


# The site setting


def _settings_post(site, **overrides):
    from lead.forms import SiteSettingsForm

    form = SiteSettingsForm(instance=site)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data | overrides


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", b"This field is required."),
        ("0", b"Ensure this value is greater than or equal to 3."),
        ("2", b"Ensure this value is greater than or equal to 3."),
        ("101", b"Ensure this value is less than or equal to 100."),
    ],
)
def test_retention_setting_refuses_short_or_blank_periods(client_for, value, message):
    site = SiteSettings.load()
    response = client_for("program_manager").post(
        reverse("site_settings"), _settings_post(site, retention_years_after_exit=value)
    )
    assert response.status_code == 200
    assert message in response.content
    if value:
        assert f'name="retention_years_after_exit" value="{value}"'.encode() in response.content
    assert SiteSettings.load().retention_years_after_exit == 7


def test_retention_setting_saves(client_for):
    response = client_for("program_manager").post(
        reverse("site_settings"),
        _settings_post(SiteSettings.load(), retention_years_after_exit="10"),
    )
    assert response.status_code == 302
    assert SiteSettings.load().retention_years_after_exit == 10


def test_the_database_refuses_a_retention_below_the_minimum(db):
    SiteSettings.load()
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.filter(pk=1).update(retention_years_after_exit=0)


def test_run_daily_uses_the_midnight_independent_cutoff(riley):
    # The cutoff is a moment, not a day: noon on the boundary day is not yet due.
    boundary = timezone.make_aware(datetime.combine(DUE_FROM.date(), time(11, 59)))
    with _travel(boundary + timedelta(minutes=2)):
        assert _due_ids() == {riley.pk}
    with _travel(boundary):
        assert _due_ids() == set()
