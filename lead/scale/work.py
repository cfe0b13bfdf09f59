"""Referrals, plans with goals, steps, notes and reviews, contacts and monthly check-ins."""

import itertools
from datetime import date, timedelta

from casework.choices import ContactMode, Domain, GoalStatus, LocationType
from casework.models import (
    CheckIn,
    Contact,
    Goal,
    Plan,
    PlanReview,
    ProgressNote,
    ServiceType,
    Step,
)
from lead.roles import Role
from lead.scale.people import DAY, World
from referrals.models import ReasonCode, Referral

CONTACTS_PER_PERSON = 100
CHECKINS_PER_PERSON = 12
REFERRALS_PER_PERSON = 2.5

NOTES = [
    "Met at the usual spot; talked through the housing application and next steps.",
    "Phone call to confirm the clinic appointment; agreed to meet on Thursday.",
    "Drove to the benefits office together; paperwork submitted.",
    "Checked in at the shelter; picked up a replacement ID voucher.",
    "Collateral call with the clinic about medication pickup.",
    "Looked for them at the camp and the library; not found, left a message.",
]
GOAL_TEXTS = [
    "I want my own place, somewhere quiet.",
    "Get my ID back so I can apply for benefits.",
    "See a doctor about my leg.",
    "Stay in touch with my daughter.",
    "Find work, maybe part-time at first.",
    "Deal with my old warrants.",
]


def _pick_weighted(rng, people, k: int):
    weights = list(itertools.accumulate(p.weight for p in people))
    return rng.choices(people, cum_weights=weights, k=k)


def write_referrals(world: World, loader) -> None:
    rng, now = world.rng, world.now
    officers = world.users[Role.OFFICER]
    # A few officers file most referrals (Zipf-like), as in the field.
    officer_weights = list(itertools.accumulate(1 / (i + 1) ** 0.8 for i in range(len(officers))))
    reviewers = world.users[Role.PROSECUTOR]
    matchers = [s for sups in world.supervisors_by_agency.values() for s in sups]
    total = round(world.n * REFERRALS_PER_PERSON)
    first = loader.reserve_ids(Referral, total)
    extra = total - len(world.people)
    # Every participant came in through a referral; the rest are re-referrals and declines.
    subjects = list(world.people) + [None] * extra
    again = _pick_weighted(rng, world.people, int(extra * 0.6))
    subjects[len(world.people) : len(world.people) + len(again)] = again
    decisions = []

    def rows():
        for offset, person in enumerate(subjects):
            pk = first + offset
            officer = rng.choices(officers, cum_weights=officer_weights)[0]
            pathway = rng.choices(["arrest_diversion", "social_contact", "community"], [45, 50, 5])[
                0
            ]
            if person is not None and offset < len(world.people):
                submitted = person.enrolled - timedelta(hours=rng.uniform(1, 72))
            else:
                submitted = world.when(world.start, now)
            if person is not None:
                decision = (
                    "approved" if offset < len(world.people) or rng.random() < 0.7 else ("declined")
                )
            else:
                decision = rng.choices(["declined", "pending", "approved"], [60, 15, 25])[0]
            if decision == "pending" and (now - submitted).days > 60:
                decision = "declined"
            decided = submitted + timedelta(hours=rng.uniform(2, 96))
            decided = decided if decision != "pending" and decided < now else None
            decision = decision if decided or decision == "pending" else "pending"
            matched = person if decision == "approved" else None
            arrest = pathway == "arrest_diversion"
            if decided:
                decisions.append((pk, 1 if decision == "approved" else 2))
            first_name = rng.choice(world.first_names)
            last_name = rng.choice(world.last_names)
            yield (
                pk,
                pathway,
                officer,
                world.staff_agency[officer],
                submitted,
                first_name,
                last_name,
                "Under the bridge on 4th",
                f"INC-{pk:08d}" if arrest else "",
                submitted - timedelta(hours=1),
                "4th and Main",
                world.areas[world.staff_agency[officer]],
                "Possession" if arrest else "",
                "Opioids" if arrest else "",
                round(rng.uniform(0.1, 3.0), 2) if arrest else None,
                arrest,
                "" if arrest else "observation",
                None if arrest else (submitted - timedelta(days=30)).date(),
                "Officer's own observation in the area.",
                decision,
                rng.choice(reviewers) if decided else None,
                decided,
                matched.pk if matched else None,
                matched.episode if matched else None,
                rng.choice(matchers) if matched else None,
                decided if matched else None,
            )

    cols = ["id", "pathway", "referred_by_id", "referring_agency_id", "submitted_at"]
    cols += ["first_name", "last_name", "how_to_find", "incident_number", "incident_at"]
    cols += ["location", "area", "offenses", "drug_type", "drug_quantity_grams"]
    cols += ["hold_requested", "verification", "activity_date", "narrative", "decision"]
    cols += ["decided_by_id", "decided_at", "participant_id", "episode_id", "matched_by_id"]
    loader.copy(Referral, [*cols, "matched_at"], rows())
    codes = {
        a: list(ReasonCode.objects.filter(applies_to__in=[a, "both"]).values_list("pk", flat=True))
        for a in ("approved", "declined")
    }
    if codes["approved"] and codes["declined"]:
        pairs = (
            (pk, rng.choice(codes["approved" if kind == 1 else "declined"]))
            for pk, kind in decisions
        )
        loader.copy_through(
            Referral.decision_reasons.through,
            "referral",
            "reasoncode",
            pairs,
            label="referral decision reasons",
        )


