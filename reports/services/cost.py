"""Entering the program's monthly spending."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from lead import audit
from lead.access import Action, check
from reports.models import CostEntry


class MonthAlreadyEntered(Exception):
    """The month and category already have an amount; the person must choose to replace it."""

    def __init__(self, existing: CostEntry):
        super().__init__(f"{existing} already has an amount")
        self.existing = existing


@transaction.atomic
def cost_entry_save(
    *, entered_by, month, category: str, amount: Decimal, note: str = "", replace: bool = False
) -> tuple[CostEntry, bool]:
    """Record spending; returns (entry, changed). A resubmitted identical entry changes nothing."""
    check(entered_by, Action.MANAGE_PROGRAM_COSTS)
    if amount is None or amount < 0:
        raise ValidationError({"amount": "Spending cannot be negative."})
    month = month.replace(day=1)
    existing = CostEntry.objects.select_for_update().filter(month=month, category=category).first()
    if existing is None:
        entry = CostEntry.objects.create(
            month=month, category=category, amount=amount, note=note, entered_by=entered_by
        )
        audit.record(actor=entered_by, action="cost.create", obj=entry)
        return entry, True
    if existing.amount == amount and existing.note == note:
        return existing, False
    if not replace:
        raise MonthAlreadyEntered(existing)
    existing.amount, existing.note, existing.entered_by = amount, note, entered_by
    existing.save(update_fields=["amount", "note", "entered_by"])
    audit.record(actor=entered_by, action="cost.replace", obj=existing)
    return existing, True
