"""Demo participants' aliases, intake assessments, releases and a likely duplicate pair.

Fictional throughout (Faker, fixed seed). Safe to run again: each step looks for its own rows
first.
"""

import random
from datetime import timedelta

from django.utils import timezone
from faker import Faker

from lead.models import Agency
from lead.roles import AgencyType, Role
from participants.models import (
    ConsentCategory,
    ConsentExpiryEvent,
    IntakeAssessment,
    Participant,
    ParticipantAlias,
    ParticipantStatus,
)
from participants.services import (
    alias_add,
    care_team_add,
    consent_create,
    intake_complete,
    intake_save,
    intake_start,
    participant_create,
)

STREET_NAMES = ["Sparrow", "Tiny", "Professor", "Red", "Smokey", "Lucky", "Deacon", "Bird"]
DUPLICATE = {"first_name": "Jonathon", "last_name": "Smyth", "preferred_name": "Jon"}
DUPLICATE_TWIN = {"first_name": "Jonathan", "last_name": "Smith"}
DRAFT_ANSWERS = {
    "housing_status": "unsheltered",
    "income_sources": ["snap"],
    "immediate_needs": ["food", "phone"],
    "immediate_needs_notes": "Wants a phone so the team can reach them.",
}
FULL_ANSWERS = DRAFT_ANSWERS | {
    "employment": "informal",
    "health_insurance": "medicaid",
    "substance_use": "declined",
    "mat_interest": "declined",
    "mental_health": "wants_support",
    "physical_health": "no_concerns",
    "documents": ["none"],
    "legal_obligations": ["court_dates"],
    "legal_notes": "Court date for an old trespass case; coordinate with the prosecutor.",
}


def seed(users) -> None:
    rng = random.Random(4004)  # noqa: S311 (repeatable demo data, not secrecy)
    fake = Faker("en_US")
    fake.seed_instance(4004)
    case_managers = [u for u in users if u.role == Role.CASE_MANAGER]
    supervisors = {u.agency_id: u for u in users if u.role == Role.SUPERVISOR}
    police = list(Agency.objects.filter(agency_type=AgencyType.POLICE, name__endswith="(demo)"))
    for case_manager in case_managers:
        people = Participant.objects.filter(
            care_team__user=case_manager, care_team__is_primary=True, merged_into__isnull=True
        ).order_by("id")
        for index, person in enumerate(people):
            _seed_person(person, case_manager, index, rng, police)
    _seed_duplicate_pair(case_managers[0], supervisors[case_managers[0].agency_id], fake)


def _seed_person(person, case_manager, index, rng, police) -> None:
    if index % 3 == 0 and not person.aliases.exists():
        alias_add(
            participant=person,
            added_by=case_manager,
            name=rng.choice(STREET_NAMES),
            is_street_name=True,
        )
    if (
        person.status == ParticipantStatus.EXITED
        or IntakeAssessment.objects.filter(participant=person).exists()
    ):
        return
    assessment = intake_start(participant=person, started_by=case_manager)
    if person.status == ParticipantStatus.INTAKE_PENDING:
        # Pending intakes: some have a draft under way, none has a release yet.
        if index % 2 == 0:
            intake_save(
                assessment=assessment, saved_by=case_manager, version=1, answers=DRAFT_ANSWERS
            )
        return
    signed = timezone.localdate() - timedelta(days=rng.randint(20, 300))
    consent_create(
        participant=person,
        created_by=case_manager,
        recipient_agencies=police[:1] if index % 4 == 1 else [],
        recipient_agency_types=[] if index % 4 == 1 else [AgencyType.POLICE, AgencyType.PROSECUTOR],
        categories=list(ConsentCategory.values)
        if index % 2
        else [ConsentCategory.PARTICIPATION, ConsentCategory.CASE_MANAGER_CONTACT],
        purpose="Coordinate services and legal matters among the LEAD partners.",
        signed_on=signed,
        expires_on=None if index % 5 == 0 else signed + timedelta(days=365),
        expiry_event=ConsentExpiryEvent.PROGRAM_EXIT if index % 5 == 0 else "",
    )
    intake_complete(
        assessment=assessment, completed_by=case_manager, version=1, answers=FULL_ANSWERS
    )
    if index % 4 == 2 and not person.coordination_summary:
        Participant.objects.filter(pk=person.pk).update(
            coordination_summary="Engaged; working on ID and housing. Call the case manager "
            "before any new filing.",
            coordinate_before_filing=True,
        )


def _seed_duplicate_pair(case_manager, supervisor, fake) -> None:
    """Two records of one person, as a second referral by another officer might leave them."""
    if Participant.objects.filter(**DUPLICATE, agency=case_manager.agency).exists():
        return
    dob = fake.date_of_birth(minimum_age=30, maximum_age=50)
    for fields, alias in ((DUPLICATE, "Smitty"), (DUPLICATE_TWIN, "")):
        person = participant_create(
            created_by=supervisor,
            agency=case_manager.agency,
            date_of_birth=dob,
            aliases=[alias] if alias else [],
            **fields,
        )
        care_team_add(participant=person, added_by=supervisor, user=case_manager, primary=True)
    ParticipantAlias.objects.filter(name="Smitty").update(is_street_name=True)