def write_plans(world: World, loader) -> dict[int, list[int]]:
    """Plans, goals (1-8 each), steps, progress notes and reviews; returns goals by person."""
    rng = world.rng
    planned = [p for p in world.people if p.intake_at]
    first_plan = loader.reserve_ids(Plan, len(planned))
    goal_counts = [min(8, max(1, round(rng.lognormvariate(1.1, 0.5)))) for _ in planned]
    first_goal = loader.reserve_ids(Goal, sum(goal_counts))
    plan_rows, goal_rows, goals_of = [], [], {}
    goal_pk = first_goal
    domains = list(Domain.values)
    statuses = list(GoalStatus.values)
    for offset, (p, count) in enumerate(zip(planned, goal_counts, strict=True)):
        plan_pk = first_plan + offset
        plan_rows.append((plan_pk, p.pk, p.intake_at.date(), p.team[0], p.intake_at))
        goals_of[p.pk] = []
        for _ in range(count):
            made = world.when(p.intake_at, p.until if p.ended else world.now)
            status = rng.choice(statuses)
            goal_rows.append(
                (goal_pk, plan_pk, rng.choice(GOAL_TEXTS), rng.choice(domains), status)
                + (p.team[0], made, made)
            )
            goals_of[p.pk].append((goal_pk, plan_pk, made, p.team[0]))
            goal_pk += 1
    loader.copy(
        Plan, ["id", "participant_id", "started_on", "created_by_id", "created_at"], plan_rows
    )
    cols = ["id", "plan_id", "text", "domain", "status", "created_by_id", "created_at"]
    loader.copy(Goal, [*cols, "updated_at"], goal_rows)
    all_goals = [g for gs in goals_of.values() for g in gs]

    def steps():
        for goal, _, made, author in all_goals:
            for _ in range(rng.choice((0, 1, 2, 2, 3, 4))):
                due = (made + timedelta(days=rng.randrange(7, 90))).date()
                done = due if rng.random() < 0.5 else None
                yield (goal, "Call the housing office", "participant", due, done, author, made)

    loader.copy(
        Step,
        ["goal_id", "text", "owner", "due_on", "done_on", "created_by_id", "created_at"],
        steps(),
    )

    def notes():
        for goal, _, made, author in all_goals:
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                on = (made + timedelta(days=rng.randrange(1, 200))).date()
                yield (goal, min(on, world.now.date()), rng.choice(NOTES), author, made)

    cols = ["goal_id", "noted_on", "text", "author_id", "created_at"]
    loader.copy(ProgressNote, cols, notes())

    def reviews():
        for offset, p in enumerate(planned):
            for _ in range(rng.choice((0, 1, 2, 3))):
                on = world.when(p.intake_at, p.until if p.ended else world.now)
                yield (first_plan + offset, on.date(), "Reviewed the plan together.", p.team[0], on)

    cols = ["plan_id", "reviewed_on", "summary", "reviewer_id", "created_at"]
    loader.copy(PlanReview, cols, reviews())
    return goals_of


