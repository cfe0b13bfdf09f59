"""Retention of referrals never linked to a participant: due the site's period after their last
event, listed without names on the program manager's page and purged in the same confirmation,
through the same field list as a referral matched to a purged record.

Officer Quinn filed three referrals on 2018-01-10 at noon that never became a participant:
Dee's was declined by the reviewer on 2018-02-01, Pax's was approved then and the person
declined on 2018-06-15, Ned's was never decided. With the default period of 7 years Dee's is
due from just after 2025-02-01 12:00, Pax's from just after 2025-06-15 12:00 (the later
event counts) and Ned's from just after 2025-01-10 12:00.
"""

import uuid
from datetime import date, timedelta

import pghistory.models
import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from casework.models import Notification
from lead.models import AuditEvent, SiteSettings
from participants.models import PURGED_LABEL, Participant, RetentionPurge
from participants.selectors import referral_retention_due
from participants.services import retention_purge
from participants.services.retention import IDENTIFYING_REFERRAL_FIELDS
from referrals.models import ReasonCode, Referral
from referrals.services import referral_decide, referral_record_person_declined
from reports.selectors import referrals as referral_reports
from tests.lead.test_pages import SESSION
from tests.participants.test_retention import _aware, _travel
from tests.referrals.factories import ReferralFactory
from tests.reports.helpers import period

SUBMITTED = _aware(2018, 1, 10, 12)
DECIDED = _aware(2018, 2, 1, 12)
PERSON_DECLINED = _aware(2018, 6, 15, 12)
DEE_DUE_FROM = _aware(2025, 2, 1, 12)
PAX_DUE_FROM = _aware(2025, 6, 15, 12)
AFTER_ALL = PAX_DUE_FROM + timedelta(days=1)
REPORT_PERIOD = period(date(2017, 1, 1), date(2019, 12, 31))

IDENTIFYING = {
    "first_name": "Dorabella",
    "last_name": "Wrenhollow",
    "aliases": "Wren",
    "date_of_birth": date(1979, 5, 4),
    "approximate_age": 39,
    "physical_description": "Wrenhollow green coat",
    "how_to_find": "Under the Wrenhollow bridge",
    "incident_number": "INC-WREN",
    "location": "Wrenhollow and 3rd",
    "offenses": "Wrenhollow possession",
    "drug_type": "Wrenhollow powder",
    "drug_quantity_grams": 2,
    "activity_place": "Wrenhollow park",
    "community_referrer": "Wrenhollow church",
    "narrative": "Wrenhollow narrative in the field",
    "flag_reason": "Wrenhollow flag reason",
}
KEPT = [
    "pathway",
    "referred_by_id",
    "referring_agency_id",
    "submitted_at",
    "incident_at",
    "area",
    "hold_requested",
    "verification",
    "activity_date",
    "activity_inside_area",
    "exclusions_marked",
    "flags",
    "decision",
    "decided_by_id",
    "decided_at",
    "person_declined_at",
]


def _reason(decision: str) -> ReasonCode:
    return ReasonCode.objects.filter(applies_to__in=[decision, "both"]).order_by("pk").first()


@pytest.fixture
def unlinked(personas):
    """Dee (declined), Pax (approved, the person declined) and Ned (never decided)."""
    p = personas
    with _travel(SUBMITTED):
        dee = ReferralFactory(
            referred_by=p.officer,
            verification="records",
            flags=["quantity"],
            **IDENTIFYING,
        )
        pax = ReferralFactory(referred_by=p.officer, first_name="Pax", last_name="Example")
        ned = ReferralFactory(referred_by=p.officer, first_name="Ned", last_name="Example")
    with _travel(DECIDED):
        dee = referral_decide(
            referral=dee,
            decided_by=p.prosecutor,
            decision="declined",
            reasons=[_reason("declined")],
            note="Wrenhollow decision note",
        )
        referral_decide(
            referral=pax,
            decided_by=p.prosecutor,
            decision="approved",
            reasons=[_reason("approved")],
        )
    with _travel(PERSON_DECLINED):
        referral_record_person_declined(referral=pax, recorded_by=p.supervisor)
    Notification.objects.create(
        user=p.supervisor, kind="other", text="Dorabella was declined", link=_link(dee)
    )
    return dee, pax, ned


