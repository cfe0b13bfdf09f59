"""Writes to participant records. Each takes the acting user and writes the audit row."""

from participants.services.care_team import (
    CaseloadWarning,
    care_team_add,
    care_team_remove,
    caseload_count,
)
from participants.services.consent import consent_create, consent_revoke
from participants.services.intake import (
    IntakeConflict,
    episode_complete_intake_if_ready,
    intake_complete,
    intake_save,
    intake_start,
)
from participants.services.merge import (
    UNDO_PURGED_MESSAGE,
    not_duplicate_mark,
    participant_merge,
    participant_merge_undo,
)
from participants.services.records import (
    alias_add,
    alias_remove,
    episode_current_or_open,
    participant_change_status,
    participant_create,
    participant_update,
)
from participants.services.retention import PURGE_CALLBACKS, PurgeResult, retention_purge

__all__ = [
    "PURGE_CALLBACKS",
    "UNDO_PURGED_MESSAGE",
    "CaseloadWarning",
    "IntakeConflict",
    "alias_add",
    "alias_remove",
    "care_team_add",
    "care_team_remove",
    "caseload_count",
    "consent_create",
    "consent_revoke",
    "episode_complete_intake_if_ready",
    "episode_current_or_open",
    "intake_complete",
    "intake_save",
    "intake_start",
    "not_duplicate_mark",
    "participant_change_status",
    "participant_create",
    "participant_merge",
    "participant_merge_undo",
    "participant_update",
    "PurgeResult",
    "retention_purge",
]
