"""Recording and revoking releases of information."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lead import audit
from participants.models import Consent, ConsentCategory
from participants.uploads import sniff_form_type


def _validate(
    *,
    recipient_agencies,
    recipient_agency_types,
    categories,
    signed_on,
    expires_on,
    expiry_event,
    purpose,
):
    errors = {}
    if not recipient_agencies and not recipient_agency_types:
        errors["recipient_agencies"] = "Name at least one agency or kind of agency."
    if not categories:
        errors["categories"] = "Choose at least one kind of information to share."
    elif set(categories) - set(ConsentCategory.values):
        errors["categories"] = "Choose from the listed kinds of information."
    if not purpose.strip():
        errors["purpose"] = "Say what the information is shared for."
    if signed_on is None:
        errors["signed_on"] = "Enter the date the release was signed."
    elif signed_on > timezone.localdate():
        errors["signed_on"] = "The signed date cannot be in the future."
    if expires_on is None and not expiry_event:
        errors["expires_on"] = "Enter an expiry date or choose the event that ends the release."
    elif expires_on is not None and signed_on is not None and expires_on < signed_on:
        errors["expires_on"] = "The release cannot expire before it was signed."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consent_create(
    *,
    participant,
    created_by,
    recipient_agencies=(),
    recipient_agency_types=(),
    categories=(),
    purpose: str,
    signed_on,
    expires_on=None,
    expiry_event: str = "",
    covers_part2: bool = False,
    form_scan=None,
    submission_token=None,
) -> Consent:
    _validate(
        recipient_agencies=recipient_agencies,
        recipient_agency_types=recipient_agency_types,
        categories=categories,
        signed_on=signed_on,
        expires_on=expires_on,
        expiry_event=expiry_event,
        purpose=purpose,
    )
    content_type = ""
    if form_scan:
        try:
            content_type = sniff_form_type(form_scan)
        except ValidationError as error:
            raise ValidationError({"form_scan": error.messages}) from error
    consent = Consent(
        participant=participant,
        recipient_agency_types=list(recipient_agency_types),
        categories=list(categories),
        purpose=purpose.strip(),
        signed_on=signed_on,
        expires_on=expires_on,
        expiry_event=expiry_event,
        covers_part2=covers_part2,
        form_content_type=content_type,
        created_by=created_by,
    )
    if submission_token is not None:
        consent.submission_token = submission_token
    if form_scan:
        consent.form_scan.save("form", form_scan, save=False)
    try:
        with transaction.atomic():
            consent.save()
    except IntegrityError as error:
        if consent.form_scan:
            consent.form_scan.delete(save=False)
        if Consent.objects.filter(submission_token=consent.submission_token).exists():
            raise ValidationError(
                "This release was already saved (the form was sent twice).", code="duplicate"
            ) from error
        raise
    consent.recipient_agencies.set(recipient_agencies)
    audit.record(
        actor=created_by, action="consent.create", obj=consent, participant_id=participant.pk
    )
    from participants.services.intake import episode_complete_intake_if_ready

    episode_complete_intake_if_ready(participant=participant, by=created_by)
    return consent


@transaction.atomic
def consent_revoke(*, consent, revoked_by) -> Consent:
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.revoked_at is not None:
        raise ValidationError("This release was already revoked.")
    locked.revoked_at = timezone.now()
    locked.revoked_by = revoked_by
    locked.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        actor=revoked_by, action="consent.revoke", obj=locked, participant_id=locked.participant_id
    )
    return locked