def _link(referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def _due(moment) -> set[int]:
    with _travel(moment):
        return set(referral_retention_due().values_list("pk", flat=True))


def _purge(personas, referrals, token=None):
    return retention_purge(
        purged_by=personas.program_manager,
        participant_ids=[],
        referral_ids=[r.pk for r in referrals],
        token=token or uuid.uuid4(),
    )


def _reports() -> dict:
    return {
        "pathway": referral_reports.by_pathway_month(REPORT_PERIOD).rows,
        "agency": referral_reports.by_agency_area(REPORT_PERIOD).rows,
        "officer": referral_reports.by_officer(REPORT_PERIOD).rows,
        "reasons": referral_reports.by_decision_reason(REPORT_PERIOD).rows,
        "funnel": referral_reports.funnel(REPORT_PERIOD).rows,
        "race": referral_reports.race_of_referred(REPORT_PERIOD).rows,
    }


# Which referrals are due


def test_due_on_both_sides_of_the_boundary_of_the_last_event(unlinked):
    dee, pax, ned = unlinked
    assert dee.pk not in _due(DEE_DUE_FROM - timedelta(days=1))
    assert dee.pk not in _due(DEE_DUE_FROM)
    assert dee.pk in _due(DEE_DUE_FROM + timedelta(seconds=1))
    # A never-decided referral counts from its submission.
    assert ned.pk in _due(_aware(2025, 1, 10, 12) + timedelta(seconds=1))
    assert ned.pk not in _due(_aware(2025, 1, 10, 12))


def test_the_latest_event_counts(unlinked):
    dee, pax, ned = unlinked
    # Pax's decision is as old as Dee's, but the person declined later.
    assert _due(DEE_DUE_FROM + timedelta(days=1)) == {dee.pk, ned.pk}
    assert pax.pk not in _due(PAX_DUE_FROM)
    assert _due(PAX_DUE_FROM + timedelta(seconds=1)) == {dee.pk, pax.pk, ned.pk}
    with _travel(AFTER_ALL):
        rows = {r.pk: r.last_event_at for r in referral_retention_due()}
    assert rows == {dee.pk: DECIDED, pax.pk: PERSON_DECLINED, ned.pk: SUBMITTED}


def test_a_longer_site_period_moves_the_boundary(unlinked):
    SiteSettings.objects.update(retention_years_after_exit=10)
    assert _due(AFTER_ALL) == set()
    assert len(_due(_aware(2028, 6, 16, 12))) == 3


def test_a_linked_referral_is_never_due_on_its_own(personas, unlinked):
    with _travel(SUBMITTED):
        linked = ReferralFactory(referred_by=personas.officer, participant=personas.participant)
    assert linked.pk not in _due(_aware(2040, 1, 1, 12))
    # Even listed by hand, the purge skips it.
    with _travel(_aware(2040, 1, 1, 12)):
        result = _purge(personas, [linked])
    assert (result.purged, result.referrals_purged) == (0, 0)
    linked.refresh_from_db()
    assert linked.purged_at is None and linked.first_name


def test_a_purged_referral_is_not_due_again(personas, unlinked):
    dee = unlinked[0]
    with _travel(AFTER_ALL):
        _purge(personas, [dee])
    assert dee.pk not in _due(AFTER_ALL)


# The purge


def test_purge_clears_every_identifying_field_and_its_history(personas, unlinked):
    dee = unlinked[0]
    event_model = next(
        m
        for m in apps.get_models()
        if issubclass(m, pghistory.models.Event) and m.pgh_tracked_model is Referral
    )
    assert event_model.objects.filter(pgh_obj_id=dee.pk).exists()
    before = Referral.objects.filter(pk=dee.pk).values(*KEPT).get()
    reasons = set(dee.decision_reasons.values_list("pk", flat=True))
    with _travel(AFTER_ALL):
        result = _purge(personas, [dee])
    assert (result.purged, result.referrals_purged) == (0, 1)
    dee.refresh_from_db()
    for field, cleared in IDENTIFYING_REFERRAL_FIELDS.items():
        assert getattr(dee, field) == cleared, field
    assert set(IDENTIFYING) | {"decision_note"} <= set(IDENTIFYING_REFERRAL_FIELDS)
    assert dee.purged_at == AFTER_ALL
    assert dee.person_name == PURGED_LABEL
    assert Referral.objects.filter(pk=dee.pk).values(*KEPT).get() == before
    assert set(dee.decision_reasons.values_list("pk", flat=True)) == reasons
    assert not event_model.objects.filter(pgh_obj_id=dee.pk).exists()
    assert "Dorabella" not in Notification.objects.get(link=_link(dee)).text
    # Nothing else was touched: no participant, the other referrals keep their names.
    assert not Participant.objects.filter(purged_at__isnull=False).exists()
    assert set(Referral.objects.exclude(pk=dee.pk).values_list("first_name", flat=True)) >= {
        "Pax",
        "Ned",
    }


def test_purge_keeps_the_referral_report_figures(personas, unlinked):
    with _travel(_aware(2019, 1, 1, 12)):
        before = _reports()
    # Not vacuous: the three referrals are in the figures.
    assert before["funnel"][0][1] == 3
    with _travel(AFTER_ALL):
        result = _purge(personas, unlinked)
    assert result.referrals_purged == 3
    with _travel(_aware(2019, 1, 1, 12)):
        assert _reports() == before


def test_one_audit_event_per_referral_and_one_for_the_batch(personas, unlinked):
    with _travel(AFTER_ALL):
        result = _purge(personas, unlinked)
    events = AuditEvent.objects.filter(action="referral.purge")
    assert sorted(int(e.object_id) for e in events) == sorted(r.pk for r in unlinked)
    assert {e.object_type for e in events} == {"referrals.referral"}
    assert {e.actor for e in events} == {personas.program_manager}
    batch_event = AuditEvent.objects.get(action="retention.purge")
    assert batch_event.object_id == str(result.batch.pk)
    assert result.batch.referral_ids == sorted(r.pk for r in unlinked)
    assert result.batch.purged_count == 0


def test_double_submit_purges_nothing_twice(personas, unlinked):
    token = uuid.uuid4()
    with _travel(AFTER_ALL):
        first = _purge(personas, unlinked[:2], token=token)
        again = _purge(personas, unlinked, token=token)
    assert (first.referrals_purged, first.referrals_remaining) == (2, 1)
    assert again.repeated and again.batch == first.batch and again.referrals_purged == 2
    assert RetentionPurge.objects.count() == 1
    assert AuditEvent.objects.filter(action="referral.purge").count() == 2
    assert unlinked[2].pk in _due(AFTER_ALL)


def test_referrals_count_toward_a_cap_of_their_own(personas, unlinked, monkeypatch):
    from participants import selectors

    monkeypatch.setattr(selectors, "PURGE_BATCH_SIZE", 2)
    with _travel(AFTER_ALL):
        result = _purge(personas, unlinked)
    # The two whose last event is oldest: Ned (submitted) and Dee (decided).
    assert (result.referrals_purged, result.referrals_remaining) == (2, 1)
    assert set(result.batch.referral_ids) == {unlinked[0].pk, unlinked[2].pk}


# The program manager's page


@pytest.mark.parametrize("name", ["officer", "prosecutor", "case_manager_a", "supervisor", "admin"])
def test_only_the_program_manager_may_confirm(client_for, unlinked, name):
    with _travel(AFTER_ALL):
        response = client_for(name).post(
            reverse("participants:retention"),
            {
                "confirm": "on",
                "participant_ids": "",
                "referral_ids": ",".join(str(r.pk) for r in unlinked),
                "token": str(uuid.uuid4()),
            },
        )
    assert response.status_code == 403
    assert not Referral.objects.filter(purged_at__isnull=False).exists()


def test_page_lists_them_without_names_and_the_confirmation_purges_them(client_for, unlinked):
    dee, pax, ned = unlinked
    client = client_for("program_manager")
    url = reverse("participants:retention")
    with _travel(AFTER_ALL):
        page = client.get(url)
        html = page.content.decode()
        assert "Referrals never linked to a participant" in html
        assert 'id="referral-due-count"><strong>3</strong> referrals' in html
        for r in unlinked:
            assert r.reference in html
        assert "Dorabella" not in html and "Pax" not in html and "Wrenhollow" not in html
        assert "Purge 3 referrals<" in html
        form = page.context["form"]
        assert form.initial["participant_ids"] == ""
        post = {
            "confirm": "on",
            "participant_ids": form.initial["participant_ids"],
            "referral_ids": form.initial["referral_ids"],
            "token": str(form.initial["token"]),
        }
        done = client.post(url, post, follow=True)
        assert "Purged 3 unlinked referrals. No more records are due." in done.content.decode()
        assert b'id="referral-due-count"><strong>0</strong>' in done.content
        again = client.post(url, post, follow=True)
    assert "already carried out: 3 unlinked referrals were purged then" in (again.content.decode())
    assert Referral.objects.filter(purged_at__isnull=False).count() == 3
    assert RetentionPurge.objects.count() == 1


def test_an_empty_confirmation_redisplays_with_the_error(client_for, unlinked):
    with _travel(AFTER_ALL):
        response = client_for("program_manager").post(
            reverse("participants:retention"),
            {
                "confirm": "on",
                "participant_ids": "",
                "referral_ids": "",
                "token": str(uuid.uuid4()),
            },
        )
    assert response.status_code == 200
    assert b"The list of records was not recognised." in response.content
    assert not Referral.objects.filter(purged_at__isnull=False).exists()


def test_page_query_count_does_not_grow_with_referrals(
    client_for, personas, unlinked, django_assert_num_queries
):
    client = client_for("program_manager")
    url = reverse("participants:retention")
    with _travel(AFTER_ALL):
        client.get(url)
        # the session's five (tests.lead.test_pages.SESSION), then site settings, the records
        # due with their agency (none), the unlinked referrals due with their agency (one
        # query; fewer than a batch, so no count), and the recent purges with who made them.
        with django_assert_num_queries(SESSION + 4):
            client.get(url)
    with _travel(SUBMITTED):
        for _ in range(4):
            ReferralFactory(referred_by=personas.officer)
    with _travel(AFTER_ALL):
        assert referral_retention_due().count() == 7
        with django_assert_num_queries(SESSION + 4):
            client.get(url)


# The daily job


def test_run_daily_reports_both_counts_and_purges_nothing(personas, unlinked, capsys):
    with _travel(DEE_DUE_FROM + timedelta(days=1)):
        call_command("run_daily")
        call_command("run_daily")
    out = capsys.readouterr().out
    assert (
        "report_retention_due: 0 participant record(s) due for purging (7 years after exit), "
        "2 referral(s) never linked to a participant due"
    ) in out
    assert not Referral.objects.filter(purged_at__isnull=False).exists()
    assert not RetentionPurge.objects.exists()
    alerts = Notification.objects.filter(user=personas.program_manager)
    assert [a.link for a in alerts] == [reverse("participants:retention")]
    assert "2 referral(s) never linked" in alerts[0].text
    assert "Dorabella" not in alerts[0].text
