"""Set-up that a journey needs from earlier steps, made through the same forms and services
the app uses, so that each journey test stands on its own."""

import importlib
import uuid
from datetime import timedelta

from django.apps import apps as django_apps
from django.db import migrations
from django.utils import timezone

from lead.models import SiteSettings
from referrals import services as referral_services
from referrals.forms import ReferralForm
from referrals.models import Decision, ReasonCode

REFERENCE_DATA_MIGRATIONS = [
    "referrals.migrations.0002_default_reason_codes",
    "casework.migrations.0002_default_service_types",
]
ARREST = {
    "pathway": "arrest_diversion",
    "first_name": "Jordan",
    "last_name": "Rivers",
    "date_of_birth": "1988-04-02",
    "how_to_find": "Under the Elm Street bridge",
    "incident_number": "24-118822",
    "location": "3rd Avenue and Pine Street",
    "area": "West precinct",
    "offenses": "Possession of a controlled substance",
    "drug_type": "Heroin",
    "drug_quantity_grams": "0.5",
    "hold_requested": "on",
    "narrative": "Stopped outside the market; agreed to meet a case manager.",
}


def ensure_reference_data() -> None:
    """The lists that data migrations fill (reason codes, service types). The flush after
    each browser test empties them, and a reused test database keeps them emptied."""
    for module in REFERENCE_DATA_MIGRATIONS:
        operations = importlib.import_module(module).Migration.operations
        for operation in operations:
            if isinstance(operation, migrations.RunPython):
                operation.code(django_apps, None)  # each one is a get_or_create


def social_contact(site: SiteSettings) -> dict:
    return {
        "pathway": "social_contact",
        "first_name": "Casey",
        "last_name": "Morgan",
        "approximate_age": "40",
        "how_to_find": "Shelter on 5th Avenue",
        "location": "Westlake Park",
        "area": "West precinct",
        "verification": "observation",
        "activity_date": (timezone.localdate() - timedelta(days=30)).isoformat(),
        "activity_place": "Westlake Park",
        "activity_inside_area": "on",
        "exclusions": [site.eligibility_exclusions[0]],
        "flag_reason": "The person asked for help and the exclusion is years old.",
        "narrative": "Known to the beat officers; asked about housing help.",
    }


def file_referral(officer, data: dict):
    site = SiteSettings.load()
    now = timezone.localtime().replace(second=0, microsecond=0) - timedelta(minutes=10)
    form = ReferralForm(
        {"token": str(uuid.uuid4()), "incident_at": now.strftime("%Y-%m-%dT%H:%M"), **data},
        site=site,
        officer=officer,
    )
    assert form.is_valid(), form.errors
    referral, _ = referral_services.referral_submit(
        submitted_by=officer, token=form.cleaned_data["token"], data=form.cleaned_data
    )
    return referral


def decide(referral, reviewer, decision: str, codes: list[str]):
    return referral_services.referral_decide(
        referral=referral,
        decided_by=reviewer,
        decision=decision,
        reasons=ReasonCode.objects.filter(code__in=codes),
    )


def approved_arrest_diversion(personas):
    referral = file_referral(personas.officer, ARREST)
    return decide(referral, personas.prosecutor, Decision.APPROVED, ["meets-criteria"])


PAT_BORN = "1979-11-23"


def pat_shares_with_partners(personas):
    """Pat, with a date of birth to look up by and a release naming police and prosecutors."""
    from participants.models import Participant
    from participants.models.consent import ConsentCategory
    from participants.services import consent_create

    pat = personas.participant
    Participant.objects.filter(pk=pat.pk).update(date_of_birth=PAT_BORN)
    pat.refresh_from_db()
    today = timezone.localdate()
    consent = consent_create(
        participant=pat,
        created_by=personas.case_manager_a,
        recipient_agency_types=["police", "prosecutor"],
        categories=list(ConsentCategory.values),
        purpose="Coordinate legal matters with the LEAD partners.",
        signed_on=today,
        expires_on=today + timedelta(days=365),
        submission_token=uuid.uuid4(),
    )
    return pat, consent


def days_ago(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def a_fortnight_of_coordination(personas):
    """What a workgroup agenda gathers: a new referral awaiting review, an approved arrest
    diversion whose intake clock runs, and a participant's new arrest with an open
    consultation."""
    from coordination.services.consultations import consultation_open
    from coordination.services.legal_events import legal_event_record

    pending = file_referral(personas.officer, social_contact(SiteSettings.load()))
    approved = approved_arrest_diversion(personas)
    referral_services.referral_create_participant(
        referral=approved, matched_by=personas.case_manager_a
    )
    pat, _ = pat_shares_with_partners(personas)
    arrest = legal_event_record(
        recorded_by=personas.prosecutor,
        participant=pat,
        event_type="arrest",
        occurred_on=timezone.localdate() - timedelta(days=3),
        agency=personas.prosecutor.agency,
        case_number="26-CR-0412",
        offence="Theft, third degree",
        submission_token=uuid.uuid4(),
    )
    consultation = consultation_open(
        legal_event=arrest, opened_by=personas.prosecutor, question="Hold or file?"
    )
    return pending, approved, arrest, consultation
