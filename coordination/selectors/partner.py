"""The partner-facing reads. They touch only non-clinical participant fields, the care team's
names and phones, and releases of information: never a clinical table."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from participants.models import CareTeamMember, Consent, ConsentCategory, Participant

# The only participant columns a partner view ever reads.
PARTNER_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "preferred_name",
    "status",
    "coordinate_before_filing",
    "coordination_summary",
)
MAX_MATCHES = 5


@dataclass
class PartnerCard:
    participant_id: int
    name: str
    categories: list[str]
    consent_ids: list[int]
    part2: bool
    status_label: str = ""
    coordinate_before_filing: bool = False
    case_manager_name: str = ""
    case_manager_phone: str = ""
    coordination_summary: str = ""
    extra: dict = field(default_factory=dict)

    def shows(self, category: str) -> bool:
        return category in self.categories


def partner_lookup(*, user, first_name: str, last_name: str, date_of_birth: date):
    """Cards for the people matching name and date of birth whose in-force release names the
    partner's agency for participation. One query when there is nothing to show, whether the
    person is unknown or has not consented, so the two cases cannot be told apart."""
    first, last = first_name.strip(), last_name.strip()
    by_name = (Q(first_name__iexact=first) | Q(preferred_name__iexact=first)) & Q(
        last_name__iexact=last
    )
    by_alias = Q(aliases__name__iexact=f"{first} {last}")
    matching = (
        Participant.objects.filter(
            by_name | by_alias, date_of_birth=date_of_birth, merged_into__isnull=True
        )
        .values("pk")
        .distinct()[:MAX_MATCHES]
    )
    consents = list(
        Consent.objects.in_force()
        .for_agency(user.agency)
        .filter(participant_id__in=matching)
        .order_by("participant_id", "id")
        .values("id", "participant_id", "categories", "covers_part2")
    )
    by_participant: dict[int, list[dict]] = {}
    for consent in consents:
        by_participant.setdefault(consent["participant_id"], []).append(consent)
    shown = {
        pid: rows
        for pid, rows in by_participant.items()
        if any(ConsentCategory.PARTICIPATION in r["categories"] for r in rows)
    }
    if not shown:
        return []
    return _cards(shown)


def _cards(consents_by_participant: dict[int, list[dict]]) -> list[PartnerCard]:
    from participants.models import ParticipantStatus

    ids = list(consents_by_participant)
    people = {
        row["id"]: row for row in Participant.objects.filter(pk__in=ids).values(*PARTNER_FIELDS)
    }
    managers = {
        row["participant_id"]: row
        for row in CareTeamMember.objects.filter(participant_id__in=ids, is_primary=True).values(
            "participant_id", "user__first_name", "user__last_name", "user__phone"
        )
    }
    cards = []
    for pid in sorted(ids):
        rows, person = consents_by_participant[pid], people[pid]
        categories = sorted({c for r in rows for c in r["categories"]})
        card = PartnerCard(
            participant_id=pid,
            name=f"{person['preferred_name'] or person['first_name']} {person['last_name']}",
            categories=categories,
            consent_ids=[r["id"] for r in rows],
            part2=any(r["covers_part2"] for r in rows),
        )
        card.status_label = ParticipantStatus(person["status"]).label
        card.coordinate_before_filing = person["coordinate_before_filing"]
        if ConsentCategory.CASE_MANAGER_CONTACT in categories and pid in managers:
            manager = managers[pid]
            card.case_manager_name = f"{manager['user__first_name']} {manager['user__last_name']}"
            card.case_manager_phone = manager["user__phone"]
        if ConsentCategory.COORDINATION_SUMMARY in categories:
            card.coordination_summary = person["coordination_summary"]
        cards.append(card)
    return cards


def partner_participant_name(*, user, participant_id: int) -> str | None:
    """The name of a participant a partner may know about, else None (treated as a 404)."""
    from coordination.models import partner_may_know

    row = (
        Participant.objects.filter(partner_may_know(user, "pk"), pk=participant_id)
        .values("first_name", "preferred_name", "last_name")
        .first()
    )
    if row is None:
        return None
    return f"{row['preferred_name'] or row['first_name']} {row['last_name']}"
