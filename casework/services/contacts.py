from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework.choices import ContactMode, Domain, LocationType, ServiceKind
from casework.models import Contact, ServiceType
from casework.services import rules
from casework.services.once import create_once
from lead import audit


def contact_staff_choices(participant, logged_by):
    """Who a contact can be logged for: the person logging it or a member of the care team."""
    from lead.models import User

    return (
        User.objects.filter(Q(pk=logged_by.pk) | Q(care_assignments__participant=participant))
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


@transaction.atomic
def contact_log(
    *,
    participant,
    logged_by,
    occurred_at,
    mode: str,
    location_type: str,
    duration_minutes: int,
    substantive: bool,
    staff=None,
    domains=(),
    goals=(),
    services=(),
    note: str = "",
    is_part2: bool = False,
    token,
) -> Contact:
    staff = staff or logged_by
    errors = {}
    try:
        rules.not_in_future(occurred_at)
    except ValidationError as e:
        errors["occurred_at"] = e.messages
    try:
        rules.duration_ok(duration_minutes)
    except ValidationError as e:
        errors["duration_minutes"] = e.messages
    if mode not in ContactMode.values:
        errors["mode"] = ["Pick how the contact happened."]
    if location_type not in LocationType.values:
        errors["location_type"] = ["Pick where it happened."]
    if any(d not in Domain.values for d in domains):
        errors["domains"] = ["Pick domains from the list."]
    if not contact_staff_choices(participant, logged_by).filter(pk=staff.pk).exists():
        errors["staff"] = ["Pick yourself or a member of the care team."]
    goals = list(goals)
    if any(g.plan.participant_id != participant.pk for g in goals):
        errors["goals"] = ["Pick goals from this participant's plan."]
    services = list(services)
    if any(not s.is_active for s in services):
        errors["services"] = ["Pick services from the current list."]
    if is_part2 and not note.strip():
        errors["is_part2"] = ["Only a note can be marked Part 2; write the note or untick this."]
    if errors:
        raise ValidationError(errors)
    contact, created = create_once(
        Contact,
        token=token,
        participant=participant,
        occurred_at=occurred_at,
        staff=staff,
        mode=mode,
        location_type=location_type,
        duration_minutes=duration_minutes,
        # An attempt that did not reach the person cannot have been substantive.
        substantive=substantive and mode != ContactMode.ATTEMPTED,
        domains=list(dict.fromkeys(domains)),
        note=note.strip(),
        is_part2=is_part2,
        created_by=logged_by,
    )
    if created:
        contact.goals.set(goals)
        contact.services.set(services)
        audit.record(
            actor=logged_by, action="contact.log", obj=contact, participant_id=participant.pk
        )
    return contact


@transaction.atomic
def contact_void(*, contact, voided_by, reason: str) -> Contact:
    try:
        reason = rules.require_text(reason, "Say why this contact is voided.")
    except ValidationError as e:
        raise ValidationError({"reason": e.messages}) from e
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if locked.voided_at is not None:
        # A second submit of the same form: the first one already voided it.
        return locked
    locked.voided_at = timezone.now()
    locked.voided_by = voided_by
    locked.void_reason = reason[:300]
    locked.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit.record(
        actor=voided_by, action="contact.void", obj=locked, participant_id=locked.participant_id
    )
    return locked


@transaction.atomic
def service_type_add(*, added_by, name: str, kind: str) -> ServiceType:
    try:
        name = rules.require_text(name, "Name the service or referral.")
    except ValidationError as e:
        raise ValidationError({"name": e.messages}) from e
    if kind not in ServiceKind.values:
        raise ValidationError({"kind": "Pick service or referral."})
    if ServiceType.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": "That one is already on the list."})
    service = ServiceType.objects.create(name=name, kind=kind)
    audit.record(actor=added_by, action="service_type.add", obj=service)
    return service


@transaction.atomic
def service_type_set_active(*, service_type, changed_by, active: bool) -> ServiceType:
    """Retire or restore a list item. Retired ones stay on the contacts that recorded them."""
    service_type.is_active = active
    service_type.save(update_fields=["is_active"])
    audit.record(actor=changed_by, action="service_type.set_active", obj=service_type)
    return service_type
