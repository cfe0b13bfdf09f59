from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.choices import Employment, HousingStatus, IncomeSource
from casework.models import CheckIn
from casework.services import rules
from lead import audit


@transaction.atomic
def checkin_record(
    *,
    participant,
    recorded_by,
    month,
    housing: str,
    employment: str,
    has_income: bool,
    income_sources=(),
    has_insurance: bool,
) -> CheckIn:
    """Record the month's check-in; a second record for the same month corrects the first."""
    month = rules.first_of_month(month)
    errors = {}
    if month > rules.first_of_month(timezone.localdate()):
        errors["month"] = ["A check-in cannot cover a month that has not begun."]
    if housing not in HousingStatus.values:
        errors["housing"] = ["Pick a housing status."]
    if employment not in Employment.values:
        errors["employment"] = ["Pick an employment status."]
    if any(s not in IncomeSource.values for s in income_sources):
        errors["income_sources"] = ["Pick sources from the list."]
    if income_sources and not has_income:
        errors["has_income"] = ["You picked income sources: tick income or benefits too."]
    if errors:
        raise ValidationError(errors)
    fields = {
        "housing": housing,
        "employment": employment,
        "has_income": has_income,
        "income_sources": list(dict.fromkeys(income_sources)) if has_income else [],
        "has_insurance": has_insurance,
        "recorded_by": recorded_by,
        "recorded_at": timezone.now(),
    }
    checkin = (
        CheckIn.objects.select_for_update().filter(participant=participant, month=month).first()
    )
    if checkin is None:
        checkin = CheckIn.objects.create(participant=participant, month=month, **fields)
        action = "checkin.record"
    else:
        for name, value in fields.items():
            setattr(checkin, name, value)
        checkin.save(update_fields=list(fields))
        action = "checkin.correct"
    audit.record(actor=recorded_by, action=action, obj=checkin, participant_id=participant.pk)
    return checkin
