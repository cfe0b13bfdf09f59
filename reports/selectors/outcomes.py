"""Outcomes: legal events in the months before enrolment against the months after, and
housing, income, employment and insurance at intake against the latest monthly check-in.

Definitions the tables state on the page:
- Enrolment is the day the person's first episode opened (every participant counts,
  including those who later exited: the comparison is by intention to treat).
- The before window is the N months up to and including the enrolment day; the after window
  the N months following it. An event on the enrolment day is "before": it is usually the
  arrest that brought the person in.
- A participant is covered by the N-month comparison once N months have passed since their
  enrolment; people with less follow-up are left out of both sides.
"""

from django.utils import timezone

from reports.selectors.common import RACE_GROUP_SQL, fetch, named_scope, race_label, race_sorted
from reports.tables import Chart, Table, change, percent, ratio

WINDOWS = (6, 12)

ENROLMENT_CTE = """
enrol AS (
    SELECT p.id AS pid, {group} AS grp,
           (MIN(e.opened_at) AT TIME ZONE %(tz)s)::date AS enrolled_on
    FROM participants_participant p
    JOIN participants_episode e ON e.participant_id = p.id
    WHERE {scope}
    GROUP BY p.id
    HAVING (MIN(e.opened_at) AT TIME ZONE %(tz)s)::date BETWEEN %(start)s AND %(end)s
)"""

# Days in custody are calendar days from booking to release (both included), clipped to the
# window; a booking with no release date yet counts up to today.
LEGAL_SQL = """
WITH {enrolment}, windows AS (
    SELECT enrol.*, w.months,
           (enrolled_on - make_interval(months => w.months))::date AS before_from,
           (enrolled_on + make_interval(months => w.months))::date AS after_to
    FROM enrol CROSS JOIN unnest(%(windows)s::int[]) AS w(months)
    WHERE (enrolled_on + make_interval(months => w.months))::date <= %(today)s
), per_person AS (
    SELECT w.pid, w.grp, w.months,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'arrest' AND ev.occurred_on <= w.enrolled_on)
            AS arrests_before,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'arrest' AND ev.occurred_on > w.enrolled_on)
            AS arrests_after,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'charge_filed' AND ev.level = 'felony'
                             AND ev.occurred_on <= w.enrolled_on) AS felonies_before,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'charge_filed' AND ev.level = 'felony'
                             AND ev.occurred_on > w.enrolled_on) AS felonies_after,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'jail_booking'
                             AND ev.occurred_on <= w.enrolled_on) AS bookings_before,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'jail_booking'
                             AND ev.occurred_on > w.enrolled_on) AS bookings_after,
        COALESCE(SUM(GREATEST(0,
            LEAST(COALESCE(ev.release_date, %(today)s), w.enrolled_on)
            - GREATEST(ev.occurred_on, w.before_from + 1) + 1))
            FILTER (WHERE ev.event_type = 'jail_booking'), 0) AS jail_days_before,
        COALESCE(SUM(GREATEST(0,
            LEAST(COALESCE(ev.release_date, %(today)s), w.after_to)
            - GREATEST(ev.occurred_on, w.enrolled_on + 1) + 1))
            FILTER (WHERE ev.event_type = 'jail_booking'), 0) AS jail_days_after,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'prison_admission'
                             AND ev.occurred_on <= w.enrolled_on) AS prison_before,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'prison_admission'
                             AND ev.occurred_on > w.enrolled_on) AS prison_after,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'ems_visit'
                             AND ev.occurred_on <= w.enrolled_on) AS ems_before,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'ems_visit'
                             AND ev.occurred_on > w.enrolled_on) AS ems_after,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'er_visit'
                             AND ev.occurred_on <= w.enrolled_on) AS er_before,
        COUNT(ev.id) FILTER (WHERE ev.event_type = 'er_visit'
                             AND ev.occurred_on > w.enrolled_on) AS er_after
    FROM windows w
    LEFT JOIN coordination_legalevent ev
      ON ev.participant_id = w.pid AND ev.occurred_on > w.before_from
     AND ev.occurred_on <= w.after_to
    GROUP BY w.pid, w.grp, w.months
)
SELECT grp, months, COUNT(*) AS people,
    SUM(arrests_before) AS arrests_before, SUM(arrests_after) AS arrests_after,
    COUNT(*) FILTER (WHERE arrests_before > 0) AS arrested_before,
    COUNT(*) FILTER (WHERE arrests_after > 0) AS arrested_after,
    SUM(felonies_before) AS felonies_before, SUM(felonies_after) AS felonies_after,
    SUM(bookings_before) AS bookings_before, SUM(bookings_after) AS bookings_after,
    SUM(jail_days_before) AS jail_days_before, SUM(jail_days_after) AS jail_days_after,
    SUM(prison_before) AS prison_before, SUM(prison_after) AS prison_after,
    SUM(ems_before) AS ems_before, SUM(ems_after) AS ems_after,
    SUM(er_before) AS er_before, SUM(er_after) AS er_after
FROM per_person GROUP BY grp, months
UNION ALL
SELECT grp, 0, COUNT(*), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
FROM enrol GROUP BY grp
"""

