"""The access policy: what each role may do.

Object scope lives in each model's `visible_to(user)` queryset; this module answers the other
question, whether a role may take an action at all. Out of scope is a 404, a role that lacks
the action is a 403.
"""

from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied

from lead.roles import Role


class Action(StrEnum):
    FILE_REFERRALS = "file_referrals"
    # Referrals (issue 3)
    VIEW_REFERRALS = "view_referrals"
    REVIEW_REFERRALS = "review_referrals"
    MATCH_REFERRALS = "match_referrals"
    VIEW_COORDINATION_QUEUE = "view_coordination_queue"
    VIEW_PARTICIPANTS = "view_participants"
    EDIT_PARTICIPANTS = "edit_participants"
    SEARCH_PARTICIPANTS = "search_participants"
    # Program-wide identity search, to attach a new referral to an existing person.
    MATCH_PARTICIPANTS = "match_participants"
    MANAGE_CARE_TEAM = "manage_care_team"
    MERGE_PARTICIPANTS = "merge_participants"
    # Confirm the purge of records past the site's retention period.
    PURGE_RECORDS = "purge_records"
    VIEW_CLINICAL = "view_clinical"
    VIEW_AGENCY_CASELOAD = "view_agency_caseload"
    EDIT_SITE_SETTINGS = "edit_site_settings"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_USERS = "manage_users"
    # Coordination (issue 6)
    PARTNER_LOOKUP = "partner_lookup"
    RECORD_LEGAL_EVENTS = "record_legal_events"
    VIEW_LEGAL_EVENTS = "view_legal_events"
    IMPORT_LEGAL_EVENTS = "import_legal_events"
    CLEAR_FILING_FLAG = "clear_filing_flag"
    OPEN_CONSULTATIONS = "open_consultations"
    ANSWER_CONSULTATIONS = "answer_consultations"
    VIEW_CONSULTATIONS = "view_consultations"
    MANAGE_WORKGROUP = "manage_workgroup"
    VIEW_WORKGROUP = "view_workgroup"
    # Casework (issue 5)
    RECORD_CASEWORK = "record_casework"
    REASSIGN_CASELOAD = "reassign_caseload"
    # Reports (issue 7): aggregates only, never a participant's details.
    VIEW_REPORTS = "view_reports"
    VIEW_PROGRAM_REPORTS = "view_program_reports"
    MANAGE_PROGRAM_COSTS = "manage_program_costs"
    IMPORT_BOOKINGS = "import_bookings"
    REFRESH_REPORT_SNAPSHOTS = "refresh_report_snapshots"


_PARTNER_COORDINATION = {
    Action.PARTNER_LOOKUP,
    Action.RECORD_LEGAL_EVENTS,
    Action.VIEW_LEGAL_EVENTS,
    Action.VIEW_WORKGROUP,
}
_CARE_COORDINATION = {
    Action.VIEW_LEGAL_EVENTS,
    Action.CLEAR_FILING_FLAG,
    Action.ANSWER_CONSULTATIONS,
    Action.VIEW_CONSULTATIONS,
    Action.VIEW_WORKGROUP,
}

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.OFFICER: frozenset({Action.FILE_REFERRALS} | _PARTNER_COORDINATION),
    Role.PROSECUTOR: frozenset(
        {
            Action.VIEW_COORDINATION_QUEUE,
            Action.OPEN_CONSULTATIONS,
            Action.VIEW_CONSULTATIONS,
            Action.CLEAR_FILING_FLAG,
        }
        | _PARTNER_COORDINATION
    ),
    Role.CASE_MANAGER: frozenset(
        {
            Action.VIEW_PARTICIPANTS,
            Action.EDIT_PARTICIPANTS,
            Action.VIEW_CLINICAL,
            Action.RECORD_CASEWORK,
        }
        | _CARE_COORDINATION
    ),
    Role.SUPERVISOR: frozenset(
        {
            Action.VIEW_PARTICIPANTS,
            Action.EDIT_PARTICIPANTS,
            Action.VIEW_CLINICAL,
            Action.VIEW_AGENCY_CASELOAD,
            Action.RECORD_CASEWORK,
            Action.REASSIGN_CASELOAD,
        }
        | _CARE_COORDINATION
    ),
    # Program managers see the program, never clinical content.
    Role.PROGRAM_MANAGER: frozenset(
        {
            Action.VIEW_PARTICIPANTS,
            Action.EDIT_SITE_SETTINGS,
            Action.VIEW_LEGAL_EVENTS,
            Action.IMPORT_LEGAL_EVENTS,
            Action.VIEW_CONSULTATIONS,
            Action.MANAGE_WORKGROUP,
            Action.VIEW_WORKGROUP,
        }
    ),
    # Admins run accounts and the audit log, and see no participant content at all.
    Role.ADMIN: frozenset({Action.VIEW_AUDIT_LOG, Action.MANAGE_USERS}),
}


# Referrals (issue 3). Which reviewer role actually decides is a site setting, checked by
# referrals.selectors.can_review; matching people to referrals is for the care side only.
_REFERRAL_ACTIONS = {
    Role.PROSECUTOR: {Action.VIEW_REFERRALS, Action.REVIEW_REFERRALS},
    Role.CASE_MANAGER: {Action.VIEW_REFERRALS, Action.MATCH_REFERRALS},
    Role.SUPERVISOR: {Action.VIEW_REFERRALS, Action.REVIEW_REFERRALS, Action.MATCH_REFERRALS},
    Role.PROGRAM_MANAGER: {Action.VIEW_REFERRALS, Action.REVIEW_REFERRALS},
}
for _role, _actions in _REFERRAL_ACTIONS.items():
    ROLE_ACTIONS[_role] = ROLE_ACTIONS[_role] | _actions

# Participants (issue 4): search, program-wide matching, care team and merges.
_PARTICIPANT_ACTIONS = {
    Role.CASE_MANAGER: {Action.SEARCH_PARTICIPANTS, Action.MATCH_PARTICIPANTS},
    Role.SUPERVISOR: {
        Action.SEARCH_PARTICIPANTS,
        Action.MATCH_PARTICIPANTS,
        Action.MANAGE_CARE_TEAM,
        Action.MERGE_PARTICIPANTS,
    },
    Role.PROGRAM_MANAGER: {Action.MATCH_PARTICIPANTS, Action.PURGE_RECORDS},
}
for _role, _actions in _PARTICIPANT_ACTIONS.items():
    ROLE_ACTIONS[_role] = ROLE_ACTIONS[_role] | _actions

# Reports (issue 7): supervisors see their agency's caseload and engagement; program managers
# see every report, enter spending and import booking data.
_REPORT_ACTIONS = {
    Role.SUPERVISOR: {Action.VIEW_REPORTS},
    Role.PROGRAM_MANAGER: {
        Action.VIEW_REPORTS,
        Action.VIEW_PROGRAM_REPORTS,
        Action.MANAGE_PROGRAM_COSTS,
        Action.IMPORT_BOOKINGS,
        Action.REFRESH_REPORT_SNAPSHOTS,
    },
}
for _role, _actions in _REPORT_ACTIONS.items():
    ROLE_ACTIONS[_role] = ROLE_ACTIONS[_role] | _actions


def can(user, action: Action) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return action in ROLE_ACTIONS.get(user.role, frozenset())


def check(user, action: Action) -> None:
    if not can(user, action):
        raise PermissionDenied


def require(action: Action):
    """View decorator: 403 unless the user's role may take `action`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            check(request.user, action)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
