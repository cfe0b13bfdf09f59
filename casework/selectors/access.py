"""One access path per casework object: 404 outside scope, 403 for a role without the action."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from casework.models import Contact, Goal, Notification, Step
from lead.access import Action, check
from participants.selectors import get_participant_for


def get_casework_participant(user, pk: int, *, write: bool = False):
    """The participant, if `user` may read (or, with `write`, record) their casework.

    A program manager sees the participant but not the casework: in scope, so a 403. So is
    the casework of a record purged under the retention policy: there is none left to show.
    """
    participant = get_participant_for(user, pk)
    check(user, Action.VIEW_CLINICAL)
    if write:
        check(user, Action.RECORD_CASEWORK)
    if participant.is_purged:
        raise PermissionDenied
    return participant


def _get(queryset, user, pk, write):
    found = queryset.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    if write:
        check(user, Action.RECORD_CASEWORK)
        participant = found
        for step in queryset.participant_path.split("__"):
            participant = getattr(participant, step)
        if participant.is_purged:
            raise PermissionDenied
    return found


def get_goal_for(user, pk: int, *, write: bool = False) -> Goal:
    return _get(Goal.objects.select_related("plan__participant"), user, pk, write)


def get_step_for(user, pk: int, *, write: bool = False) -> Step:
    return _get(Step.objects.select_related("goal__plan__participant"), user, pk, write)


def get_contact_for(user, pk: int, *, write: bool = False) -> Contact:
    return _get(Contact.objects.select_related("participant", "staff"), user, pk, write)


def get_notification_for(user, pk: int) -> Notification:
    found = Notification.objects.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found