# (label, key, whether it is a count of people rather than of events)
MEASURES = [
    ("Arrests", "arrests", False),
    ("People arrested", "arrested", True),
    ("Felony charges", "felonies", False),
    ("Jail bookings", "bookings", False),
    ("Jail days", "jail_days", False),
    ("Prison admissions", "prison", False),
    ("EMS calls", "ems", False),
    ("Emergency-room visits", "er", False),
]


def legal_outcomes(filters, *, by_race: bool = False, windows=WINDOWS) -> dict:
    """{(group, months): figures}; months 0 holds the number enrolled in the period."""
    params = {
        "tz": timezone.get_current_timezone_name(),
        "start": filters.start,
        "end": filters.end,
        "today": timezone.localdate(),
        "windows": list(windows),
    }
    group = RACE_GROUP_SQL.format(col="p.race_ethnicity") if by_race else "''"
    enrolment = ENROLMENT_CTE.format(group=group, scope=named_scope(filters, params))
    sql = LEGAL_SQL.format(enrolment=enrolment)  # noqa: S608
    return {(row["grp"], row["months"]): row for row in fetch(sql, params)}


def _zero() -> dict:
    return {"people": 0} | {
        f"{k}_{side}": 0 for _, k, _ in MEASURES for side in ("before", "after")
    }


def _window_table(filters, months: int) -> Table:
    figures = legal_outcomes(filters, windows=(months,))
    enrolled = figures.get(("", 0), {"people": 0})["people"]
    row = figures.get(("", months)) or _zero()
    people = row["people"]
    person_years = ratio(people * months, 12)
    rows = [
        [
            "Arrests per person-year",
            people,
            ratio(row["arrests_before"], person_years),
            ratio(row["arrests_after"], person_years),
            change(row["arrests_before"], row["arrests_after"]),
            f"per person-year ({person_years} person-years each side)",
        ],
    ]
    for label, key, is_people in MEASURES:
        before, after = row[f"{key}_before"], row[f"{key}_after"]
        if is_people:
            rows.append(
                [
                    f"{label} (% of those covered)",
                    people,
                    percent(before, people),
                    percent(after, people),
                    change(before, after),
                    f"{before} before, {after} after, of {people}",
                ]
            )
        else:
            rows.append([label, people, before, after, change(before, after), "count"])
    rows.append(
        [
            "Felony charges per person-year",
            people,
            ratio(row["felonies_before"], person_years),
            ratio(row["felonies_after"], person_years),
            change(row["felonies_before"], row["felonies_after"]),
            "per person-year",
        ]
    )
    return Table(
        key=f"legal_{months}",
        title=f"{months} months before and after enrolment",
        columns=["Measure", "Participants covered", "Before", "After", "Change", "Unit"],
        rows=rows,
        note=(
            f"Covers {people} of the {enrolled} participants enrolled in the period: those "
            f"enrolled at least {months} months ago. {enrolled - people} do not have "
            f"{months} months of follow-up yet and are left out of both sides. An event on "
            "the enrolment day counts as before."
        ),
        # The event counts share one axis; rates, shares and jail days would dwarf or hide them.
        chart=Chart("hbar", (2, 3), rows=(1, 3, 4, 6, 7, 8)),
    )


