"""Referrals: volume by pathway and month, who refers, decisions, the funnel and its timing."""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from participants.models import ParticipantStatus
from referrals.models import Decision, Pathway, Referral
from referrals.status import DeadlineState
from reports.periods import month_starts
from reports.selectors.common import Median, epoch_seconds, race_group, race_label, race_sorted
from reports.tables import Chart, Table, percent, ratio


def referrals_in(filters):
    qs = Referral.objects.filter(
        submitted_at__gte=filters.start_at, submitted_at__lt=filters.end_before
    )
    if filters.agency_id:
        qs = qs.filter(referring_agency_id=filters.agency_id)
    if filters.area:
        qs = qs.filter(area__iexact=filters.area)
    return qs


def by_pathway_month(filters) -> Table:
    rows = (
        referrals_in(filters)
        .annotate(month=TruncMonth("submitted_at"))
        .values_list("month", "pathway")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(month.date(), pathway): n for month, pathway, n in rows}
    pathways = list(Pathway)
    table_rows = []
    for month in month_starts(filters.start, filters.end):
        values = [counts.get((month, p.value), 0) for p in pathways]
        table_rows.append([f"{month:%Y-%m}", *values, sum(values)])
    totals = [sum(r[i] for r in table_rows) for i in range(1, len(pathways) + 2)]
    table_rows.append(["All months", *totals])
    return Table(
        key="pathway_month",
        title="Referrals by pathway and month",
        columns=["Month", *[p.label for p in pathways], "All pathways"],
        rows=table_rows,
        note=f"Denominator: {totals[-1]} referrals filed in the period.",
        chart=Chart("stacked", tuple(range(1, len(pathways) + 1)), skip_last_row=True),
    )


def by_agency_area(filters) -> Table:
    rows = list(
        referrals_in(filters)
        .values_list("referring_agency__name", "area")
        .annotate(n=Count("id"), approved=Count("id", filter=Q(decision=Decision.APPROVED)))
        .order_by("referring_agency__name", "area")
    )
    total = sum(r[2] for r in rows)
    return Table(
        key="agency_area",
        title="Referrals by agency and area (unit)",
        columns=["Agency", "Area", "Referrals", "% of all referrals", "Approved", "% approved"],
        rows=[[a, area, n, percent(n, total), ap, percent(ap, n)] for a, area, n, ap in rows],
        footer=[["All", "", total, percent(total, total), sum(r[3] for r in rows), ""]],
        note=f"Denominator: {total} referrals filed in the period.",
        chart=Chart("hbar", (2, 4)),
    )


def by_officer(filters) -> Table:
    rows = list(
        referrals_in(filters)
        .values_list("referred_by__last_name", "referred_by__first_name", "referring_agency__name")
        .annotate(n=Count("id"), approved=Count("id", filter=Q(decision=Decision.APPROVED)))
        .order_by("-n", "referred_by__last_name", "referred_by__first_name")
    )
    total = sum(r[3] for r in rows)
    return Table(
        key="officer",
        title="Referrals by officer",
        columns=["Officer", "Agency", "Referrals", "% of all referrals", "Approved"],
        rows=[
            [f"{first} {last}".strip(), agency, n, percent(n, total), ap]
            for last, first, agency, n, ap in rows
        ],
        footer=[["All officers", "", total, percent(total, total), sum(r[4] for r in rows)]],
        note=f"Denominator: {total} referrals filed in the period.",
        chart=Chart("hbar", (2, 4)),
    )


def by_decision_reason(filters) -> Table:
    rows = list(
        referrals_in(filters)
        .values_list("decision", "decision_reasons__label")
        .annotate(n=Count("id", distinct=True))
        .order_by("decision", "decision_reasons__label")
    )
    # A referral with several reasons appears once per reason; decisions count it once.
    decided = dict(referrals_in(filters).values_list("decision").annotate(n=Count("id")).order_by())
    total = sum(decided.values())
    table_rows = []
    for decision in Decision:
        n = decided.get(decision.value, 0)
        table_rows.append([decision.label, "(all)", n, percent(n, total)])
        for code, reason, count in rows:
            if code == decision.value and reason is not None:
                table_rows.append([decision.label, reason, count, percent(count, n)])
    return Table(
        key="decision_reason",
        title="Referrals by decision and reason code",
        columns=["Decision", "Reason code", "Referrals", "% (of all, or of the decision)"],
        rows=table_rows,
        note=(
            f"Denominator: {total} referrals. Reason rows are a share of their decision; a "
            "referral given several reasons counts under each."
        ),
        chart=Chart("hbar", (2,)),
    )


