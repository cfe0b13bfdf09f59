"""Legal events, filing flags, consultations, disclosures, the workgroup, inboxes, the audit
trail and the reports' own tables (spending and imported bookings)."""

import itertools
from datetime import date, timedelta

from casework.models import Notification
from coordination.models import (
    ActionItem,
    AgendaItem,
    AgendaSection,
    Consultation,
    Disclosure,
    FilingFlag,
    LegalEvent,
    LegalEventType,
    Meeting,
)
from lead.models import AuditEvent
from lead.roles import AgencyType, Role
from lead.scale.people import World
from reports.models import BookingImportBatch, BookingRecord, CostCategory, CostEntry

LEGAL_EVENTS_PER_PERSON = 6
AUDIT_EVENTS_PER_PERSON = 10
POLICE_EVENTS = {"arrest", "citation", "jail_booking", "ems_visit", "er_visit"}


def _weighted(rng, people, k):
    cum = list(itertools.accumulate(p.weight for p in people))
    return rng.choices(people, cum_weights=cum, k=k)


def write_legal(world: World, loader) -> None:
    rng, now = world.rng, world.now
    total = world.n * LEGAL_EVENTS_PER_PERSON
    first = loader.reserve_ids(LegalEvent, total)
    police = world.agencies[AgencyType.POLICE]
    prosecutor_agency = world.agencies[AgencyType.PROSECUTOR][0]
    officers, prosecutors = world.users[Role.OFFICER], world.users[Role.PROSECUTOR]
    types = list(LegalEventType.values)
    weights = [30, 10, 15, 8, 6, 12, 10, 3, 1, 3, 2]
    subjects = _weighted(rng, world.people, total)
    recent_flags = []

    def rows():
        for offset, p in enumerate(subjects):
            pk = first + offset
            kind = rng.choices(types, weights)[0]
            # Events fall before and after enrolment, so outcome windows have both sides.
            lo = max(world.start, p.enrolled - timedelta(days=730))
            on = world.when(lo, now).date()
            by_police = kind in POLICE_EVENTS
            agency = rng.choice(police) if by_police else prosecutor_agency
            imported = rng.random() < 0.2
            recent = (now.date() - on).days < 30
            if kind in ("arrest", "charge_filed") and p.status == "active" and recent:
                recent_flags.append((p.pk, pk, on))
            yield (
                pk,
                p.pk,
                kind,
                on,
                agency,
                f"CASE-{pk:08d}",
                "Theft 3" if kind != "ems_visit" else "",
                rng.choice(["misdemeanor", "misdemeanor", "felony", ""]),
                on + timedelta(days=rng.randrange(1, 20)) if kind == "jail_booking" else None,
                "imported" if imported else "entered",
                f"scale-{pk}" if imported else None,
                rng.choice(officers if by_police else prosecutors),
                now.replace(year=on.year, month=on.month, day=on.day),
            )

    cols = ["id", "participant_id", "event_type", "occurred_on", "agency_id", "case_number"]
    cols += ["offence", "level", "release_date", "source", "source_id", "created_by_id"]
    loader.copy(LegalEvent, [*cols, "created_at"], rows())

    flagged, flags, consults = set(), [], []
    for pid, event, on in recent_flags:
        if pid in flagged:
            continue
        flagged.add(pid)
        flags.append((pid, event, now - timedelta(days=(now.date() - on).days), None, None, ""))
    loader.copy(
        FilingFlag,
        ["participant_id", "raised_by_event_id", "raised_at", "cleared_at", "cleared_by_id"]
        + ["clear_reason"],
        flags,
    )
    # Consultations: a few per hundred people, mostly answered and decided.
    events = rng.sample(range(first, first + total), k=max(1, world.n // 20))
    for event in events:
        p = subjects[event - first]
        opened = world.when(max(world.start, p.enrolled), now)
        answered = opened + timedelta(days=rng.uniform(0.2, 5))
        done = answered < now and rng.random() < 0.85
        decided = answered + timedelta(days=2) if done and rng.random() < 0.8 else None
        consults.append(
            (event, p.pk, prosecutor_agency, "Can we coordinate on this new case?")
            + (rng.choice(prosecutors), opened, "no_objection" if done else "")
            + ("Engaged and working on housing." if done else "", p.team[0] if done else None)
            + (answered if done else None, "deferred" if decided else "")
            + (rng.choice(prosecutors) if decided else None, decided)
        )
    cols = ["legal_event_id", "participant_id", "prosecutor_agency_id", "question", "opened_by_id"]
    cols += ["opened_at", "recommendation", "summary", "answered_by_id", "answered_at"]
    loader.copy(Consultation, [*cols, "decision", "decided_by_id", "decided_at"], consults)

    partners = officers + prosecutors

    def disclosures():
        for p in rng.sample(world.people, k=world.n // 2):
            who = rng.choice(partners)
            at = world.when(max(world.start, p.enrolled), now)
            yield (p.pk, who, world.staff_agency[who], '["participation"]', "[]", False, at)

    cols = ["participant_id", "disclosed_to_id", "agency_id", "categories", "consent_ids"]
    loader.copy(Disclosure, [*cols, "part2", "disclosed_at"], disclosures())


def write_workgroup(world: World, loader) -> None:
    """A meeting per area every two weeks for the last two years, with agendas and actions."""
    rng, now = world.rng, world.now
    pms = world.users[Role.PROGRAM_MANAGER]
    meetings = []
    for area in world.areas.values():
        when = now - timedelta(days=730)
        while when < now + timedelta(days=14):
            meetings.append((area, when))
            when += timedelta(days=14)
    first = loader.reserve_ids(Meeting, len(meetings))
    rows, attend = [], []
    pool = world.users[Role.CASE_MANAGER] + world.users[Role.SUPERVISOR]
    for offset, (area, when) in enumerate(meetings):
        pk = first + offset
        past = when < now
        rows.append((pk, when, area, rng.choice(pms), when - timedelta(days=7)))
        rows[-1] += (when - timedelta(days=14), when - timedelta(days=1) if past else None)
        people = {rng.choice(pms), rng.choice(world.users[Role.PROSECUTOR])}
        people |= set(rng.sample(pool, k=min(6, len(pool))))
        people.add(rng.choice(world.users[Role.OFFICER]))
        attend += [(pk, u) for u in people]
    cols = ["id", "scheduled_for", "area", "created_by_id", "created_at", "covers_since"]
    loader.copy(Meeting, [*cols, "agenda_generated_at"], rows)
    loader.copy_through(Meeting.attendees.through, "meeting", "user", attend, label="attendees")
    sections = list(AgendaSection.values)
    generated = [r for r in rows if r[-1] is not None]
    first_item = loader.reserve_ids(AgendaItem, 15 * len(generated))
    items, actions = [], []
    pk = first_item
    for row in generated:
        for position in range(15):
            p = rng.choice(world.people)
            items.append((pk, row[0], sections[position * len(sections) // 15], position, p.pk))
            items[-1] += (f"Participant #{p.pk}: coordination update", "", "")
            if position % 5 == 0:
                due = (row[1] + timedelta(days=14)).date()
                actions.append((row[0], pk, "Follow up before the next meeting", p.team[0], due))
                actions[-1] += (row[3], row[1], row[1] if due < now.date() else None)
            pk += 1
    cols = ["id", "meeting_id", "section", "position", "participant_id", "text", "notes"]
    loader.copy(AgendaItem, [*cols, "decision"], items)
    cols = ["meeting_id", "agenda_item_id", "description", "owner_id", "due_on", "created_by_id"]
    loader.copy(ActionItem, [*cols, "created_at", "done_at"], actions)


def write_inboxes_and_audit(world: World, loader) -> None:
    rng, now = world.rng, world.now
    staff = world.users[Role.CASE_MANAGER] + world.users[Role.SUPERVISOR]
    staff += world.users[Role.PROSECUTOR]

    def notifications():
        for user in staff:
            for i in range(20):
                at = now - timedelta(days=rng.uniform(0, 365))
                done = at + timedelta(hours=3) if i > 4 else None
                yield (user, "legal_event", "A new legal event was recorded", "", at, done, "")

    cols = ["user_id", "kind", "text", "link", "created_at", "done_at", "dedupe_key"]
    loader.copy(Notification, cols, notifications())

    actors = world.users[Role.CASE_MANAGER] + world.users[Role.SUPERVISOR]
    names = {}

    def audit():
        for _ in range(world.n * AUDIT_EVENTS_PER_PERSON):
            p = rng.choice(world.people)
            actor = rng.choice(p.team) if rng.random() < 0.8 else rng.choice(actors)
            at = world.when(max(world.start, p.enrolled), now)
            name = names.setdefault(actor, f"scale-user-{actor}")
            yield (at, actor, name, "participant.view", "participants.participant")

    cols = ["occurred_at", "actor_id", "actor_username", "action", "object_type"]
    rows = ((*row, str(row[1]), None, "127.0.0.1", "", "ok") for row in audit())
    loader.copy(
        AuditEvent,
        [*cols, "object_id", "participant_id", "ip", "path", "outcome"],
        rows,
    )


def write_report_tables(world: World, loader) -> None:
    rng, now = world.rng, world.now
    pm = world.users[Role.PROGRAM_MANAGER][0]
    scale = world.n / 1000
    rows = []
    month = date(world.start.year, world.start.month, 1)
    while month <= now.date():
        for category in CostCategory.values:
            amount = round(rng.uniform(2000, 20000) * scale, 2)
            rows.append((month, category, amount, "", pm, now))
        month = (month + timedelta(days=32)).replace(day=1)
    loader.copy(
        CostEntry, ["month", "category", "amount", "note", "entered_by_id", "entered_at"], rows
    )

    batch = loader.reserve_ids(BookingImportBatch, 1)
    loader.copy(
        BookingImportBatch,
        ["id", "uploaded_by_id", "uploaded_at", "filename", "rows", "row_count", "new_count"]
        + ["state", "committed_at", "imported_count"],
        [
            (batch, pm, now, "bookings.csv", "[]", world.n // 2, world.n // 2, "committed", now)
            + (world.n // 2,)
        ],
    )
    races = ["white", "black", "hispanic", "american_indian", "asian"]
    police = world.agencies[AgencyType.POLICE]

    def bookings():
        for i in range(world.n // 2):
            agency = rng.choice(police)
            on = world.when(world.start, now).date()
            yield (f"scale-booking-{batch}-{i}", on, rng.choice(races), agency)

    rows = ((*r, world.areas[r[3]], "Possession", batch) for r in bookings())
    cols = ["source_id", "booked_on", "race_ethnicity", "agency_id", "area", "offence", "batch_id"]
    loader.copy(BookingRecord, cols, rows)
