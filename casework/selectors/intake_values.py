"""First check-in values from the intake assessment, where its answers map onto the check-in's.

The assessment asks in its own words ("staying with family or friends", "informal work"); an
answer with no clear check-in equivalent is left for the case manager to choose, never guessed.
"""

from casework.choices import Employment, HousingStatus, IncomeSource
from participants.models import AssessmentStatus, IntakeAssessment

HOUSING = {
    "unsheltered": HousingStatus.STREET,
    "shelter": HousingStatus.SHELTER,
    "transitional": HousingStatus.TRANSITIONAL,
    "institution": HousingStatus.INSTITUTION,
    "renting": HousingStatus.PERMANENT,
}
EMPLOYMENT = {
    "not_working": Employment.NONE,
    "part_time": Employment.PART_TIME,
    "full_time": Employment.FULL_TIME,
    "unable": Employment.RETIRED_UNABLE,
}
INCOME = {
    "wages": IncomeSource.WAGES,
    "snap": IncomeSource.SNAP,
    "cash_assistance": IncomeSource.GENERAL_ASSISTANCE,
    "other": IncomeSource.OTHER,
}
INSURED = {"medicaid", "medicare", "private", "va"}


def from_intake(participant) -> dict:
    assessment = (
        IntakeAssessment.objects.filter(participant=participant, status=AssessmentStatus.COMPLETE)
        .order_by("-completed_at", "-id")
        .first()
    )
    if assessment is None:
        return {}
    values = {}
    if assessment.housing_status in HOUSING:
        values["housing"] = HOUSING[assessment.housing_status]
    if assessment.employment in EMPLOYMENT:
        values["employment"] = EMPLOYMENT[assessment.employment]
    answers = set(assessment.income_sources)
    if answers == {"none"}:
        values["has_income"] = "no"
    elif answers - {"none", "declined"}:
        values["has_income"] = "yes"
        values["income_sources"] = [INCOME[a] for a in assessment.income_sources if a in INCOME]
    if assessment.health_insurance in INSURED:
        values["has_insurance"] = "yes"
    elif assessment.health_insurance == "none":
        values["has_insurance"] = "no"
    return values
