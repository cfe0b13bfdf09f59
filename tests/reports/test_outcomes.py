"""Outcome figures against a hand-built cohort whose every number is worked out below.

Today is 2026-07-01; the period chooses people enrolled 2025-01-01 to 2026-06-30.

- Ana enrolled 2025-01-15 and has 12+ months of follow-up. Arrests 2024-08-01 and on her
  enrolment day (both before), 2025-03-01 (after); a felony charge 2024-03-01 (12-month
  before window only); a jail booking 2025-01-10 released 2025-01-20 (6 days before, 5 after);
  an EMS call 2025-12-01 (12-month after window only).
- Ben enrolled mid-window 2025-11-01 and has since exited: 6 months of follow-up, not 12.
  Arrests 2025-10-01 (before) and 2026-02-01 (after); a prison admission 2026-03-01 (after).
- Cy enrolled 2026-05-01: no follow-up yet, so he is in neither side of either comparison.
- Dee enrolled 2024-06-01, before the period: not in the cohort at all.
"""

from datetime import date

import pytest
import time_machine

from casework.models import CheckIn
from participants.services import participant_change_status
from reports.selectors import equity, outcomes
from tests.reports.helpers import at_noon, complete_intake, enrol, event, period, row

TODAY = date(2026, 7, 1)
PERIOD = period(date(2025, 1, 1), date(2026, 6, 30))


@pytest.fixture
def cohort(personas):
    p = personas
    with time_machine.travel(at_noon(date(2024, 6, 1)), tick=False):
        dee = enrol(p, date(2024, 6, 1), first_name="Dee")
    event(p, dee, "arrest", date(2025, 1, 1))
    ana = enrol(p, date(2025, 1, 15), race=["black"], first_name="Ana")
    event(p, ana, "arrest", date(2024, 8, 1))
    event(p, ana, "arrest", date(2025, 1, 15))
    event(p, ana, "arrest", date(2025, 3, 1))
    event(p, ana, "charge_filed", date(2024, 3, 1), level="felony")
    event(p, ana, "jail_booking", date(2025, 1, 10), release_date=date(2025, 1, 20))
    event(p, ana, "ems_visit", date(2025, 12, 1))
    with time_machine.travel(at_noon(date(2025, 11, 1)), tick=False):
        ben = enrol(p, date(2025, 11, 1), race=["white"], first_name="Ben")
        participant_change_status(
            participant=ben, changed_by=p.supervisor, status="active", reason="Intake done"
        )
    with time_machine.travel(at_noon(date(2026, 4, 1)), tick=False):
        participant_change_status(
            participant=ben, changed_by=p.supervisor, status="exited", reason="Moved away"
        )
    event(p, ben, "arrest", date(2025, 10, 1))
    event(p, ben, "arrest", date(2026, 2, 1))
    event(p, ben, "prison_admission", date(2026, 3, 1))
    cy = enrol(p, date(2026, 5, 1), race=["white"], first_name="Cy")
    event(p, cy, "arrest", date(2026, 4, 1))
    return {"ana": ana, "ben": ben, "cy": cy, "dee": dee}


@pytest.fixture
def today():
    with time_machine.travel(at_noon(TODAY), tick=False):
        yield


def test_six_month_comparison_counts_the_covered_people_exactly(cohort, today):
    table = outcomes.legal_6(PERIOD)
    # Ana and Ben are covered; Cy has no follow-up yet.
    assert "Covers 2 of the 3 participants" in table.note
    assert "1 do not have 6 months of follow-up" in table.note
    assert row(table, "Arrests")[1:5] == [2, 3, 2, "-33.3%"]
    assert row(table, "Arrests per person-year")[2:4] == [3, 2]
    assert row(table, "People arrested (% of those covered)")[2:4] == [100, 100]
    assert row(table, "Felony charges")[2:4] == [0, 0]
    assert row(table, "Jail bookings")[2:4] == [1, 0]
    assert row(table, "Jail days")[2:4] == [6, 5]
    assert row(table, "Prison admissions")[2:4] == [0, 1]
    assert row(table, "EMS calls")[2:4] == [0, 0]


