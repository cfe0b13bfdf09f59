"""Demo casework: plans, months of contacts and monthly check-ins for the demo participants.

Everything is invented. Rows go in with bulk_create so that seeding stays quick; a second run
finds the plans already there and adds nothing.
"""

import random
from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from casework.choices import (
    ContactMode,
    Domain,
    Employment,
    GoalStatus,
    HousingStatus,
    IncomeSource,
    LocationType,
    NotificationKind,
    StepOwner,
)
from casework.models import (
    CheckIn,
    Contact,
    Goal,
    Notification,
    Plan,
    PlanReview,
    ProgressNote,
    ServiceType,
    Step,
)
from lead.roles import Role
from participants.models import CareTeamMember, Participant, ParticipantStatus

# The participant's own words, with the domain each goal falls in, and a first step.
GOALS = [
    ("I want a place of my own, somewhere quiet", Domain.HOUSING, "Fill in the housing list form"),
    (
        "Get my ID back so I can sign up for things",
        Domain.ID_DOCUMENTS,
        "Order a birth certificate",
    ),
    ("Cut back on using, on my own terms", Domain.SUBSTANCE_USE, "Visit the MAT clinic together"),
    ("See my kids on weekends again", Domain.FAMILY, "Call the family law clinic"),
    ("Get my teeth fixed", Domain.PHYSICAL_HEALTH, "Book a dental clinic visit"),
    (
        "Stop getting picked up on old warrants",
        Domain.LEGAL,
        "Ask the public defender about quashing",
    ),
    ("Find work I can do with my back", Domain.EMPLOYMENT, "Meet the job coach"),
    ("Get on SSI", Domain.INCOME, "Gather medical records for the application"),
    ("Sleep without feeling scared", Domain.SAFETY, "Look at the women's shelter together"),
    ("Feel less anxious at night", Domain.MENTAL_HEALTH, "Try the walk-in counselling hours"),
    ("Have a phone that works", Domain.BASIC_NEEDS, "Apply for a Lifeline phone"),
]
NOTES = [
    "Met at the usual spot. Talked through the week.",
    "Brought food and socks. Short visit, doing OK.",
    "Went over the housing application together.",
    "Court reminder for next week; offered a ride.",
    "Checked in by phone, sounded tired but fine.",
    "Talked about what they want to work on next.",
    "Helped fill in the benefits form.",
    "Caught up briefly outside the shelter.",
]
PART2_NOTES = [
    "Talked about starting buprenorphine; wants to think it over.",
    "Went with them to the MAT intake appointment.",
]
MODES = [
    (ContactMode.IN_PERSON, 55),
    (ContactMode.PHONE, 15),
    (ContactMode.TEXT, 10),
    (ContactMode.ATTEMPTED, 12),
    (ContactMode.COLLATERAL, 8),
]
LOCATIONS = [LocationType.STREET, LocationType.SHELTER, LocationType.OFFICE, LocationType.JAIL]
MONTHS_OF_HISTORY = 6


def seed(users) -> None:
    case_managers = [u for u in users if u.role == Role.CASE_MANAGER]
    participants = list(
        Participant.objects.filter(care_team__user__in=case_managers, care_team__is_primary=True)
        .exclude(status=ParticipantStatus.EXITED)
        .distinct()
        .order_by("id")
    )
    if not participants or Plan.objects.filter(participant__in=participants).exists():
        return
    rng = random.Random(2026)  # noqa: S311 - repeatable demo data, not secrecy
    primary = dict(
        CareTeamMember.objects.filter(participant__in=participants, is_primary=True).values_list(
            "participant_id", "user_id"
        )
    )
    by_id = {u.pk: u for u in users}
    services_list = list(ServiceType.objects.filter(is_active=True))
    now = timezone.now()
    today = timezone.localdate()
    history_start = today - timedelta(days=30 * MONTHS_OF_HISTORY)

    plans, goal_rows, step_rows, note_rows, review_rows = [], [], [], [], []
    contacts, checkins = [], []
    for index, participant in enumerate(participants):
        staff = by_id[primary[participant.pk]]
        started = max(timezone.localdate(participant.created_at), history_start)
        if participant.status == ParticipantStatus.INTAKE_PENDING:
            contacts += _contacts(rng, participant, staff, now, days=14, every=(4, 7))
            continue
        plan = Plan(participant=participant, started_on=started, created_by=staff)
        plans.append(plan)
        for goal_index, (text, domain, step) in enumerate(rng.sample(GOALS, rng.randint(1, 3))):
            goal = Goal(
                plan=plan,
                text=text,
                domain=domain,
                status=rng.choice(
                    [
                        GoalStatus.IN_PROGRESS,
                        GoalStatus.IN_PROGRESS,
                        GoalStatus.NOT_STARTED,
                        GoalStatus.ACHIEVED,
                        GoalStatus.PAUSED,
                    ]
                ),
                created_by=staff,
            )
            goal_rows.append(goal)
            due = today + timedelta(days=rng.randint(-5, 30)) if rng.random() < 0.6 else None
            step_rows.append(
                Step(
                    goal=goal,
                    text=step,
                    owner=rng.choice(list(StepOwner)),
                    partner_name="County services" if goal_index == 2 else "",
                    due_on=due if due and due >= started else None,
                    created_by=staff,
                )
            )
            note_rows.append(
                ProgressNote(
                    goal=goal,
                    noted_on=started
                    + timedelta(days=rng.randint(0, max(0, (today - started).days))),
                    text="Some progress, some setbacks; still wants this.",
                    author=staff,
                )
            )
        if (today - started).days > 60:
            review_rows.append(
                PlanReview(
                    plan=plan,
                    reviewed_on=started + timedelta(days=rng.randint(30, (today - started).days)),
                    summary="Went over the goals together; kept them, added a step.",
                    reviewer=staff,
                )
            )
        # Some participants are overdue for contact, so that the dashboards show the alert.
        gap = 35 if index % 6 == 0 or participant.status == ParticipantStatus.IN_THE_WIND else 0
        contacts += _contacts(
            rng,
            participant,
            staff,
            now - timedelta(days=gap),
            days=(today - started).days - gap,
            every=(3, 10),
        )
        checkins += _checkins(
            rng, participant, staff, started, today, skip_this_month=index % 3 == 0
        )

    Plan.objects.bulk_create(plans)
    Goal.objects.bulk_create(goal_rows)
    Step.objects.bulk_create(step_rows)
    ProgressNote.objects.bulk_create(note_rows)
    PlanReview.objects.bulk_create(review_rows)
    Contact.objects.bulk_create(contacts)
    CheckIn.objects.bulk_create(checkins)
    _link_contacts(rng, contacts, goal_rows, services_list)
    _notifications(case_managers, users, participants, primary)


