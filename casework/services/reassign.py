from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from casework.choices import NotificationKind
from casework.services.notifications import notification_create
from participants.models import CareTeamMember
from participants.services import care_team_add, care_team_remove


@transaction.atomic
def participant_reassign(
    *,
    participant,
    reassigned_by,
    to_user,
    override_reason: str = "",
    remove_previous: bool = False,
):
    """Make `to_user` the participant's primary case manager.

    Caseload limits are the care team's rule (participants.services.care_team_add): it warns
    or refuses, and a supervisor's reason overrides the block.
    """
    if to_user.agency_id != reassigned_by.agency_id:
        raise ValidationError({"to_user": "Pick a case manager of your agency."})
    previous = (
        CareTeamMember.objects.filter(participant=participant, is_primary=True)
        .exclude(user=to_user)
        .select_related("user")
        .first()
    )
    member = care_team_add(
        participant=participant,
        added_by=reassigned_by,
        user=to_user,
        primary=True,
        override_reason=override_reason.strip(),
    )
    if remove_previous and previous is not None:
        care_team_remove(participant=participant, removed_by=reassigned_by, user=previous.user)
    notification_create(
        user=to_user,
        kind=NotificationKind.CASELOAD,
        text=f"{reassigned_by} made you primary case manager for {participant.display_name}.",
        link=reverse("participants:detail", args=[participant.pk]),
    )
    return member
