"""The workgroup pack: the period's headline figures against the period just before it."""

from django.db.models import Count, Q

from casework.models import Contact
from coordination.models import LegalEvent, LegalEventType
from participants.models import Episode
from referrals.models import Decision, Referral
from reports.selectors.cost import monthly_figures
from reports.tables import Chart, Table, change, percent, ratio


def _between(field: str, period) -> Q:
    return Q(**{f"{field}__gte": period.start_at, f"{field}__lt": period.end_before})


def _days(field: str, period) -> Q:
    return Q(**{f"{field}__range": (period.start, period.end)})


def headline(filters) -> Table:
    now, before = filters, filters.previous()
    referrals = Referral.objects.filter(
        _between("submitted_at", before)
        | _between("submitted_at", now)
        | _between("decided_at", before)
        | _between("decided_at", now)
    ).aggregate(
        **{
            f"received_{k}": Count("id", filter=_between("submitted_at", p))
            for k, p in (("now", now), ("before", before))
        },
        **{
            f"approved_{k}": Count(
                "id", filter=_between("decided_at", p) & Q(decision=Decision.APPROVED)
            )
            for k, p in (("now", now), ("before", before))
        },
    )
    served = Q(participant__merged_into__isnull=True)
    episodes = Episode.objects.filter(served).aggregate(
        **{
            f"intakes_{k}": Count("id", filter=_between("intake_completed_at", p))
            for k, p in (("now", now), ("before", before))
        },
        **{
            f"served_{k}": Count(
                "participant_id",
                distinct=True,
                filter=Q(opened_at__lt=p.end_before)
                & (Q(closed_at__isnull=True) | Q(closed_at__gte=p.start_at)),
            )
            for k, p in (("now", now), ("before", before))
        },
    )
    contacts = (
        Contact.objects.counted()
        .filter(_between("occurred_at", before) | _between("occurred_at", now))
        .aggregate(
            **{
                f"{name}_{k}": Count("id", filter=_between("occurred_at", p) & extra)
                for k, p in (("now", now), ("before", before))
                for name, extra in (("contacts", Q()), ("substantive", Q(substantive=True)))
            }
        )
    )
    events = LegalEvent.objects.filter(Q(occurred_on__range=(before.start, now.end))).aggregate(
        **{
            f"{name}_{k}": Count("id", filter=_days("occurred_on", p) & Q(event_type=kind))
            for k, p in (("now", now), ("before", before))
            for name, kind in (
                ("arrests", LegalEventType.ARREST),
                ("bookings", LegalEventType.JAIL_BOOKING),
                ("ems", LegalEventType.EMS_VISIT),
            )
        }
    )
    costs = {}
    for k, p in (("now", now), ("before", before)):
        months = monthly_figures(p)
        spent = sum(m["amount"] for m in months)
        costs[f"spent_{k}"] = spent
        costs[f"per_month_{k}"] = ratio(spent, sum(m["served"] for m in months))
    f = referrals | episodes | contacts | events | costs

    def line(label, key, unit):
        return [
            label,
            f[f"{key}_now"],
            f[f"{key}_before"],
            change(f[f"{key}_before"], f[f"{key}_now"]),
            unit,
        ]

    share_now = percent(f["substantive_now"], f["contacts_now"])
    share_before = percent(f["substantive_before"], f["contacts_before"])
    rows = [
        line("Referrals received", "received", "count"),
        line("Referrals approved", "approved", "count"),
        line("Intakes completed", "intakes", "count"),
        line("Participants served", "served", "open episode in the period"),
        line("Contacts", "contacts", "count (voided left out)"),
        [
            "Substantive share of contacts",
            share_now,
            share_before,
            change(share_before, share_now),
            f"% of {f['contacts_now']} (now) and {f['contacts_before']} (before)",
        ],
        line("Arrests of participants", "arrests", "count"),
        line("Jail bookings of participants", "bookings", "count"),
        line("EMS calls", "ems", "count"),
        line("Program spending", "spent", "whole months touched by the period"),
        line("Cost per participant-month", "per_month", "spending / participant-months"),
    ]
    return Table(
        key="headline",
        title="Headline figures",
        columns=["Figure", "This period", "Previous period", "Change", "Basis"],
        rows=rows,
        note=(
            f"This period: {now.start:%Y-%m-%d} to {now.end:%Y-%m-%d}. Previous period: "
            f"{before.start:%Y-%m-%d} to {before.end:%Y-%m-%d} (the same number of days)."
        ),
        chart=Chart("hbar", (1, 2), rows=(0, 1, 2, 3, 6, 7, 8)),
    )


TABLES = [headline]
