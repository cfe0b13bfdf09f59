"""Writes to casework. Each takes the acting user, validates, and writes the audit row."""

from casework.services.contacts import (
    contact_log,
    contact_void,
    service_type_add,
    service_type_set_active,
)
from casework.services.monthly import checkin_record
from casework.services.notifications import notification_create, notification_mark_done
from casework.services.plans import (
    goal_create,
    goal_update,
    plan_get_or_start,
    plan_review_add,
    progress_note_add,
    step_complete,
    step_create,
)
from casework.services.reassign import participant_reassign

__all__ = [
    "checkin_record",
    "contact_log",
    "contact_void",
    "goal_create",
    "goal_update",
    "notification_create",
    "notification_mark_done",
    "participant_reassign",
    "plan_get_or_start",
    "plan_review_add",
    "progress_note_add",
    "service_type_add",
    "service_type_set_active",
    "step_complete",
    "step_create",
]
