"""The intake assessment: clinical, seen only by the care team and their supervisor.

Every question may be declined. A draft may be saved and finished later; a version number
refuses a save made from a stale copy instead of overwriting someone else's answers.
"""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from participants.models.person import DECLINED, Episode, Participant

DECLINED_LABEL = "Declined to answer"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETE = "complete", "Complete"


class HousingStatus(models.TextChoices):
    UNSHELTERED = "unsheltered", "Unsheltered (street, vehicle, encampment)"
    SHELTER = "shelter", "Emergency shelter"
    TRANSITIONAL = "transitional", "Transitional housing"
    DOUBLED_UP = "doubled_up", "Staying with family or friends"
    INSTITUTION = "institution", "Jail, hospital or treatment"
    RENTING = "renting", "Renting or own place"
    OTHER = "other", "Other"
    DECLINED = DECLINED, DECLINED_LABEL


class IncomeSource(models.TextChoices):
    NONE = "none", "No income"
    WAGES = "wages", "Wages"
    SSI_SSDI = "ssi_ssdi", "SSI or SSDI"
    SNAP = "snap", "SNAP (food benefits)"
    CASH_ASSISTANCE = "cash_assistance", "Cash assistance (TANF, general assistance)"
    INFORMAL = "informal", "Informal work, recycling, panhandling"
    OTHER = "other", "Other"
    DECLINED = DECLINED, DECLINED_LABEL


class Employment(models.TextChoices):
    NOT_WORKING = "not_working", "Not working"
    PART_TIME = "part_time", "Part time"
    FULL_TIME = "full_time", "Full time"
    INFORMAL = "informal", "Informal or day labour"
    UNABLE = "unable", "Unable to work"
    DECLINED = DECLINED, DECLINED_LABEL


class Insurance(models.TextChoices):
    MEDICAID = "medicaid", "Medicaid"
    MEDICARE = "medicare", "Medicare"
    PRIVATE = "private", "Private"
    VA = "va", "VA"
    NONE = "none", "None"
    UNKNOWN = "unknown", "Doesn't know"
    DECLINED = DECLINED, DECLINED_LABEL


class SubstanceUse(models.TextChoices):
    CURRENT = "current", "Currently using"
    RECOVERY = "recovery", "In recovery"
    NONE = "none", "No substance use"
    DECLINED = DECLINED, DECLINED_LABEL


class MatInterest(models.TextChoices):
    ON_MAT = "on_mat", "Already on MAT"
    INTERESTED = "interested", "Interested in MAT"
    NOT_NOW = "not_now", "Not interested now"
    DECLINED = DECLINED, DECLINED_LABEL


class HealthNeed(models.TextChoices):
    WANTS_SUPPORT = "wants_support", "Wants support"
    HAS_SUPPORT = "has_support", "Already connected to care"
    NO_CONCERNS = "no_concerns", "No concerns raised"
    DECLINED = DECLINED, DECLINED_LABEL


class Document(models.TextChoices):
    STATE_ID = "state_id", "State ID or driver's licence"
    SSN_CARD = "ssn_card", "Social Security card"
    BIRTH_CERTIFICATE = "birth_certificate", "Birth certificate"
    NONE = "none", "No documents"
    DECLINED = DECLINED, DECLINED_LABEL


class LegalObligation(models.TextChoices):
    COURT_DATES = "court_dates", "Upcoming court dates"
    WARRANTS = "warrants", "Outstanding warrants"
    OPEN_CASES = "open_cases", "Open cases"
    SUPERVISION = "supervision", "Probation or community supervision"
    NONE = "none", "None known"
    DECLINED = DECLINED, DECLINED_LABEL


class ImmediateNeed(models.TextChoices):
    FOOD = "food", "Food"
    SHELTER_TONIGHT = "shelter_tonight", "Somewhere to sleep tonight"
    MEDICAL = "medical", "Medical care"
    PHONE = "phone", "A phone"
    CLOTHING = "clothing", "Clothing"
    HYGIENE = "hygiene", "Shower, laundry, hygiene"
    SAFETY = "safety", "Safety"
    NONE = "none", "None right now"
    DECLINED = DECLINED, DECLINED_LABEL


def _choice(choices, label):
    return models.CharField(label, max_length=20, choices=choices.choices, blank=True)


def _multi(choices, label):
    return ArrayField(
        models.CharField(max_length=20, choices=choices.choices),
        default=list,
        blank=True,
        verbose_name=label,
    )


def _notes(label):
    return models.TextField(label, blank=True)


# (answer field, notes field) per section, in the order the form shows them.
SECTIONS = [
    ("Housing", ["housing_status"], "housing_notes"),
    ("Income and benefits", ["income_sources"], "income_notes"),
    ("Employment", ["employment"], "employment_notes"),
    ("Health insurance", ["health_insurance"], "health_insurance_notes"),
    ("Substance use", ["substance_use", "mat_interest"], "substance_use_notes"),
    ("Mental health", ["mental_health"], "mental_health_notes"),
    ("Physical health", ["physical_health"], "physical_health_notes"),
    ("ID and documents", ["documents"], "documents_notes"),
    ("Legal obligations", ["legal_obligations"], "legal_notes"),
    ("Immediate needs", ["immediate_needs"], "immediate_needs_notes"),
]
ANSWER_FIELDS = [f for _, answers, notes in SECTIONS for f in [*answers, notes]]


@pghistory.track()
class IntakeAssessment(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="intake_assessments"
    )
    episode = models.OneToOneField(
        Episode, on_delete=models.CASCADE, related_name="intake_assessment"
    )
    status = models.CharField(
        max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)

    housing_status = _choice(HousingStatus, "housing status")
    housing_notes = _notes("housing notes")
    income_sources = _multi(IncomeSource, "income and benefits")
    income_notes = _notes("income notes")
    employment = _choice(Employment, "employment")
    employment_notes = _notes("employment notes")
    health_insurance = _choice(Insurance, "health insurance")
    health_insurance_notes = _notes("insurance notes")
    substance_use = _choice(SubstanceUse, "substance use")
    mat_interest = _choice(MatInterest, "interest in MAT")
    substance_use_notes = _notes("substance use notes")
    mental_health = _choice(HealthNeed, "mental health")
    mental_health_notes = _notes("mental health notes")
    physical_health = _choice(HealthNeed, "physical health")
    physical_health_notes = _notes("physical health notes")
    documents = _multi(Document, "ID and documents on hand")
    documents_notes = _notes("documents notes")
    legal_obligations = _multi(LegalObligation, "legal obligations")
    legal_notes = _notes("legal notes (court dates, warrants, open cases)")
    immediate_needs = _multi(ImmediateNeed, "immediate needs")
    immediate_needs_notes = _notes("immediate needs notes")

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"Intake assessment {self.pk} of participant {self.participant_id}"

    @property
    def is_complete(self) -> bool:
        return self.status == AssessmentStatus.COMPLETE

    def sections(self):
        """(title, [(label, display value)], notes) for showing the answers."""
        shown = []
        for title, answers, notes in SECTIONS:
            rows = []
            for name in answers:
                field = self._meta.get_field(name)
                value = getattr(self, name)
                if isinstance(value, list):
                    labels = dict(field.base_field.choices)
                    text = ", ".join(labels.get(v, v) for v in value)
                else:
                    text = getattr(self, f"get_{name}_display")()
                rows.append((field.verbose_name, text))
            shown.append((title, rows, getattr(self, notes)))
        return shown