def race_of_referred(filters) -> Table:
    rows = dict(
        referrals_in(filters)
        .annotate(group=race_group("participant__race_ethnicity", nullable=True))
        .values_list("group")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = sum(rows.values())
    return Table(
        key="race",
        title="Race and ethnicity of the people referred",
        columns=["Race or ethnicity", "Referrals", "% of referrals"],
        rows=[[race_label(c), rows[c], percent(rows[c], total)] for c in race_sorted(rows)],
        footer=[["All", total, percent(total, total)]],
        note=(
            f"Denominator: {total} referrals. Race and ethnicity are self-reported at intake, "
            "so referrals not yet matched to a person have none."
        ),
        chart=Chart("hbar", (1,)),
    )


def funnel(filters) -> Table:
    counts = referrals_in(filters).aggregate(
        referred=Count("id"),
        approved=Count("id", filter=Q(decision=Decision.APPROVED)),
        intake=Count("id", filter=Q(episode__intake_completed_at__isnull=False)),
        active=Count("id", filter=Q(participant__status=ParticipantStatus.ACTIVE)),
    )
    referred = counts["referred"]
    steps = [
        ("Referred", referred),
        ("Approved", counts["approved"]),
        ("Intake complete", counts["intake"]),
        ("Active now", counts["active"]),
    ]
    return Table(
        key="funnel",
        title="From referral to active participation",
        columns=["Step", "Referrals", "% of referred"],
        rows=[[label, n, percent(n, referred)] for label, n in steps],
        note=f"Denominator: {referred} referrals filed in the period.",
        chart=Chart("bar", (1,)),
    )


def timing(filters, *, now=None) -> Table:
    qs = referrals_in(filters).with_state(now=now)
    figures = qs.aggregate(
        intake_n=Count("id", filter=Q(episode__intake_completed_at__isnull=False)),
        intake_median=Median(
            epoch_seconds("episode__intake_completed_at", "submitted_at"),
            filter=Q(episode__intake_completed_at__isnull=False),
        ),
        in_time=Count("id", filter=Q(deadline_state=DeadlineState.COMPLETE)),
        missed=Count("id", filter=Q(deadline_state=DeadlineState.MISSED)),
        running=Count("id", filter=Q(deadline_state=DeadlineState.RUNNING)),
        handoff_n=Count(
            "id",
            filter=Q(handoff_called_at__isnull=False, handoff_arrived_at__isnull=False),
        ),
        handoff_median=Median(
            epoch_seconds("handoff_arrived_at", "handoff_called_at"),
            filter=Q(handoff_called_at__isnull=False, handoff_arrived_at__isnull=False),
        ),
    )
    decided = figures["in_time"] + figures["missed"]
    days = ratio(figures["intake_median"] or 0, 86400, 1)
    minutes = ratio(figures["handoff_median"] or 0, 60, 1)
    return Table(
        key="timing",
        title="Intake timing and warm hand-offs",
        columns=["Measure", "Value", "Of (denominator)", "Unit"],
        rows=[
            ["Median days from referral to intake", days, figures["intake_n"], "days"],
            [
                "Arrest diversions completing intake before the deadline",
                percent(figures["in_time"], decided),
                decided,
                "% of arrest diversions whose deadline is settled",
            ],
            ["Arrest diversions with the deadline still running", figures["running"], "", "count"],
            ["Median warm hand-off", minutes, figures["handoff_n"], "minutes"],
        ],
        note=(
            "Medians are over the referrals that have the two times recorded. A deadline is "
            "settled once intake is complete or the deadline has passed."
        ),
    )


TABLES = [
    by_pathway_month,
    funnel,
    timing,
    by_agency_area,
    by_officer,
    by_decision_reason,
    race_of_referred,
]
