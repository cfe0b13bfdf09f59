"""Caseload and engagement: who is in the program, how heavy the caseloads are, and how often
people are seen."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from casework.choices import Domain
from casework.models import Contact
from lead.models import SiteSettings, User
from lead.roles import Role
from participants.models import Participant, ParticipantStatus
from reports.selectors.common import fetch, named_scope, participant_scope
from reports.tables import Chart, Table, percent, ratio


def by_status(filters) -> Table:
    counts = dict(
        Participant.objects.filter(participant_scope(filters))
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = sum(counts.values())
    return Table(
        key="status",
        title="Participants by status (today)",
        columns=["Status", "Participants", "% of all"],
        rows=[
            [s.label, counts.get(s.value, 0), percent(counts.get(s.value, 0), total)]
            for s in ParticipantStatus
        ],
        footer=[["All", total, percent(total, total)]],
        note=f"Denominator: {total} participant records (merged duplicates not counted).",
        chart=Chart("bar", (1,)),
    )


def caseloads(filters) -> Table:
    """Primary caseload per case manager, as care_team counts it: not exited, not merged."""
    counted = Q(
        care_assignments__is_primary=True,
        care_assignments__participant__merged_into__isnull=True,
    ) & ~Q(care_assignments__participant__status=ParticipantStatus.EXITED)
    users = User.objects.filter(role=Role.CASE_MANAGER, is_active=True)
    if filters.agency_id:
        users = users.filter(agency_id=filters.agency_id)
    if filters.area:
        users = users.filter(agency__area=filters.area)
    rows = list(
        users.annotate(caseload=Count("care_assignments", filter=counted))
        .values_list("first_name", "last_name", "username", "agency__name", "caseload")
        .order_by("-caseload", "last_name", "first_name")
    )
    site = SiteSettings.load()
    warn, block = site.caseload_warn, site.caseload_block

    def level(n):
        if n > block:
            return "Over the block level"
        if n > warn:
            return "Over the warning level"
        return "Within limits"

    over_warn = sum(1 for r in rows if r[4] > warn)
    return Table(
        key="caseload",
        title="Caseload per case manager",
        columns=["Case manager", "Agency", "Caseload", "Warn above", "Block above", "Level"],
        rows=[
            [f"{first} {last}".strip() or username, agency, n, warn, block, level(n)]
            for first, last, username, agency, n in rows
        ],
        note=(
            f"{over_warn} of {len(rows)} case managers are over the warning level of {warn}. "
            "A caseload counts participants (not exited) for whom they are the primary case "
            "manager."
        ),
        chart=Chart("hbar", (2, 3, 4)),
    )


ENGAGEMENT_SQL = """
WITH people AS (
    SELECT p.id FROM participants_participant p WHERE {scope}
), months AS (
    SELECT generate_series(%(first_month)s::date, %(last_month)s::date, interval '1 month')::date
        AS month
), served AS (
    SELECT COUNT(DISTINCT (e.participant_id, m.month)) AS n
    FROM participants_episode e
    JOIN people ON people.id = e.participant_id
    JOIN months m
      ON e.opened_at < LEAST((m.month + interval '1 month')::date, %(end_excl)s::date)::timestamp
                       AT TIME ZONE %(tz)s
     AND (e.closed_at IS NULL
          OR e.closed_at >= GREATEST(m.month, %(start)s::date)::timestamp AT TIME ZONE %(tz)s)
)
SELECT
    (SELECT n FROM served) AS participant_months,
    COUNT(c.id) AS contacts,
    COUNT(c.id) FILTER (WHERE c.substantive) AS substantive,
    COUNT(DISTINCT c.participant_id) AS people_contacted
