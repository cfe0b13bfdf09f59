"""The vocabularies casework shares: domains, goal statuses, contact modes and check-in values."""

from django.db import models


class Domain(models.TextChoices):
    """The plan's domains (domain.md); goals and contacts share them, and reports count by them."""

    HOUSING = "housing", "Housing"
    SUBSTANCE_USE = "substance_use", "Substance-use treatment, incl. MAT"
    MENTAL_HEALTH = "mental_health", "Mental health"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    INCOME = "income", "Income and benefits"
    ID_DOCUMENTS = "id_documents", "ID and documents"
    LEGAL = "legal", "Legal and court obligations"
    EMPLOYMENT = "employment", "Employment and education"
    BASIC_NEEDS = "basic_needs", "Food and basic needs"
    FAMILY = "family", "Family and child care"
    SAFETY = "safety", "Safety"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    PAUSED = "paused", "Paused"
    NO_LONGER_WANTED = "no_longer_wanted", "No longer wanted"


OPEN_GOAL_STATUSES = [GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS, GoalStatus.PAUSED]


class StepOwner(models.TextChoices):
    PARTICIPANT = "participant", "The participant"
    CASE_MANAGER = "case_manager", "The case manager"
    PARTNER = "partner", "A partner"


class ContactMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    TEXT = "text", "Text"
    VIDEO = "video", "Video"
    ATTEMPTED = "attempted", "Attempted (not reached)"
    COLLATERAL = "collateral", "Collateral (another provider)"


class LocationType(models.TextChoices):
    STREET = "street", "Street"
    SHELTER = "shelter", "Shelter"
    OFFICE = "office", "Office"
    JAIL = "jail", "Jail"
    HOSPITAL = "hospital", "Hospital"
    HOME = "home", "Home"
    OTHER = "other", "Other"


class ServiceKind(models.TextChoices):
    SERVICE = "service", "Service given"
    REFERRAL = "referral", "Referral made"


class HousingStatus(models.TextChoices):
    STREET = "street", "Street"
    VEHICLE = "vehicle", "Vehicle"
    SHELTER = "shelter", "Shelter"
    TRANSITIONAL = "transitional", "Transitional"
    PERMANENT = "permanent", "Permanent"
    INSTITUTION = "institution", "Institution"
    UNKNOWN = "unknown", "Unknown"


class Employment(models.TextChoices):
    NONE = "none", "None"
    PART_TIME = "part_time", "Part-time"
    FULL_TIME = "full_time", "Full-time"
    TRAINING = "training", "In training"
    RETIRED_UNABLE = "retired_unable", "Retired or unable"


class IncomeSource(models.TextChoices):
    WAGES = "wages", "Wages"
    SSI = "ssi", "SSI"
    SSDI = "ssdi", "SSDI"
    TANF = "tanf", "TANF"
    SNAP = "snap", "SNAP (food benefits)"
    GENERAL_ASSISTANCE = "general_assistance", "General assistance"
    UNEMPLOYMENT = "unemployment", "Unemployment"
    VETERANS = "veterans", "Veterans' benefits"
    OTHER = "other", "Other"


class NotificationKind(models.TextChoices):
    REFERRAL_ASSIGNED = "referral_assigned", "New referral assigned"
    DEADLINE_CLOSE = "deadline_close", "Deadline close"
    CONSULTATION_REQUEST = "consultation_request", "Consultation request"
    LEGAL_EVENT = "legal_event", "New legal event"
    CASELOAD = "caseload", "Caseload change"
    OTHER = "other", "Other"
