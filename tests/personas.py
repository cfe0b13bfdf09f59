"""The named people every test speaks of.

Case managers A and B work at the same provider agency; "other" works at a second one.
A participant, Pat, is on case manager A's team only.
"""

from dataclasses import dataclass

from lead.models import Agency, AuditEvent, User
from lead.roles import AgencyType, Role
from participants.models import Participant
from participants.services import care_team_add, participant_create
from tests.factories import AgencyFactory, UserFactory

PASSWORD = "correct horse battery staple"


@dataclass
class Personas:
    police: Agency
    prosecutors: Agency
    provider: Agency
    other_provider: Agency
    program: Agency
    officer: User
    prosecutor: User
    case_manager_a: User
    case_manager_b: User
    case_manager_other: User
    supervisor: User
    program_manager: User
    admin: User
    participant: Participant

    @property
    def audit_event_pk(self) -> int:
        return AuditEvent.objects.order_by("id").values_list("pk", flat=True).first()

    def by_name(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONA_NAMES = [
    "anonymous",
    "officer",
    "prosecutor",
    "case_manager_a",
    "case_manager_b",
    "case_manager_other",
    "supervisor",
    "program_manager",
    "admin",
]


def make_personas() -> Personas:
    police = AgencyFactory(name="Test Police", agency_type=AgencyType.POLICE)
    prosecutors = AgencyFactory(name="Test Prosecutor", agency_type=AgencyType.PROSECUTOR)
    provider = AgencyFactory(name="Test Provider", agency_type=AgencyType.PROVIDER)
    other_provider = AgencyFactory(name="Other Provider", agency_type=AgencyType.PROVIDER)
    program = AgencyFactory(name="Test Program", agency_type=AgencyType.PROGRAM)

    def user(username, role, agency):
        return UserFactory(username=username, role=role, agency=agency, phone="555-0100")

    supervisor = user("supervisor", Role.SUPERVISOR, provider)
    case_manager_a = user("case_manager_a", Role.CASE_MANAGER, provider)
    participant = participant_create(
        created_by=supervisor, agency=provider, first_name="Pat", last_name="Example"
    )
    care_team_add(participant=participant, added_by=supervisor, user=case_manager_a, primary=True)
    return Personas(
        police=police,
        prosecutors=prosecutors,
        provider=provider,
        other_provider=other_provider,
        program=program,
        officer=user("officer", Role.OFFICER, police),
        prosecutor=user("prosecutor", Role.PROSECUTOR, prosecutors),
        case_manager_a=case_manager_a,
        case_manager_b=user("case_manager_b", Role.CASE_MANAGER, provider),
        case_manager_other=user("case_manager_other", Role.CASE_MANAGER, other_provider),
        supervisor=supervisor,
        program_manager=user("program_manager", Role.PROGRAM_MANAGER, program),
        admin=user("admin", Role.ADMIN, program),
        participant=participant,
    )
