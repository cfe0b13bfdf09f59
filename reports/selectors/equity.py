"""Equity: who is referred, approved and taken in, by race and ethnicity; the diversion rate
against booked arrests that were eligible but not diverted; outcomes by race."""

from dataclasses import replace

from django.db.models import Count, Q

from referrals.models import Decision, Pathway
from reports.models import BookingRecord
from reports.selectors import outcomes
from reports.selectors.common import race_group, race_label, race_sorted
from reports.selectors.referrals import referrals_in
from reports.tables import Chart, Table, percent


def referrals_by_race(filters) -> Table:
    rows = {
        group: (n, approved, intake)
        for group, n, approved, intake in referrals_in(filters)
        .annotate(group=race_group("participant__race_ethnicity", nullable=True))
        .values_list("group")
        .annotate(
            n=Count("id"),
            approved=Count("id", filter=Q(decision=Decision.APPROVED)),
            intake=Count("id", filter=Q(episode__intake_completed_at__isnull=False)),
        )
        .order_by()
    }
    total = sum(r[0] for r in rows.values())
    return Table(
        key="referrals_race",
        title="Referrals, approvals and intakes by race and ethnicity",
        columns=[
            "Race or ethnicity",
            "Referred",
            "% of all referred",
            "Approved",
            "% approved",
            "Intake complete",
            "% of approved",
        ],
        rows=[
            [race_label(g), n, percent(n, total), ap, percent(ap, n), intake, percent(intake, ap)]
            for g in race_sorted(rows)
            for n, ap, intake in [rows[g]]
        ],
        footer=[["All", total, percent(total, total), *_totals(rows)]],
        note=(
            f"Denominator: {total} referrals in the period. Race and ethnicity are self-reported "
            "by the person at intake; a referral not yet matched to a person has none."
        ),
        chart=Chart("hbar", (1, 3, 5)),
    )


def _totals(rows: dict) -> list:
    n = sum(r[0] for r in rows.values())
    approved = sum(r[1] for r in rows.values())
    intake = sum(r[2] for r in rows.values())
    return [approved, percent(approved, n), intake, percent(intake, approved)]


def diversion_rate(filters) -> Table:
    diverted = dict(
        referrals_in(filters)
        .filter(pathway=Pathway.ARREST_DIVERSION)
        .annotate(group=race_group("participant__race_ethnicity", nullable=True))
        .values_list("group")
        .annotate(n=Count("id"))
        .order_by()
    )
    bookings = BookingRecord.objects.filter(booked_on__range=(filters.start, filters.end))
    if filters.agency_id:
        bookings = bookings.filter(agency_id=filters.agency_id)
    if filters.area:
        bookings = bookings.filter(area__iexact=filters.area)
    booked = dict(bookings.values_list("race_ethnicity").annotate(n=Count("id")).order_by())
    groups = race_sorted(dict.fromkeys([*diverted, *booked]))
    rows = []
    for g in groups:
        d, b = diverted.get(g, 0), booked.get(g, 0)
        rows.append([race_label(g), d, b, d + b, percent(d, d + b)])
    total_d, total_b = sum(diverted.values()), sum(booked.values())
    return Table(
        key="diversion_rate",
        title="Diversion rate: eligible arrests diverted and not diverted",
        columns=[
            "Race or ethnicity",
            "Diverted (arrest diversions)",
            "Eligible but booked (imported)",
            "Eligible arrests",
            "Diversion rate %",
        ],
        rows=rows,
        footer=[["All", total_d, total_b, total_d + total_b, percent(total_d, total_d + total_b)]],
        note=(
            "Eligible but booked: arrests that met the diversion criteria but were booked, from "
            "the imported booking data. The diversion rate is diverted / (diverted + booked)."
        ),
        chart=Chart("hbar", (1, 2)),
    )


def outcomes_by_race(filters) -> Table:
    # The agency and area filters here choose police agencies and referral areas; the
    # outcome cohort is the whole program's.
    return outcomes.by_race(replace(filters, agency_id=None, area=""))


TABLES = [referrals_by_race, diversion_rate, outcomes_by_race]
