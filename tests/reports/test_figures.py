"""Exact figures of the referrals, caseload, plans, equity, cost and pack tables on small
hand-built data, and zeros with denominators when there is none."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from casework.models import Contact, Goal, Plan
from participants.models import Episode
from referrals.models import ReasonCode, Referral
from reports.models import BookingImportBatch, BookingRecord, CostEntry
from reports.selectors import caseload, cost, equity, pack, plans, referrals
from tests.referrals.factories import ReferralFactory
from tests.reports.helpers import at_noon, enrol, period, row

TODAY = date(2026, 3, 15)
MARCH = period(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def today():
    with time_machine.travel(at_noon(TODAY), tick=False):
        yield


def _referral(p, day, **fields):
    return ReferralFactory(referred_by=p.officer, submitted_at=at_noon(day), **fields)


def test_referral_funnel_timing_and_race(personas, today):
    p = personas
    ana = enrol(p, date(2026, 3, 2), race=["black"])
    ben = enrol(p, date(2026, 3, 3), race=["black", "white"])
    Episode.objects.filter(participant=ana).update(intake_completed_at=at_noon(date(2026, 3, 6)))
    ana.status = "active"
    ana.save(update_fields=["status"])
    called = at_noon(date(2026, 3, 2))
    _referral(
        p,
        date(2026, 3, 2),
        decision="approved",
        participant=ana,
        episode=ana.episodes.get(),
        handoff_called_at=called,
        handoff_arrived_at=called + timedelta(minutes=20),
    )
    _referral(
        p,
        date(2026, 3, 3),
        decision="approved",
        participant=ben,
        episode=ben.episodes.get(),
        handoff_called_at=called,
        handoff_arrived_at=called + timedelta(minutes=40),
    )
    declined = _referral(p, date(2026, 3, 4), decision="declined")
    declined.decision_reasons.add(ReasonCode.objects.create(code="violent", label="Violent"))
    _referral(p, date(2026, 3, 5), pathway="social_contact")
    _referral(p, date(2026, 2, 27))  # before the period

    funnel = referrals.funnel(MARCH)
    assert [r[1:] for r in funnel.rows] == [[4, 100], [2, 50], [1, 25], [1, 25]]
    timing = referrals.timing(MARCH)
    assert row(timing, "Median days from referral to intake")[1:3] == [4, 1]
    # Ana's deadline is settled (intake in time); Ben's and the pending one still run.
    assert row(timing, "Arrest diversions completing intake before the deadline")[1:3] == [100, 1]
    assert row(timing, "Median warm hand-off")[1:3] == [30, 2]
    race = referrals.race_of_referred(MARCH)
    assert row(race, "Black or African American")[1:] == [1, 25]
    assert row(race, "More than one race or ethnicity")[1:] == [1, 25]
    assert row(race, "Not yet matched to a person")[1:] == [2, 50]
    months = referrals.by_pathway_month(MARCH)
    assert row(months, "2026-03")[1:] == [3, 1, 0, 4]
    decisions = referrals.by_decision_reason(MARCH)
    assert ["Declined", "Violent", 1, 100] in decisions.rows
    assert row(decisions, "Approved")[2:] == [2, 50]


def test_empty_period_gives_zeros_with_denominators(personas, today):
    for builder in [
        *referrals.TABLES,
        *caseload.TABLES,
        *plans.TABLES,
        *equity.TABLES,
        *cost.TABLES,
        *pack.TABLES,
    ]:
        table = builder(period(date(2020, 1, 1), date(2020, 1, 31)))
        assert table.columns and (table.rows or table.footer), builder.__name__
    funnel = referrals.funnel(MARCH)
    assert [r[1:] for r in funnel.rows] == [[0, 0]] * 4
    spend = cost.per_participant(MARCH)
    assert row(spend, "Per participant-year")[1:] == [0, 0, 0]


def test_caseload_levels_and_engagement(today, personas):
    from lead.models import SiteSettings
    from participants.services import care_team_add

    p = personas
    SiteSettings.objects.filter(pk=1).update(caseload_warn=1, caseload_block=2)
    SiteSettings.load()
    extra = enrol(p, date(2026, 3, 1))
    care_team_add(participant=extra, added_by=p.supervisor, user=p.case_manager_a, primary=True)
    table = caseload.caseloads(period(date(2026, 3, 1), date(2026, 3, 31), agency_id=p.provider.pk))
    assert [r[2] for r in table.rows] == [2, 0]
    assert table.rows[0][5] == "Over the warning level"
    # Pat (created today) and the new participant each have a participant-month in March.
    for n, (when, substantive) in enumerate(
        [(date(2026, 3, 2), True), (date(2026, 3, 3), False), (date(2026, 2, 1), True)]
    ):
        Contact.objects.create(
            participant=p.participant,
            occurred_at=at_noon(when),
            staff=p.case_manager_a,
            created_by=p.case_manager_a,
            mode="in_person",
            location_type="street",
            duration_minutes=10,
            substantive=substantive,
            domains=["housing", "legal"][: n + 1],
        )
    engagement = caseload.engagement(MARCH)
    assert row(engagement, "Contacts per participant-month")[1:] == [2, 2, 1]
    assert row(engagement, "Substantive contacts")[1:] == [1, 2, "50.0%"]
    domains = caseload.contacts_by_domain(MARCH)
    assert row(domains, "Housing")[1:] == [2, 100]
    assert row(domains, "Legal and court obligations")[1:] == [1, 50]
    silent = caseload.no_recent_contact(MARCH)
    # As of 31 March, Pat's last contact (3 March) is within 30 days; the new person has none.
    assert row(silent, "All")[1:] == [2, 1, 50]


def test_goals_achieved_counts_each_goal_once_per_period(personas):
    p = personas
    plan = Plan.objects.create(participant=p.participant, created_by=p.case_manager_a)
    goal = Goal.objects.create(
        plan=plan, text="A place", domain="housing", created_by=p.case_manager_a
    )
    Goal.objects.create(
        plan=plan, text="ID", domain="id_documents", status="achieved", created_by=p.case_manager_a
    )
    for status in ["achieved", "in_progress", "achieved"]:
        goal.status = status
        goal.save(update_fields=["status", "updated_at"])
    today = timezone.localdate()
    now = period(today - timedelta(days=1), today)
    table = plans.goals_achieved(now)
    assert row(table, "Housing")[1:] == [1, 1, 100]
    assert row(table, "ID and documents")[1:] == [1, 1, 100]
    assert row(table, "All domains")[1:] == [2, 2, 100]
    earlier = plans.goals_achieved(period(today - timedelta(days=30), today - timedelta(days=1)))
    assert row(earlier, "All domains")[1] == 0
    by_status = plans.goals_by_domain_status(now)
    assert row(by_status, "Housing")[1:] == [0, 0, 1, 0, 0, 1]


def test_diversion_rate_by_race(personas, today):
    p = personas
    ana = enrol(p, date(2026, 3, 2), race=["black"])
    _referral(p, date(2026, 3, 2), decision="approved", participant=ana)
    batch = BookingImportBatch.objects.create(uploaded_by=p.program_manager, filename="b.csv")
    for n, (race, day) in enumerate(
        [
            ("black", date(2026, 3, 3)),
            ("black", date(2026, 3, 4)),
            ("white", date(2026, 3, 5)),
            ("white", date(2026, 1, 1)),
        ]
    ):
        BookingRecord.objects.create(
            source_id=f"b{n}", booked_on=day, race_ethnicity=race, batch=batch
        )
    table = equity.diversion_rate(MARCH)
    assert row(table, "Black or African American")[1:] == [1, 2, 3, Decimal("33.3")]
    assert row(table, "White")[1:] == [0, 1, 1, 0]
    assert row(table, "All")[1:] == [1, 3, 4, 25]
    by_race = equity.referrals_by_race(MARCH)
    assert row(by_race, "Black or African American")[1:] == [1, 100, 1, 100, 0, 0]


def test_cost_per_participant_month_and_year(today, personas):
    p = personas
    CostEntry.objects.create(
        month=date(2026, 2, 1), category="staff", amount=3000, entered_by=p.program_manager
    )
    CostEntry.objects.create(
        month=date(2026, 3, 1), category="staff", amount=2000, entered_by=p.program_manager
    )
    CostEntry.objects.create(
        month=date(2026, 3, 1), category="housing", amount=1000, entered_by=p.program_manager
    )
    enrol(p, date(2026, 2, 10))  # served in February and March; Pat only in March
    table = cost.per_participant(period(date(2026, 2, 1), date(2026, 3, 31)))
    assert row(table, "2026-02")[1:] == [3000, 1, 3000]
    assert row(table, "2026-03")[1:] == [3000, 2, 1500]
    assert row(table, "All months")[1:] == [6000, 3, 2000]
    assert row(table, "Per participant-year")[1:] == [6000, Decimal("0.25"), 24000]
    categories = cost.by_category(MARCH)
    assert row(categories, "Staff")[1:] == [2000, Decimal("66.7")]


def test_pack_compares_with_the_previous_period(personas, today):
    p = personas
    _referral(p, date(2026, 3, 2))
    _referral(p, date(2026, 3, 3))
    _referral(p, date(2026, 2, 20))
    table = pack.headline(MARCH)
    # The previous period is the 31 days before 1 March.
    assert row(table, "Referrals received")[1:4] == [2, 1, "+100.0%"]
    assert Referral.objects.count() == 3