def _contacts(rng, participant, staff, until, *, days, every):
    rows = []
    at = until - timedelta(days=max(days, 0))
    while at < until:
        mode = rng.choices([m for m, _ in MODES], weights=[w for _, w in MODES])[0]
        part2 = mode == ContactMode.IN_PERSON and rng.random() < 0.08
        occurred = datetime.combine(
            timezone.localdate(at), time(rng.randint(8, 18), rng.choice([0, 15, 30, 45]))
        )
        occurred = min(timezone.make_aware(occurred), until)
        rows.append(
            Contact(
                participant=participant,
                occurred_at=occurred,
                staff=staff,
                created_by=staff,
                created_at=occurred,
                mode=mode,
                location_type=rng.choice(LOCATIONS),
                duration_minutes=rng.choice([5, 10, 15, 20, 30, 45, 60]),
                substantive=mode not in (ContactMode.ATTEMPTED, ContactMode.TEXT),
                domains=rng.sample(list(Domain.values), rng.randint(0, 2)),
                note=rng.choice(PART2_NOTES) if part2 else rng.choice(NOTES),
                is_part2=part2,
            )
        )
        at += timedelta(days=rng.randint(*every), hours=rng.randint(0, 6))
    return rows


def _checkins(rng, participant, staff, started, today, *, skip_this_month):
    rows = []
    month = started.replace(day=1)
    housing = rng.choice([HousingStatus.STREET, HousingStatus.VEHICLE, HousingStatus.SHELTER])
    this_month = today.replace(day=1)
    while month <= this_month:
        if month == this_month and skip_this_month:
            break
        if rng.random() < 0.25:
            # People move up and down; progress is not linear.
            housing = rng.choice(list(HousingStatus))
        has_income = rng.random() < 0.5
        rows.append(
            CheckIn(
                participant=participant,
                month=month,
                housing=housing,
                employment=rng.choice(list(Employment)),
                has_income=has_income,
                income_sources=[rng.choice([IncomeSource.SNAP, IncomeSource.SSI])]
                if has_income
                else [],
                has_insurance=rng.random() < 0.7,
                recorded_by=staff,
            )
        )
        month = (month + timedelta(days=32)).replace(day=1)
    return rows


def _link_contacts(rng, contacts, goals, services_list):
    goals_by_participant = {}
    for goal in goals:
        goals_by_participant.setdefault(goal.plan.participant_id, []).append(goal)
    goal_links, service_links = [], []
    for contact in contacts:
        if not contact.substantive:
            continue
        own = goals_by_participant.get(contact.participant_id, [])
        if own and rng.random() < 0.5:
            goal_links.append(
                Contact.goals.through(contact_id=contact.pk, goal_id=rng.choice(own).pk)
            )
        if services_list and rng.random() < 0.4:
            service = rng.choice(services_list)
            service_links.append(
                Contact.services.through(contact_id=contact.pk, servicetype_id=service.pk)
            )
    Contact.goals.through.objects.bulk_create(goal_links)
    Contact.services.through.objects.bulk_create(service_links)


def _notifications(case_managers, users, participants, primary):
    rows = []
    for participant in participants[:12]:
        link = reverse("participants:detail", args=[participant.pk])
        user_id = primary[participant.pk]
        if participant.status == ParticipantStatus.INTAKE_PENDING:
            rows.append(
                Notification(
                    user_id=user_id,
                    kind=NotificationKind.REFERRAL_ASSIGNED,
                    text=f"New referral assigned: {participant.display_name}",
                    link=link,
                )
            )
        elif participant.status == ParticipantStatus.IN_THE_WIND:
            rows.append(
                Notification(
                    user_id=user_id,
                    kind=NotificationKind.OTHER,
                    text=f"Outreach team saw {participant.display_name} near the harbor",
                    link=link,
                )
            )
    for user in users:
        if user.role == Role.SUPERVISOR:
            rows.append(
                Notification(
                    user=user,
                    kind=NotificationKind.CASELOAD,
                    text="Monthly caseload review is due this week",
                    link=reverse("home"),
                )
            )
    Notification.objects.bulk_create(rows)
