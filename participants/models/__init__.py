"""Participant records: the person, episodes, care team, status history, aliases, releases of
information, the intake assessment and merges of duplicate records."""

from participants.models.consent import (
    Consent,
    ConsentCategory,
    ConsentExpiryEvent,
    ConsentQuerySet,
)
from participants.models.intake import AssessmentStatus, IntakeAssessment
from participants.models.merge import MergeRecord, NotDuplicate
from participants.models.person import (
    PURGED_LABEL,
    CareTeamMember,
    Episode,
    GenderIdentity,
    Participant,
    ParticipantAlias,
    ParticipantQuerySet,
    ParticipantStatus,
    RaceEthnicity,
    StatusChange,
)
from participants.models.retention import RetentionPurge

__all__ = [
    "AssessmentStatus",
    "CareTeamMember",
    "Consent",
    "ConsentCategory",
    "ConsentExpiryEvent",
    "ConsentQuerySet",
    "Episode",
    "GenderIdentity",
    "IntakeAssessment",
    "MergeRecord",
    "NotDuplicate",
    "Participant",
    "ParticipantAlias",
    "ParticipantQuerySet",
    "PURGED_LABEL",
    "ParticipantStatus",
    "RaceEthnicity",
    "RetentionPurge",
    "StatusChange",
]