def legal_6(filters) -> Table:
    return _window_table(filters, 6)


def legal_12(filters) -> Table:
    return _window_table(filters, 12)


STATUS_SQL = """
WITH {enrolment}, intake AS (
    SELECT DISTINCT ON (ia.participant_id) ia.participant_id, ia.housing_status,
           ia.income_sources, ia.employment, ia.health_insurance
    FROM participants_intakeassessment ia
    JOIN enrol ON enrol.pid = ia.participant_id
    WHERE ia.status = 'complete'
    ORDER BY ia.participant_id, ia.completed_at, ia.id
), latest AS (
    SELECT DISTINCT ON (c.participant_id) c.participant_id, c.housing, c.employment,
           c.has_income, c.has_insurance
    FROM casework_checkin c
    JOIN enrol ON enrol.pid = c.participant_id
    ORDER BY c.participant_id, c.month DESC
), paired AS (
    SELECT i.*, l.housing, l.employment AS latest_employment, l.has_income, l.has_insurance,
           i.housing_status NOT IN ('', 'declined') AS housing_known,
           cardinality(i.income_sources) > 0
               AND NOT ('declined' = ANY(i.income_sources)) AS income_known,
           i.employment NOT IN ('', 'declined') AS employment_known,
           i.health_insurance NOT IN ('', 'declined', 'unknown') AS insurance_known
    FROM intake i JOIN latest l USING (participant_id)
)
SELECT
    (SELECT COUNT(*) FROM enrol) AS enrolled,
    COUNT(*) AS paired,
    COUNT(*) FILTER (WHERE housing_known) AS housing_n,
    COUNT(*) FILTER (WHERE housing_known AND housing_status = ANY(%(sheltered_intake)s))
        AS sheltered_intake,
    COUNT(*) FILTER (WHERE housing_known AND housing = ANY(%(sheltered_checkin)s))
        AS sheltered_latest,
    COUNT(*) FILTER (WHERE housing_known AND housing_status = 'renting') AS permanent_intake,
    COUNT(*) FILTER (WHERE housing_known AND housing = 'permanent') AS permanent_latest,
    COUNT(*) FILTER (WHERE income_known) AS income_n,
    COUNT(*) FILTER (WHERE income_known AND income_sources && %(income_codes)s::varchar[])
        AS income_intake,
    COUNT(*) FILTER (WHERE income_known AND has_income) AS income_latest,
    COUNT(*) FILTER (WHERE employment_known) AS employment_n,
    COUNT(*) FILTER (WHERE employment_known AND employment = ANY(%(employed_intake)s))
        AS employed_intake,
    COUNT(*) FILTER (WHERE employment_known AND latest_employment = ANY(%(employed_checkin)s))
        AS employed_latest,
    COUNT(*) FILTER (WHERE insurance_known) AS insurance_n,
    COUNT(*) FILTER (WHERE insurance_known AND health_insurance = ANY(%(insured_intake)s))
        AS insured_intake,
    COUNT(*) FILTER (WHERE insurance_known AND has_insurance) AS insured_latest
FROM paired
"""

# The intake and the check-in ask in different words; these say which answers match.
SHELTERED_INTAKE = ["shelter", "transitional", "renting"]
SHELTERED_CHECKIN = ["shelter", "transitional", "permanent"]
# Informal income (recycling, panhandling) is not "legitimate income or benefits".
INCOME_INTAKE = ["wages", "ssi_ssdi", "snap", "cash_assistance", "other"]
EMPLOYED_INTAKE = ["part_time", "full_time"]
EMPLOYED_CHECKIN = ["part_time", "full_time"]
INSURED_INTAKE = ["medicaid", "medicare", "private", "va"]


