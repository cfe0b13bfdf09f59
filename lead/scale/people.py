"""Agencies, staff and participants with their episodes, teams, status history, aliases,
releases and intake assessments."""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from lead.models import Agency, User
from lead.roles import AgencyType, Role
from participants.models import (
    CareTeamMember,
    Consent,
    Episode,
    IntakeAssessment,
    Participant,
    ParticipantAlias,
    ParticipantStatus,
    StatusChange,
)

PREFIX = "Scale "
DAY = timedelta(days=1)
YEARS = 10
OPEN_STATUSES = ("active", "active", "active", "active", "inactive", "in_the_wind")
CASELOAD = 15
SECOND_MEMBER_SHARE = 0.25


@dataclass
class Person:
    pk: int
    agency: int
    status: str
    enrolled: datetime
    intake_at: datetime | None
    ended: datetime | None  # the exit, for exited participants
    episode: int = 0
    team: list[int] = field(default_factory=list)
    weight: float = 1.0  # how much casework and legal activity this person draws

    @property
    def until(self) -> datetime:
        return self.ended or self.intake_at or self.enrolled


@dataclass
class World:
    """What later tables need to know about the rows already written."""

    n: int
    rng: object
    now: datetime
    start: datetime
    faker: object
    agencies: dict[str, list[int]] = field(default_factory=dict)
    areas: dict[int, str] = field(default_factory=dict)
    users: dict[str, list[int]] = field(default_factory=dict)
    staff_agency: dict[int, int] = field(default_factory=dict)
    cms_by_agency: dict[int, list[int]] = field(default_factory=dict)
    supervisors_by_agency: dict[int, list[int]] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    first_names: list[str] = field(default_factory=list)
    last_names: list[str] = field(default_factory=list)

    def when(self, lo: datetime, hi: datetime) -> datetime:
        span = max((hi - lo).total_seconds(), 60)
        return lo + timedelta(seconds=self.rng.random() * span)


def counts_for(n: int) -> dict[str, int]:
    """Staff and agencies in proportion to participants: about 300 staff at 10,000."""
    return {
        "police": max(2, round(n / 2500)),
        "providers": max(2, round(n / 2000)),
        "officers": max(4, round(n * 0.014)),
        "prosecutors": max(2, round(n * 0.002)),
        "program_managers": max(2, round(n / 2000)),
        "admins": 2,
    }


