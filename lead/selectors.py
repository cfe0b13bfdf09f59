"""Reads of the platform's own tables."""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps

from lead.models import AuditEvent

DISCLOSURE_PREFIX = "disclosure."


@dataclass(frozen=True)
class AccountingRow:
    event: AuditEvent
    # Set for disclosures to partners: what was shown, to which agency, under which releases.
    recipient_agency: str = ""
    categories: tuple[str, ...] = ()
    consent_ids: tuple[int, ...] = ()
    part2: bool | None = None

    @property
    def occurred_at(self) -> datetime:
        return self.event.occurred_at


def accounting_of_disclosures(participant_id: int) -> list[AccountingRow]:
    """Everyone who saw or changed a participant's record, and every disclosure to a partner.

    Two queries: the audit events with their actors and agencies, then the disclosure rows
    that partner-facing events point to (when the coordination app is installed).
    """
    events = list(
        # Denied attempts showed nothing, so they are not disclosures.
        AuditEvent.objects.filter(participant_id=participant_id, outcome="ok")
        .select_related("actor__agency")
        .order_by("occurred_at", "id")
    )
    disclosures = {}
    disclosure_ids = [
        e.object_id
        for e in events
        if e.action.startswith(DISCLOSURE_PREFIX) and e.object_type == "coordination.disclosure"
    ]
    if disclosure_ids and apps.is_installed("coordination"):
        Disclosure = apps.get_model("coordination", "Disclosure")  # noqa: N806
        disclosures = {
            str(d.pk): d
            for d in Disclosure.objects.filter(pk__in=disclosure_ids).select_related("agency")
        }
    rows = []
    for event in events:
        is_disclosure = event.action.startswith(DISCLOSURE_PREFIX)
        disclosure = disclosures.get(event.object_id) if is_disclosure else None
        if disclosure is None:
            rows.append(AccountingRow(event=event))
        else:
            rows.append(
                AccountingRow(
                    event=event,
                    recipient_agency=disclosure.agency.name,
                    categories=tuple(disclosure.categories),
                    consent_ids=tuple(disclosure.consent_ids),
                    part2=disclosure.part2,
                )
            )
    return rows
