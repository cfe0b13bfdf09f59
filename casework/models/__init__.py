from casework.models.checkins import CheckIn
from casework.models.contacts import Contact, ServiceType
from casework.models.notifications import Notification
from casework.models.plans import Goal, Plan, PlanReview, ProgressNote, Step
from casework.models.scope import clinical_participants

__all__ = [
    "CheckIn",
    "Contact",
    "Goal",
    "Notification",
    "Plan",
    "PlanReview",
    "ProgressNote",
    "ServiceType",
    "Step",
    "clinical_participants",
]
