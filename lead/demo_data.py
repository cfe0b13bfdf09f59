"""Synthetic demo data. Every person here is invented (Faker, fixed seed)."""

import random
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from faker import Faker

from casework import demo_data as casework_demo
from coordination import demo_data as coordination_demo
from lead.models import Agency, SiteSettings, User
from lead.roles import AgencyType, Role
from participants import demo_data as participants_demo
from participants import services as participant_services
from participants.models import Participant, ParticipantStatus
from referrals import demo_data as referral_demo
from reports import demo_data as reports_demo

DEMO_BANNER = (
    "DEMO SITE: every person and record here is fictional. "
    "In a real deployment this notice tells users that access is limited to authorized LEAD "
    "program purposes, that activity is logged, and that information shared through LEAD may "
    "never be used as the basis of enforcement."
)

AGENCIES = [
    ("Harbor City Police Department (demo)", AgencyType.POLICE, "Downtown precinct"),
    ("Cedar County Sheriff's Office (demo)", AgencyType.POLICE, "East county"),
    ("Cedar County Prosecuting Attorney (demo)", AgencyType.PROSECUTOR, ""),
    ("Evergreen Outreach (demo)", AgencyType.PROVIDER, "Downtown"),
    ("Second Street Harm Reduction (demo)", AgencyType.PROVIDER, "East county"),
    ("LEAD Program Office (demo)", AgencyType.PROGRAM, ""),
]

# username, first, last, role, agency index
USERS = [
    ("officer.harbor", "Olivia", "Ortega", Role.OFFICER, 0),
    ("officer.cedar", "Omar", "Oduya", Role.OFFICER, 1),
    ("prosecutor", "Priya", "Park", Role.PROSECUTOR, 2),
    ("cm.alvarez", "Ana", "Alvarez", Role.CASE_MANAGER, 3),
    ("cm.brooks", "Ben", "Brooks", Role.CASE_MANAGER, 3),
    ("cm.chen", "Carmen", "Chen", Role.CASE_MANAGER, 4),
    ("supervisor.evergreen", "Sam", "Sato", Role.SUPERVISOR, 3),
    ("supervisor.secondst", "Sofia", "Silva", Role.SUPERVISOR, 4),
    ("pm", "Paul", "Moreno", Role.PROGRAM_MANAGER, 5),
    ("admin", "Ada", "Adeyemi", Role.ADMIN, 5),
]

PARTICIPANTS_PER_CASE_MANAGER = 14
STATUS_WEIGHTS = [
    (ParticipantStatus.ACTIVE, 55),
    (ParticipantStatus.INTAKE_PENDING, 15),
    (ParticipantStatus.INACTIVE, 10),
    (ParticipantStatus.IN_THE_WIND, 10),
    (ParticipantStatus.EXITED, 10),
]
EXIT_REASONS = ["Moved out of the area", "Chose to leave the program", "Goals met", "Died"]


def demo_password() -> str:
    """DEMO_PASSWORD if set, else one generated on the first run and kept for later runs."""
    from_env = settings.DEMO_PASSWORD
    if from_env:
        return from_env
    stored = Path(settings.BASE_DIR) / ".local" / "demo-password"
    if stored.exists():
        return stored.read_text().strip()
    stored.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    stored.write_text(password + "\n")
    stored.chmod(0o600)
    return password


@transaction.atomic
def seed(password: str) -> list[User]:
    site = SiteSettings.load()
    site.login_banner = DEMO_BANNER
    site.save(update_fields=["login_banner", "updated_at"])

    agencies = []
    for name, agency_type, area in AGENCIES:
        agency, _ = Agency.objects.update_or_create(
            name=name, defaults={"agency_type": agency_type, "area": area, "is_active": True}
        )
        agencies.append(agency)

    users = []
    for index, (username, first, last, role, agency_index) in enumerate(USERS):
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "phone": f"555-01{index:02d}",
                "role": role,
                "agency": agencies[agency_index],
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        users.append(user)

    if not Participant.objects.filter(agency__in=agencies).exists():
        _seed_participants(users)
    participants_demo.seed(users)
    referral_demo.seed(users)
    casework_demo.seed(users)
    coordination_demo.seed(users)
    reports_demo.seed(users)
    return users


def _seed_participants(users: list[User]) -> None:
    fake = Faker("en_US")
    Faker.seed(2026)
    rng = random.Random(2026)
    supervisors = {u.agency_id: u for u in users if u.role == Role.SUPERVISOR}
    case_managers = [u for u in users if u.role == Role.CASE_MANAGER]
    now = timezone.now()
    for case_manager in case_managers:
        supervisor = supervisors[case_manager.agency_id]
        for _ in range(PARTICIPANTS_PER_CASE_MANAGER):
            status = rng.choices(
                [s for s, _ in STATUS_WEIGHTS], weights=[w for _, w in STATUS_WEIGHTS]
            )[0]
            participant = participant_services.participant_create(
                created_by=supervisor,
                agency=case_manager.agency,
                first_name=fake.first_name(),
                last_name=fake.last_name(),
                preferred_name=fake.first_name() if rng.random() < 0.2 else "",
                date_of_birth=fake.date_of_birth(minimum_age=19, maximum_age=68)
                if rng.random() < 0.9
                else None,
                created_at=now - timedelta(days=rng.randint(1, 900)),
            )
            participant_services.care_team_add(
                participant=participant, added_by=supervisor, user=case_manager, primary=True
            )
            if status != ParticipantStatus.INTAKE_PENDING:
                participant_services.participant_change_status(
                    participant=participant,
                    changed_by=case_manager,
                    status=ParticipantStatus.ACTIVE,
                    reason="Intake completed",
                )
            if status not in (ParticipantStatus.INTAKE_PENDING, ParticipantStatus.ACTIVE):
                reason = {
                    ParticipantStatus.INACTIVE: "Asked for a break from meetings",
                    ParticipantStatus.IN_THE_WIND: "Not seen at usual spots for three weeks",
                    ParticipantStatus.EXITED: rng.choice(EXIT_REASONS),
                }[status]
                participant_services.participant_change_status(
                    participant=participant, changed_by=case_manager, status=status, reason=reason
                )