def test_twelve_month_comparison_leaves_out_people_with_six_months(cohort, today):
    table = outcomes.legal_12(PERIOD)
    assert "Covers 1 of the 3 participants" in table.note
    assert row(table, "Arrests")[1:5] == [1, 2, 1, "-50.0%"]
    assert row(table, "Arrests per person-year")[2:4] == [2, 1]
    assert row(table, "Felony charges")[2:4] == [1, 0]
    assert row(table, "Felony charges per person-year")[2:5] == [1, 0, "-100.0%"]
    assert row(table, "EMS calls")[2:4] == [0, 1]
    assert row(table, "Prison admissions")[2:4] == [0, 0]


def test_event_on_the_enrolment_day_counts_before(personas, today):
    person = enrol(personas, date(2025, 6, 1))
    event(personas, person, "arrest", date(2025, 6, 1))
    table = outcomes.legal_6(PERIOD)
    assert row(table, "Arrests")[2:4] == [1, 0]


def test_no_one_enrolled_gives_zeros_with_denominators(personas, today):
    table = outcomes.legal_6(PERIOD)
    assert "Covers 0 of the 0 participants" in table.note
    assert row(table, "Arrests per person-year")[1:5] == [0, 0, 0, "0.0%"]
    assert row(table, "People arrested (% of those covered)")[2:4] == [0, 0]
    status = outcomes.status_change(PERIOD)
    assert row(status, "Permanently housed")[1:] == [0, 0, 0, 0, 0, "0.0%"]


def test_status_at_intake_against_latest_checkin(personas, cohort, today):
    answers = {
        "ana": {
            "housing_status": "unsheltered",
            "income_sources": ["snap"],
            "employment": "not_working",
            "health_insurance": "none",
        },
        "ben": {
            "housing_status": "shelter",
            "income_sources": ["declined"],
            "employment": "declined",
            "health_insurance": "medicaid",
        },
        "cy": {
            "housing_status": "renting",
            "income_sources": ["wages"],
            "employment": "full_time",
            "health_insurance": "private",
        },
    }
    for name, given in answers.items():
        complete_intake(personas, cohort[name], **given)

    def checkin(person, month, **fields):
        CheckIn.objects.create(
            participant=person, month=month, recorded_by=personas.case_manager_a, **fields
        )

    checkin(
        cohort["ana"],
        date(2025, 2, 1),
        housing="street",
        employment="none",
        has_income=False,
        has_insurance=False,
    )
    checkin(
        cohort["ana"],
        date(2026, 6, 1),
        housing="permanent",
        employment="part_time",
        has_income=True,
        has_insurance=True,
    )
    checkin(
        cohort["ben"],
        date(2026, 1, 1),
        housing="shelter",
        employment="none",
        has_income=False,
        has_insurance=True,
    )
    table = outcomes.status_change(PERIOD)
    # Cy has no check-in, so only Ana and Ben are compared; Ana's latest check-in counts.
    assert "2 of the 3 participants" in table.note
    sheltered = row(table, "Sheltered (shelter, transitional or permanent)")
    assert sheltered[1:6] == [2, 1, 50, 2, 100]
    assert row(table, "Permanently housed")[1:6] == [2, 0, 0, 1, 50]
    # Ben declined the income and employment questions: he is out of those denominators.
    assert row(table, "Income or benefits")[1:6] == [1, 1, 100, 1, 100]
    assert row(table, "Employed (part or full time)")[1:6] == [1, 0, 0, 1, 100]
    assert row(table, "Health insurance")[1:6] == [2, 1, 50, 2, 100]


def test_outcomes_by_race_split_the_same_cohort(cohort, today):
    table = equity.outcomes_by_race(PERIOD)
    black_6 = row(table, "Black or African American, 6 months")
    # Ana: enrolled 1, covered 1, 2 arrests before and 1 after over half a person-year.
    assert black_6[1:7] == [1, 1, 4, 2, 100, 100]
    white_6 = row(table, "White, 6 months")
    # Ben covered; Cy enrolled but not yet followed up.
    assert white_6[1:7] == [2, 1, 2, 2, 100, 100]
    assert row(table, "White, 12 months")[1:3] == [2, 0]


def test_outcomes_by_race_total_row_matches_the_whole_cohort(cohort, today):
    table = equity.outcomes_by_race(PERIOD)
    assert row(table, "All, 6 months")[1:7] == [3, 2, 3, 2, 100, 100]
    assert row(table, "All, 12 months")[1:5] == [3, 1, 2, 1]
