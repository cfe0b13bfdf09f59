"""Reads of casework. Views reach casework rows only through these and `visible_to`."""

from casework.selectors.access import (
    get_casework_participant,
    get_contact_for,
    get_goal_for,
    get_notification_for,
    get_step_for,
)
from casework.selectors.dashboards import (
    case_manager_dashboard,
    open_notifications,
    supervisor_dashboard,
)
from casework.selectors.records import (
    checkin_initial,
    contact_defaults,
    contacts_for,
    participant_section,
    plan_for,
)

__all__ = [
    "case_manager_dashboard",
    "checkin_initial",
    "contact_defaults",
    "contacts_for",
    "get_casework_participant",
    "get_contact_for",
    "get_goal_for",
    "get_notification_for",
    "get_step_for",
    "open_notifications",
    "participant_section",
    "plan_for",
    "supervisor_dashboard",
]
