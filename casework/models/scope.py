"""Who may read casework: the participant's care team and their agency's supervisor, no one else.

Program managers see participants but never clinical content, and partners and admins see
neither, so the scope starts from the VIEW_CLINICAL action before it narrows to the person.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from lead.access import Action, can
from lead.roles import Role
from participants.models import CareTeamMember, Participant


def clinical_participants(user):
    if not can(user, Action.VIEW_CLINICAL):
        return Participant.objects.none()
    return Participant.objects.visible_to(user)


def part2_scope(user, participant_path: str) -> Q:
    """Substance-use treatment notes (42 CFR Part 2): care team and agency supervisor only.

    This is spelled out apart from the general clinical scope so that a later widening of
    that scope cannot carry Part 2 notes with it.
    """
    if not can(user, Action.VIEW_CLINICAL):
        return Q(pk__in=[])
    if user.role == Role.SUPERVISOR:
        return Q(**{f"{participant_path}__agency_id": user.agency_id})
    if user.role == Role.CASE_MANAGER:
        on_team = CareTeamMember.objects.filter(participant=OuterRef(participant_path), user=user)
        return Q(Exists(on_team))
    return Q(pk__in=[])


class CaseworkQuerySet(models.QuerySet):
    participant_path = "participant"

    def visible_to(self, user):
        return self.filter(**{f"{self.participant_path}__in": clinical_participants(user)})