def write_agencies_and_staff(world: World, loader, marker: str) -> None:
    c = counts_for(world.n)
    rows, kinds = [], []
    for i in range(c["police"]):
        kinds.append((AgencyType.POLICE, f"{PREFIX}Police {i + 1}", f"Precinct {i + 1}"))
    kinds.append((AgencyType.PROSECUTOR, f"{PREFIX}Prosecutor's Office", ""))
    for i in range(c["providers"]):
        kinds.append((AgencyType.PROVIDER, f"{PREFIX}Provider {i + 1}", ""))
    # The program agency carries the marker that says which generation built this database.
    kinds.append((AgencyType.PROGRAM, f"{PREFIX}Program", marker))
    first = loader.reserve_ids(Agency, len(kinds))
    for offset, (kind, name, area) in enumerate(kinds):
        pk = first + offset
        rows.append((pk, name, kind, area, "555-0100", True))
        world.agencies.setdefault(kind, []).append(pk)
        if kind == AgencyType.POLICE:
            world.areas[pk] = area
    loader.copy(Agency, ["id", "name", "agency_type", "area", "phone", "is_active"], rows)

    # Case managers follow the open caseload (about 15 each); the rest follow N.
    open_people = _expected_open(world.n)
    # A quarter of people have a second case manager, which counts on that one's caseload too.
    assignments = open_people * (1 + SECOND_MEMBER_SHARE)
    per_provider = math.ceil(assignments / len(world.agencies[AgencyType.PROVIDER]) / CASELOAD)
    plan = [(Role.OFFICER, AgencyType.POLICE, c["officers"])]
    plan.append((Role.PROSECUTOR, AgencyType.PROSECUTOR, c["prosecutors"]))
    for agency in world.agencies[AgencyType.PROVIDER]:
        plan.append((Role.CASE_MANAGER, agency, per_provider))
        plan.append((Role.SUPERVISOR, agency, max(1, per_provider // 8)))
    plan.append((Role.PROGRAM_MANAGER, AgencyType.PROGRAM, c["program_managers"]))
    plan.append((Role.ADMIN, AgencyType.PROGRAM, c["admins"]))
    total = sum(count for *_, count in plan)
    pk = loader.reserve_ids(User, total)
    rows = []
    for role, where, count in plan:
        pool = world.agencies[where] if isinstance(where, str) else [where]
        for i in range(count):
            agency = pool[i % len(pool)]
            first, last = world.rng.choice(world.first_names), world.rng.choice(world.last_names)
            username = f"scale-{role.replace('_', '-')}-{agency}-{i + 1}"
            # "!" marks an unusable password: generated staff cannot sign in with one.
            rows.append((pk, "!", username, first, last, "", False, False, True, world.start))
            rows[-1] += (role, agency, f"555-{pk % 10000:04d}")
            world.users.setdefault(role, []).append(pk)
            world.staff_agency[pk] = agency
            if role == Role.CASE_MANAGER:
                world.cms_by_agency.setdefault(agency, []).append(pk)
            if role == Role.SUPERVISOR:
                world.supervisors_by_agency.setdefault(agency, []).append(pk)
            pk += 1
    columns = ["id", "password", "username", "first_name", "last_name", "email"]
    columns += ["is_superuser", "is_staff", "is_active", "date_joined", "role", "agency_id"]
    loader.copy(User, [*columns, "phone"], rows, label="lead_user (staff)")


def _open_probability(age_days: float) -> float:
    if age_days < 365:
        return 0.9
    if age_days < 3 * 365:
        return 0.3
    return 0.03


def _expected_open(n: int) -> int:
    return math.ceil(n * (0.1 * 0.9 + 0.2 * 0.3 + 0.7 * 0.03))


def plan_people(world: World) -> None:
    rng, now = world.rng, world.now
    providers = world.agencies[AgencyType.PROVIDER]
    first_pk = None
    for i in range(world.n):
        enrolled = world.when(world.start, now - DAY)
        age = (now - enrolled).days
        if rng.random() < _open_probability(age):
            status = rng.choice(OPEN_STATUSES)
            if age < 45 and rng.random() < 0.5:
                status = ParticipantStatus.INTAKE_PENDING
        else:
            status = ParticipantStatus.EXITED
        intake = None
        if status != ParticipantStatus.INTAKE_PENDING:
            intake = min(enrolled + timedelta(days=rng.uniform(1, 25)), now)
        ended = world.when(intake, now) if status == ParticipantStatus.EXITED else None
        person = Person(first_pk, providers[i % len(providers)], status, enrolled, intake, ended)
        # Skewed activity: a few people draw much of the casework.
        person.weight = rng.lognormvariate(0, 1)
        world.people.append(person)


def write_people(world: World, loader) -> None:
    rng = world.rng
    first = loader.reserve_ids(Participant, len(world.people))
    for offset, person in enumerate(world.people):
        person.pk = first + offset
    _assign_teams(world)
    rows = []
    races = ["white", "black", "hispanic", "american_indian", "asian", "pacific_islander"]
    genders = ["man", "woman", "man", "woman", "non_binary", "trans_woman", "declined"]
    for p in world.people:
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 50 * 365))
        first_name = rng.choice(world.first_names)
        preferred = rng.choice(world.first_names) if rng.random() < 0.1 else ""
        last_name = rng.choice(world.last_names)
        rows.append(
            (
                p.pk,
                first_name,
                last_name,
                preferred,
                born,
                rng.choice(genders),
                [rng.choice(races)],
                "English" if rng.random() < 0.85 else "Spanish",
                p.status,
                "Moved away" if p.status == ParticipantStatus.EXITED else "",
                p.agency,
                p.enrolled,
                p.until,
                rng.random() < 0.05 and p.status != ParticipantStatus.EXITED,
            )
        )
    columns = ["id", "first_name", "last_name", "preferred_name", "date_of_birth"]
    columns += ["gender_identity", "race_ethnicity", "preferred_language", "status"]
    columns += ["exit_reason", "agency_id", "created_at", "updated_at", "coordinate_before_filing"]
    loader.copy(Participant, columns, rows)
    _write_episodes(world, loader)
    _write_team_and_history(world, loader)
    _write_aliases_consents_assessments(world, loader)


def _assign_teams(world: World) -> None:
    rng = world.rng
    for p in world.people:
        cms = world.cms_by_agency[p.agency]
        if p.status == ParticipantStatus.EXITED:
            primary = rng.choice(cms)
        else:
            # Round-robin keeps open caseloads near the norm, with some spread.
            primary = cms[(p.pk + rng.randrange(0, 3)) % len(cms)]
        p.team = [primary]
        if rng.random() < SECOND_MEMBER_SHARE and len(cms) > 1:
            p.team.append(rng.choice([c for c in cms if c != primary]))


def _write_episodes(world: World, loader) -> None:
    rng = world.rng
    returning = [p for p in world.people if rng.random() < 0.15 and p.intake_at]
    first = loader.reserve_ids(Episode, len(world.people) + len(returning))
    rows, pk = [], first
    for p in returning:
        # An earlier stretch that ended before this one began.
        opened = p.enrolled - timedelta(days=rng.uniform(200, 900))
        closed = opened + timedelta(days=rng.uniform(30, 180))
        rows.append((pk, p.pk, opened, opened + 7 * DAY, closed, "Exited: lost contact"))
        pk += 1
    for p in world.people:
        p.episode = pk
        exited = p.status == ParticipantStatus.EXITED
        rows.append((pk, p.pk, p.enrolled, p.intake_at, p.ended, "Moved away" if exited else ""))
        pk += 1
    cols = ["id", "participant_id", "opened_at", "intake_completed_at", "closed_at"]
    loader.copy(Episode, [*cols, "close_reason"], rows)


def _write_team_and_history(world: World, loader) -> None:
    team_rows = (
        (p.pk, user, i == 0, p.enrolled, "") for p in world.people for i, user in enumerate(p.team)
    )
    loader.copy(
        CareTeamMember,
        ["participant_id", "user_id", "is_primary", "added_at", "caseload_override_reason"],
        team_rows,
    )

    def history():
        for p in world.people:
            by = world.supervisors_by_agency[p.agency][0]
            yield (p.pk, "", "intake_pending", "Referral accepted", by, p.enrolled)
            if p.intake_at:
                yield (p.pk, "intake_pending", "active", "Intake complete", p.team[0], p.intake_at)
            if p.status in ("inactive", "in_the_wind"):
                at = world.when(p.intake_at, world.now)
                yield (p.pk, "active", p.status, "No contact for some weeks", p.team[0], at)
            if p.status == ParticipantStatus.EXITED:
                yield (p.pk, "active", "exited", "Moved away", by, p.ended)

    cols = ["participant_id", "from_status", "to_status", "reason", "changed_by_id", "changed_at"]
    loader.copy(StatusChange, cols, history())


def _write_aliases_consents_assessments(world: World, loader) -> None:
    rng = world.rng
    aliases = (
        (p.pk, f"{rng.choice(world.first_names)} {rng.choice(['Jr', 'K', 'Red', 'Blue'])}")
        + (rng.random() < 0.5, p.team[0], p.enrolled)
        for p in world.people
        if rng.random() < 0.3
    )
    cols = ["participant_id", "name", "is_street_name", "added_by_id", "added_at"]
    loader.copy(ParticipantAlias, cols, aliases)

    all_categories = ["participation", "case_manager_contact", "coordination_summary"]

    def consents():
        for p in world.people:
            if not p.intake_at:
                continue
            signed = p.intake_at.date()
            by_exit = rng.random() < 0.7
            expires = None if by_exit else signed + timedelta(days=730)
            revoked = world.when(p.intake_at, world.now) if rng.random() < 0.05 else None
            yield (
                p.pk,
                ["police", "prosecutor"],
                all_categories if rng.random() < 0.8 else all_categories[:1],
                "Coordination of care and legal matters",
                signed,
                expires,
                "program_exit" if by_exit else "",
                rng.random() < 0.2,
                revoked,
                p.team[0] if revoked else None,
                p.team[0],
                p.intake_at,
            )

    cols = ["participant_id", "recipient_agency_types", "categories", "purpose", "signed_on"]
    cols += ["expires_on", "expiry_event", "covers_part2", "revoked_at", "revoked_by_id"]
    loader.copy(Consent, [*cols, "created_by_id", "created_at"], consents())

    def assessments():
        for p in world.people:
            done = p.intake_at is not None
            started = p.enrolled
            yield (
                p.pk,
                p.episode,
                "complete" if done else "draft",
                rng.choice(["street", "shelter", "vehicle", "transitional"]),
                rng.choice(["none", "part_time"]),
                p.team[0],
                started,
                p.team[0],
                p.intake_at or started,
                p.intake_at,
                p.team[0] if done else None,
            )

    cols = ["participant_id", "episode_id", "status", "housing_status", "employment"]
    cols += ["started_by_id", "started_at", "updated_by_id", "updated_at", "completed_at"]
    loader.copy(IntakeAssessment, [*cols, "completed_by_id"], assessments())
