"""Care team assignment, with the site's caseload limits.

A caseload is the participants (not exited, not merged away) on whose team a case manager is
primary. Past `caseload_warn` the assignment goes ahead with a warning; past `caseload_block`
only a supervisor may proceed, and only with a reason, which goes to the audit trail.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from lead import audit
from lead.models import SiteSettings, User
from lead.roles import Role
from participants.models import CareTeamMember, ParticipantStatus


@dataclass(frozen=True)
class CaseloadWarning:
    case_manager: User
    caseload: int
    limit: int
    blocked: bool

    def __str__(self):
        level = "block" if self.blocked else "warning"
        return (
            f"{self.case_manager} would carry {self.caseload} participants as primary case "
            f"manager, past the {level} level of {self.limit}."
        )


def caseload_count(user) -> int:
    return (
        CareTeamMember.objects.filter(
            user=user, is_primary=True, participant__merged_into__isnull=True
        )
        .exclude(participant__status=ParticipantStatus.EXITED)
        .count()
    )


@transaction.atomic
def care_team_add(
    *, participant, added_by, user, primary: bool = False, override_reason: str = ""
) -> CareTeamMember:
    """Adds `user` to the team, or changes their primary flag; returns the member row.

    The row's `caseload_warning` is a CaseloadWarning when the site's warning level is passed,
    else None. Making someone primary moves the primary role off whoever held it.
    """
    if user.role != Role.CASE_MANAGER or user.agency_id != participant.agency_id:
        raise ValidationError("Only a case manager of the participant's agency can join the team.")
    # Serialise assignments to one case manager, so two at once cannot both slip under a limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    existing = CareTeamMember.objects.filter(participant=participant, user=user).first()
    warning = None
    if primary and not (existing and existing.is_primary):
        warning = _check_caseload(user, added_by, override_reason, participant)
    if primary:
        CareTeamMember.objects.filter(participant=participant, is_primary=True).exclude(
            user=user
        ).update(is_primary=False)
    reason = override_reason.strip() if warning is not None and warning.blocked else ""
    if existing is None:
        member = CareTeamMember.objects.create(
            participant=participant,
            user=user,
            is_primary=primary,
            caseload_override_reason=reason,
        )
    else:
        member = existing
        member.is_primary = primary
        if reason:
            member.caseload_override_reason = reason
        member.save(update_fields=["is_primary", "caseload_override_reason"])
    audit.record(actor=added_by, action="care_team.add", obj=member, participant_id=participant.pk)
    if warning is not None and warning.blocked:
        audit.record(
            actor=added_by,
            action="caseload.override",
            obj=member,
            participant_id=participant.pk,
        )
    member.caseload_warning = warning
    return member


def _check_caseload(user, added_by, override_reason, participant) -> CaseloadWarning | None:
    site = SiteSettings.load()
    after = caseload_count(user)
    if participant.status != ParticipantStatus.EXITED:
        after += 1
    if after > site.caseload_block:
        if added_by.role != Role.SUPERVISOR:
            raise ValidationError(
                f"{user} already carries {after - 1} participants; past the limit of "
                f"{site.caseload_block} only a supervisor may assign more.",
                code="caseload_blocked",
            )
        if not override_reason.strip():
            raise ValidationError(
                {
                    "override_reason": f"{user} would carry {after} participants, past the "
                    f"limit of {site.caseload_block}. Give a reason to go ahead."
                },
                code="caseload_blocked",
            )
        return CaseloadWarning(user, after, site.caseload_block, blocked=True)
    if after > site.caseload_warn:
        return CaseloadWarning(user, after, site.caseload_warn, blocked=False)
    return None


@transaction.atomic
def care_team_remove(*, participant, removed_by, user) -> None:
    """Takes `user` off the team. The primary case manager is replaced, not removed."""
    member = (
        CareTeamMember.objects.select_for_update()
        .filter(participant=participant, user=user)
        .first()
    )
    if member is None:
        raise ValidationError("This person is not on the care team.")
    if member.is_primary:
        raise ValidationError(
            "Assign another primary case manager first; every participant keeps one."
        )
    audit.record(
        actor=removed_by, action="care_team.remove", obj=member, participant_id=participant.pk
    )
    member.delete()
