"""Cost: program spending per participant served, per month and per participant-year."""

from django.db.models import Sum
from django.utils import timezone

from reports.models import CostCategory, CostEntry
from reports.selectors.common import fetch
from reports.tables import Chart, Table, percent, ratio

MONTHLY_SQL = """
WITH months AS (
    SELECT generate_series(%(first)s::date, %(last)s::date, interval '1 month')::date AS month
), spend AS (
    SELECT month, SUM(amount) AS amount FROM reports_costentry
    WHERE month BETWEEN %(first)s AND %(last)s GROUP BY month
), served AS (
    SELECT m.month, COUNT(DISTINCT e.participant_id) AS n
    FROM months m
    JOIN participants_episode e
      ON e.opened_at < (m.month + interval '1 month')::timestamp AT TIME ZONE %(tz)s
     AND (e.closed_at IS NULL OR e.closed_at >= m.month::timestamp AT TIME ZONE %(tz)s)
    JOIN participants_participant p ON p.id = e.participant_id AND p.merged_into_id IS NULL
    GROUP BY m.month
)
SELECT m.month, COALESCE(s.amount, 0) AS amount, COALESCE(v.n, 0) AS served
FROM months m LEFT JOIN spend s USING (month) LEFT JOIN served v USING (month)
ORDER BY m.month
"""


def monthly_figures(filters) -> list[dict]:
    return fetch(
        MONTHLY_SQL,
        {
            "first": filters.start.replace(day=1),
            "last": filters.end.replace(day=1),
            "tz": timezone.get_current_timezone_name(),
        },
    )


def per_participant(filters) -> Table:
    months = monthly_figures(filters)
    rows = [
        [f"{m['month']:%Y-%m}", m["amount"], m["served"], ratio(m["amount"], m["served"])]
        for m in months
    ]
    spent = sum(m["amount"] for m in months)
    participant_months = sum(m["served"] for m in months)
    per_year = ratio(spent, ratio(participant_months, 12, 4))
    return Table(
        key="per_participant",
        title="Cost per participant per month",
        columns=["Month", "Spending", "Participants served", "Cost per participant-month"],
        rows=rows,
        footer=[
            ["All months", spent, participant_months, ratio(spent, participant_months)],
            ["Per participant-year", spent, ratio(participant_months, 12), per_year],
        ],
        note=(
            "Participants served in a month: everyone with an open episode at any time in that "
            "month. Per participant-year: all spending divided by participant-months / 12. "
            "Whole calendar months are counted; a month with no participants shows 0."
        ),
        chart=Chart("line", (3,)),
    )


def by_category(filters) -> Table:
    totals = dict(
        CostEntry.objects.filter(
            month__gte=filters.start.replace(day=1), month__lte=filters.end.replace(day=1)
        )
        .values_list("category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    spent = sum(totals.values())
    return Table(
        key="by_category",
        title="Spending by category",
        columns=["Category", "Spending", "% of spending"],
        rows=[
            [c.label, totals.get(c.value, 0), percent(totals.get(c.value, 0), spent)]
            for c in CostCategory
        ],
        footer=[["All categories", spent, percent(spent, spent)]],
        note=f"Denominator: {spent} spent in the months of the period.",
        chart=Chart("hbar", (1,)),
    )


TABLES = [per_participant, by_category]
