from django.db import transaction

from coordination.models import Disclosure
from coordination.selectors.partner import PartnerCard
from lead import audit


@transaction.atomic
def disclosure_record(*, card: PartnerCard, disclosed_to) -> Disclosure:
    """Log that a partner was shown a card: who, which categories, when, under which releases
    (42 CFR Part 2 asks this of every disclosure)."""
    disclosure = Disclosure.objects.create(
        participant_id=card.participant_id,
        disclosed_to=disclosed_to,
        agency_id=disclosed_to.agency_id,
        categories=card.categories,
        consent_ids=card.consent_ids,
        part2=card.part2,
    )
    audit.record(
        actor=disclosed_to,
        action="disclosure.partner_card",
        obj=disclosure,
        participant_id=card.participant_id,
    )
    return disclosure