def status_change(filters) -> Table:
    params = {
        "tz": timezone.get_current_timezone_name(),
        "start": filters.start,
        "end": filters.end,
        "sheltered_intake": SHELTERED_INTAKE,
        "sheltered_checkin": SHELTERED_CHECKIN,
        "income_codes": INCOME_INTAKE,
        "employed_intake": EMPLOYED_INTAKE,
        "employed_checkin": EMPLOYED_CHECKIN,
        "insured_intake": INSURED_INTAKE,
    }
    enrolment = ENROLMENT_CTE.format(group="''", scope=named_scope(filters, params))
    row = fetch(STATUS_SQL.format(enrolment=enrolment), params)[0]  # noqa: S608
    measures = [
        ("Sheltered (shelter, transitional or permanent)", "housing_n", "sheltered"),
        ("Permanently housed", "housing_n", "permanent"),
        ("Income or benefits", "income_n", "income"),
        ("Employed (part or full time)", "employment_n", "employed"),
        ("Health insurance", "insurance_n", "insured"),
    ]
    rows = []
    for label, denominator, key in measures:
        n, at_intake, latest = row[denominator], row[f"{key}_intake"], row[f"{key}_latest"]
        rows.append(
            [
                label,
                n,
                at_intake,
                percent(at_intake, n),
                latest,
                percent(latest, n),
                change(at_intake, latest),
            ]
        )
    return Table(
        key="status",
        title="At intake and at the latest monthly check-in",
        columns=[
            "Measure",
            "Participants",
            "At intake",
            "% at intake",
            "Latest check-in",
            "% latest",
            "Change",
        ],
        rows=rows,
        note=(
            f"{row['paired']} of the {row['enrolled']} participants enrolled in the period have "
            "both a completed intake assessment and a monthly check-in. Each measure counts "
            "those who answered it at intake (declined answers are left out)."
        ),
        chart=Chart("hbar", (3, 5)),
    )


def by_race(filters) -> Table:
    figures = legal_outcomes(filters, by_race=True)
    groups = race_sorted({grp: 1 for grp, _ in figures})
    rows, footer = [], []
    for grp in [*groups, None]:
        if grp is None:
            # All groups together: the sum of the rows above.
            sums = {}
            for (_, months), figure in figures.items():
                for name, value in figure.items():
                    if name != "grp":
                        sums[(months, name)] = sums.get((months, name), 0) + value
            found = {m: {n: v for (mm, n), v in sums.items() if mm == m} for m in (0, *WINDOWS)}
            label, target = "All", footer
        else:
            found = {m: figures.get((grp, m)) for m in (0, *WINDOWS)}
            label, target = race_label(grp), rows
        enrolled = (found[0] or {"people": 0}).get("people", 0)
        for months in WINDOWS:
            row = found[months] or _zero()
            people = row["people"]
            years = ratio(people * months, 12)
            target.append(
                [
                    f"{label}, {months} months",
                    enrolled,
                    people,
                    ratio(row["arrests_before"], years),
                    ratio(row["arrests_after"], years),
                    percent(row["arrested_before"], people),
                    percent(row["arrested_after"], people),
                    row["bookings_before"],
                    row["bookings_after"],
                ]
            )
    return Table(
        key="outcomes_race",
        title="Outcomes by race and ethnicity",
        columns=[
            "Group and window",
            "Enrolled",
            "Covered",
            "Arrests per person-year before",
            "Arrests per person-year after",
            "% arrested before",
            "% arrested after",
            "Jail bookings before",
            "Jail bookings after",
        ],
        rows=rows,
        footer=footer,
        note=(
            "Same definitions as the outcomes report. Covered: enrolled in the period with at "
            "least the window's months of follow-up."
        ),
        chart=Chart("hbar", (3, 4)),
    )


TABLES = [legal_6, legal_12, status_change]
