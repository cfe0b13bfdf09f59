"""Plans: goals by domain and status, and goals achieved in the period."""

from django.db.models import Count

from casework.choices import Domain, GoalStatus
from casework.models import Goal
from reports.selectors.common import fetch, named_scope, participant_scope
from reports.tables import Chart, Table, percent


def goals_by_domain_status(filters) -> Table:
    counts = {
        (domain, status): n
        for domain, status, n in Goal.objects.filter(
            participant_scope(filters, "plan__participant__"),
            created_at__lt=filters.end_before,
        )
        .values_list("domain", "status")
        .annotate(n=Count("id"))
        .order_by()
    }
    statuses = list(GoalStatus)
    rows = []
    for domain in Domain:
        values = [counts.get((domain.value, s.value), 0) for s in statuses]
        rows.append([domain.label, *values, sum(values)])
    totals = [sum(r[i] for r in rows) for i in range(1, len(statuses) + 2)]
    return Table(
        key="goals",
        title="Goals by domain and status",
        columns=["Domain", *[s.label for s in statuses], "All goals"],
        rows=rows,
        footer=[["All domains", *totals]],
        note=(
            f"Denominator: {totals[-1]} goals set by the end of the period, with their status "
            "today."
        ),
        chart=Chart("stacked", tuple(range(1, len(statuses) + 1))),
    )


ACHIEVED_SQL = """
SELECT g.domain, COUNT(DISTINCT t.goal_id) AS n
FROM (
    SELECT pgh_obj_id AS goal_id, status, pgh_created_at,
           LAG(status) OVER (PARTITION BY pgh_obj_id ORDER BY pgh_created_at, pgh_id) AS previous
    FROM casework_goalevent
    WHERE pgh_created_at < %(end_before)s
) t
JOIN casework_goal g ON g.id = t.goal_id
JOIN casework_plan pl ON pl.id = g.plan_id
JOIN participants_participant p ON p.id = pl.participant_id
WHERE t.status = 'achieved' AND (t.previous IS NULL OR t.previous <> 'achieved')
  AND t.pgh_created_at >= %(start_at)s AND {scope}
GROUP BY g.domain
"""


def goals_achieved(filters) -> Table:
    """Goals that became achieved during the period, from the goals' history."""
    params = {"start_at": filters.start_at, "end_before": filters.end_before}
    sql = ACHIEVED_SQL.format(scope=named_scope(filters, params))  # noqa: S608
    achieved = {row["domain"]: row["n"] for row in fetch(sql, params)}
    goals = dict(
        Goal.objects.filter(
            participant_scope(filters, "plan__participant__"), created_at__lt=filters.end_before
        )
        .values_list("domain")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [
        [
            d.label,
            achieved.get(d.value, 0),
            goals.get(d.value, 0),
            percent(achieved.get(d.value, 0), goals.get(d.value, 0)),
        ]
        for d in Domain
    ]
    total_achieved, total_goals = sum(achieved.values()), sum(goals.values())
    return Table(
        key="achieved",
        title="Goals achieved in the period",
        columns=["Domain", "Achieved in the period", "Goals set by the end", "%"],
        rows=rows,
        footer=[["All domains", total_achieved, total_goals, percent(total_achieved, total_goals)]],
        note=(
            "A goal counts once when it became achieved during the period (from its history). "
            "Progress is not expected to be linear, so a goal may be achieved again later."
        ),
        chart=Chart("hbar", (1, 2)),
    )


TABLES = [goals_by_domain_status, goals_achieved]