FROM casework_contact c
JOIN people ON people.id = c.participant_id
WHERE c.voided_at IS NULL AND c.occurred_at >= %(start_at)s AND c.occurred_at < %(end_before)s
"""


def engagement(filters) -> Table:
    params = {
        "first_month": filters.start.replace(day=1),
        "last_month": filters.end.replace(day=1),
        "start": filters.start,
        "end_excl": filters.end + timedelta(days=1),
        "start_at": filters.start_at,
        "end_before": filters.end_before,
        "tz": timezone.get_current_timezone_name(),
    }
    sql = ENGAGEMENT_SQL.format(scope=named_scope(filters, params))  # noqa: S608
    row = fetch(sql, params)[0]
    months, contacts, substantive = row["participant_months"], row["contacts"], row["substantive"]
    return Table(
        key="engagement",
        title="Contacts per participant-month",
        columns=["Measure", "Count", "Of (denominator)", "Rate"],
        rows=[
            ["Contacts per participant-month", contacts, months, ratio(contacts, months)],
            ["Substantive contacts", substantive, contacts, f"{percent(substantive, contacts)}%"],
            ["Participants contacted", row["people_contacted"], "", ""],
        ],
        note=(
            "A participant-month is a calendar month of the period (or its part inside the "
            "period) in which the person had an open episode. Voided contacts are not counted."
        ),
        chart=Chart("bar", (1, 2)),
    )


DOMAIN_SQL = """
SELECT d.domain, COUNT(*) AS n
FROM casework_contact c
JOIN participants_participant p ON p.id = c.participant_id
CROSS JOIN LATERAL unnest(c.domains) AS d(domain)
WHERE c.voided_at IS NULL AND c.occurred_at >= %(start_at)s AND c.occurred_at < %(end_before)s
  AND {scope}
GROUP BY d.domain
"""


def contacts_by_domain(filters) -> Table:
    params = {"start_at": filters.start_at, "end_before": filters.end_before}
    sql = DOMAIN_SQL.format(scope=named_scope(filters, params))  # noqa: S608
    counts = {row["domain"]: row["n"] for row in fetch(sql, params)}
    total_contacts = (
        Contact.objects.counted()
        .filter(
            participant__in=Participant.objects.filter(participant_scope(filters)),
            occurred_at__gte=filters.start_at,
            occurred_at__lt=filters.end_before,
        )
        .count()
    )
    return Table(
        key="domains",
        title="Contacts by domain",
        columns=["Domain", "Contacts", "% of contacts"],
        rows=[
            [d.label, counts.get(d.value, 0), percent(counts.get(d.value, 0), total_contacts)]
            for d in Domain
        ],
        note=(
            f"Denominator: {total_contacts} contacts in the period. A contact can address "
            "several domains, so the shares can add up to more than 100%."
        ),
        chart=Chart("hbar", (1,)),
    )


def no_recent_contact(filters) -> Table:
    days = SiteSettings.load().no_contact_alert_days
    cutoff = filters.end_before - timedelta(days=days)
    recent = Contact.objects.counted().filter(
        participant=OuterRef("pk"), occurred_at__gte=cutoff, occurred_at__lt=filters.end_before
    )
    rows = list(
        Participant.objects.filter(participant_scope(filters))
        .exclude(status=ParticipantStatus.EXITED)
        .values_list("agency__name")
        .annotate(open=Count("id"), out_of_touch=Count("id", filter=~Q(Exists(recent))))
        .order_by("agency__name")
    )
    total = sum(r[1] for r in rows)
    out = sum(r[2] for r in rows)
    return Table(
        key="no_contact",
        title=f"Participants with no contact in {days} days",
        columns=["Agency", "Participants (not exited)", f"No contact in {days} days", "%"],
        rows=[[a, n, o, percent(o, n)] for a, n, o in rows],
        footer=[["All", total, out, percent(out, total)]],
        note=(
            f"As of the end of the period; {days} days is the site's setting. Denominator: "
            f"{total} participants who have not exited."
        ),
        chart=Chart("hbar", (1, 2)),
    )


TABLES = [by_status, caseloads, engagement, contacts_by_domain, no_recent_contact]