def write_contacts(world: World, loader, goals_of: dict) -> None:
    """About 100 contacts a person, skewed: weight times time in the program."""
    rng, now = world.rng, world.now
    served = [p for p in world.people if p.intake_at]
    spans = [((p.ended or now) - p.intake_at).days + 1 for p in served]
    raw = [p.weight * span for p, span in zip(served, spans, strict=True)]
    scale = CONTACTS_PER_PERSON * world.n / sum(raw)
    counts = [int(r * scale + rng.random()) for r in raw]
    total = sum(counts)
    first = loader.reserve_ids(Contact, total)
    modes = list(ContactMode.values)
    mode_weights = [50, 20, 12, 2, 12, 4]
    places = list(LocationType.values)
    domains = list(Domain.values)
    link_goals, link_services = [], []
    services = list(ServiceType.objects.values_list("pk", flat=True))

    def rows():
        pk = first
        for p, count in zip(served, counts, strict=True):
            end = p.ended or now
            span = (end - p.intake_at).total_seconds()
            goals = goals_of.get(p.pk, [])
            others = p.team[1:] or p.team
            for _ in range(count):
                at = p.intake_at + timedelta(seconds=rng.random() * span)
                staff = p.team[0] if rng.random() < 0.85 else rng.choice(others)
                mode = rng.choices(modes, mode_weights)[0]
                void = rng.random() < 0.01
                if goals and rng.random() < 0.2:
                    link_goals.append((pk, rng.choice(goals)[0]))
                if services and rng.random() < 0.15:
                    link_services.append((pk, rng.choice(services)))
                yield (
                    pk,
                    p.pk,
                    at,
                    staff,
                    mode,
                    rng.choice(places),
                    rng.choice((5, 10, 15, 30, 45, 60, 90)),
                    mode != "attempted",
                    rng.sample(domains, rng.choice((1, 1, 2, 3))),
                    rng.choice(NOTES),
                    rng.random() < 0.05,
                    at + DAY if void else None,
                    staff if void else None,
                    "Entered on the wrong person" if void else "",
                    staff,
                    at,
                )
                pk += 1

    cols = ["id", "participant_id", "occurred_at", "staff_id", "mode", "location_type"]
    cols += ["duration_minutes", "substantive", "domains", "note", "is_part2", "voided_at"]
    cols += ["voided_by_id", "void_reason", "created_by_id", "created_at"]
    loader.copy(Contact, cols, rows())
    through = Contact.goals.through
    loader.copy_through(through, "contact", "goal", link_goals, label="contact goals")
    through = Contact.services.through
    loader.copy_through(through, "contact", "servicetype", link_services, label="contact services")


def _months(first: date, last: date):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + timedelta(days=32)).replace(day=1)


def write_checkins(world: World, loader) -> None:
    """Monthly check-ins over each person's time in the program, thinned to about 12 each."""
    rng, now = world.rng, world.now
    served = [p for p in world.people if p.intake_at]
    months = [len(list(_months(p.intake_at.date(), (p.ended or now).date()))) for p in served]
    keep = min(1.0, CHECKINS_PER_PERSON * world.n / max(1, sum(months)))
    housing = ["street", "shelter", "vehicle", "transitional", "permanent", "unknown"]

    def rows():
        for p in served:
            for month in _months(p.intake_at.date(), (p.ended or now).date()):
                if rng.random() >= keep:
                    continue
                income = rng.random() < 0.5
                at = max(p.intake_at, now.replace(year=month.year, month=month.month, day=1))
                yield (
                    p.pk,
                    month,
                    rng.choice(housing),
                    rng.choice(["none", "none", "part_time", "training"]),
                    income,
                    ["snap"] if income else [],
                    rng.random() < 0.7,
                    p.team[0],
                    min(at, now),
                )

    cols = ["participant_id", "month", "housing", "employment", "has_income", "income_sources"]
    loader.copy(CheckIn, [*cols, "has_insurance", "recorded_by_id", "recorded_at"], rows())
