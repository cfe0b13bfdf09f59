"""Demo data the reports need beyond the other apps' seeds: self-reported race and ethnicity,
legal events around each person's enrolment (fewer after, as the evaluations found), monthly
spending, and booked arrests that were eligible but not diverted. All of it invented; a second
run adds nothing."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from coordination.models import LegalEvent, LegalEventSource, LegalEventType
from lead.models import Agency
from lead.roles import AgencyType, Role
from participants.models import Participant
from reports.models import BookingImportBatch, BookingRecord, CostCategory, CostEntry
from reports.periods import add_months

OUTCOME_PREFIX = "outcome-demo-"
BOOKING_PREFIX = "booking-demo-"
RACE_WEIGHTS = [
    (["white"], 38),
    (["black"], 30),
    (["hispanic"], 12),
    (["american_indian"], 6),
    (["asian"], 4),
    (["pacific_islander"], 2),
    (["black", "white"], 4),
    (["declined"], 2),
    ([], 2),
]
# Mean events per person in the 12 months before and after enrolment. The drops are of the
# size the LEAD evaluations report (arrests roughly halved, fewer felonies and bookings).
RATES = {
    LegalEventType.ARREST: (2.2, 1.0),
    LegalEventType.CHARGE_FILED: (0.9, 0.5),
    LegalEventType.JAIL_BOOKING: (1.2, 0.5),
    LegalEventType.PRISON_ADMISSION: (0.08, 0.02),
    LegalEventType.EMS_VISIT: (1.5, 1.3),
    LegalEventType.ER_VISIT: (1.1, 0.9),
}
MONTHLY_SPEND = {
    CostCategory.STAFF: 16000,
    CostCategory.HOUSING: 6000,
    CostCategory.CLIENT_SUPPORT: 3500,
    CostCategory.OPERATIONS: 6000,
    CostCategory.EVALUATION: 1500,
}


def _poisson(rng, mean: float) -> int:
    # Knuth's method; the means here are small.
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


@transaction.atomic
def seed(users) -> None:
    rng = random.Random(7007)  # noqa: S311 - repeatable demo data, not secrecy
    demo_people = Participant.objects.filter(
        agency__name__endswith="(demo)", merged_into__isnull=True
    )
    _seed_race(rng, demo_people)
    by_name = {u.username: u for u in users}
    _seed_legal_events(rng, demo_people, by_name)
    _seed_costs(rng, by_name["pm"])
    _seed_bookings(rng, by_name["pm"])


def _seed_race(rng, people) -> None:
    choices, weights = [c for c, _ in RACE_WEIGHTS], [w for _, w in RACE_WEIGHTS]
    for person in people.filter(race_ethnicity=[]).order_by("id"):
        race = rng.choices(choices, weights=weights)[0]
        if race:
            Participant.objects.filter(pk=person.pk).update(race_ethnicity=race)


def _seed_legal_events(rng, people, by_name) -> None:
    if LegalEvent.objects.filter(source_id__startswith=OUTCOME_PREFIX).exists():
        return
    officers = [u for u in by_name.values() if u.role == Role.OFFICER]
    today = timezone.localdate()
    enrolled = people.annotate(first=Min("episodes__opened_at")).order_by("id")
    rows = []
    for person in enrolled:
        if person.first is None:
            continue
        start = timezone.localdate(person.first)
        officer = officers[person.pk % len(officers)]
        n = 0
        for kind, (before, after) in RATES.items():
            for side, mean in (("before", before), ("after", after)):
                for _ in range(_poisson(rng, mean)):
                    offset = rng.randint(0, 364)
                    day = (
                        start - timedelta(days=offset)
                        if side == "before"
                        else (start + timedelta(days=offset + 1))
                    )
                    if day > today:
                        continue
                    n += 1
                    rows.append(
                        LegalEvent(
                            participant=person,
                            event_type=kind,
                            occurred_on=day,
                            agency=officer.agency,
                            level=_level(rng, kind),
                            offence=_offence(kind),
                            release_date=_release(rng, kind, day, today),
                            source=LegalEventSource.IMPORTED,
                            source_id=f"{OUTCOME_PREFIX}{person.pk}-{n}",
                            created_by=officer,
                        )
                    )
    LegalEvent.objects.bulk_create(rows)


def _level(rng, kind) -> str:
    if kind == LegalEventType.CHARGE_FILED:
        return "felony" if rng.random() < 0.35 else "misdemeanor"
    if kind == LegalEventType.ARREST:
        return "misdemeanor"
    return ""


def _offence(kind) -> str:
    return {
        LegalEventType.ARREST: "Criminal trespass",
        LegalEventType.CHARGE_FILED: "Possession",
        LegalEventType.JAIL_BOOKING: "Warrant",
    }.get(kind, "")


def _release(rng, kind, day, today):
    if kind != LegalEventType.JAIL_BOOKING:
        return None
    return min(day + timedelta(days=rng.randint(0, 20)), today)


def _seed_costs(rng, pm) -> None:
    this_month = timezone.localdate().replace(day=1)
    for back in range(18, 0, -1):
        month = add_months(this_month, -back)
        for category, base in MONTHLY_SPEND.items():
            amount = Decimal(base) * Decimal(rng.randint(85, 115)) / 100
            CostEntry.objects.get_or_create(
                month=month,
                category=category,
                defaults={"amount": amount.quantize(Decimal("1.00")), "entered_by": pm},
            )


def _seed_bookings(rng, pm) -> None:
    if BookingRecord.objects.filter(source_id__startswith=BOOKING_PREFIX).exists():
        return
    police = list(Agency.objects.filter(agency_type=AgencyType.POLICE, name__endswith="(demo)"))
    if not police:
        return
    batch = BookingImportBatch.objects.create(
        uploaded_by=pm,
        filename="demo-bookings.csv",
        state=BookingImportBatch.State.COMMITTED,
        committed_at=timezone.now(),
    )
    # Booked people skew differently from those diverted: the gap the equity report shows.
    weights = [
        ("black", 40),
        ("white", 30),
        ("hispanic", 15),
        ("american_indian", 8),
        ("asian", 4),
        ("not_recorded", 3),
    ]
    today = timezone.localdate()
    rows = []
    for n in range(60):
        agency = police[n % len(police)]
        rows.append(
            BookingRecord(
                source_id=f"{BOOKING_PREFIX}{n}",
                booked_on=today - timedelta(days=rng.randint(1, 700)),
                race_ethnicity=rng.choices(
                    [c for c, _ in weights], weights=[w for _, w in weights]
                )[0],
                agency=agency,
                area=agency.area,
                offence="Possession",
                batch=batch,
            )
        )
    BookingRecord.objects.bulk_create(rows)
    batch.row_count = batch.new_count = batch.imported_count = len(rows)
    batch.save(update_fields=["row_count", "new_count", "imported_count"])
