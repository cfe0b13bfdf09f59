"""Demo referrals: every pathway and every outcome, including an intake deadline due in three
days and one already missed. Every person is invented (Faker, fixed seed)."""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from faker import Faker

from lead.models import SiteSettings
from lead.roles import Role
from participants.models import Episode
from referrals import services
from referrals.models import Decision, ReasonCode, Referral

# pathway, days since filed (None: set from the site's deadline), outcome
PLAN = [
    ("arrest_diversion", 1, "submitted"),
    ("arrest_diversion", 3, "approved"),
    ("arrest_diversion", 5, "declined"),
    ("arrest_diversion", "due_in_3", "intake_pending"),
    ("arrest_diversion", "missed", "intake_pending"),
    ("arrest_diversion", 12, "intake_complete"),
    ("arrest_diversion", 8, "person_declined"),
    ("social_contact", 2, "submitted"),
    ("social_contact", 6, "declined"),
    ("social_contact", 20, "intake_pending"),
    ("social_contact", 40, "intake_complete"),
    ("community", 4, "submitted"),
    ("community", 15, "approved"),
    # Last, so that the referrals above are not queued behind it.
    ("social_contact", 9, "waitlisted"),
]
OFFENCES = ["VUCSA possession", "Shoplifting (3rd degree)", "Trespass", "Drug paraphernalia"]
DRUGS = ["Heroin", "Methamphetamine", "Fentanyl", "Crack cocaine"]
PLACES = ["3rd Ave and Pine St", "Harbor Steps", "Cedar Park underpass", "Bus shelter, 5th Ave"]


def _data(fake, pathway, officer, index, now):
    data = {
        "pathway": pathway,
        "first_name": fake.first_name(),
        "last_name": fake.last_name(),
        "aliases": fake.first_name() if index % 3 == 0 else "",
        "date_of_birth": fake.date_of_birth(minimum_age=20, maximum_age=60) if index % 4 else None,
        "approximate_age": 35 if index % 4 == 0 else None,
        "physical_description": "Tall, grey hoodie, red backpack (demo)",
        "how_to_find": f"Usually near {PLACES[index % len(PLACES)]}",
        "incident_number": f"DEMO-{2026000 + index}",
        "incident_at": now - timedelta(hours=2),
        "location": PLACES[index % len(PLACES)],
        "area": officer.agency.area or "Downtown",
        "handoff_called_at": now - timedelta(hours=2),
        "handoff_arrived_at": now - timedelta(hours=1, minutes=35),
        "narrative": "Fictional demo narrative: contact in the field, person open to services.",
        "flags": [],
        "exclusions_marked": [],
        "flag_reason": "",
    }
    if pathway == "arrest_diversion":
        quantity = Decimal("4.10") if index == 5 else Decimal("0.80")
        data |= {
            "offenses": OFFENCES[index % len(OFFENCES)],
            "drug_type": DRUGS[index % len(DRUGS)],
            "drug_quantity_grams": quantity,
            "hold_requested": True,
        }
        if index == 5:
            data["flags"] = ["quantity"]
            data["flag_reason"] = "Quantity is a personal supply split with a partner (demo)."
    elif pathway == "social_contact":
        data |= {
            "verification": ["records", "observation", "report"][index % 3],
            "activity_date": (now - timedelta(days=60 + index)).date(),
            "activity_place": PLACES[(index + 1) % len(PLACES)],
            "activity_inside_area": True,
        }
    else:
        data["community_referrer"] = "Sister, by phone (demo)"
    return data


def seed(users) -> None:
    officers = [u for u in users if u.role == Role.OFFICER]
    if Referral.objects.filter(referred_by__in=officers).exists():
        return
    site = SiteSettings.load()
    # The demo shows all three ways in, so it switches the optional one on.
    site.community_referral_enabled = True
    site.save(update_fields=["community_referral_enabled", "updated_at"])
    reviewer = next(u for u in users if u.role == Role.PROSECUTOR)
    case_manager = next(u for u in users if u.role == Role.CASE_MANAGER)
    approve = ReasonCode.objects.filter(applies_to__in=["approved", "both"]).first()
    decline = ReasonCode.objects.filter(applies_to__in=["declined"]).first()
    fake = Faker("en_US")
    fake.seed_instance(3003)
    now = timezone.now()
    days = site.intake_deadline_days
    for index, (pathway, age, outcome) in enumerate(PLAN):
        officer = officers[index % len(officers)]
        filed_days_ago = {"due_in_3": days - 3, "missed": days + 4}.get(age, age)
        filed = now - timedelta(days=filed_days_ago)
        data = _data(fake, pathway, officer, index, filed)
        referral, _ = services.referral_submit(submitted_by=officer, token=uuid.uuid4(), data=data)
        # Backdate as if filed then; the demo needs clocks that are already running.
        Referral.objects.filter(pk=referral.pk).update(submitted_at=filed)
        referral.refresh_from_db()
        if outcome == "waitlisted":
            Referral.objects.filter(pk=referral.pk).update(waitlisted_at=filed)
        if outcome == "submitted":
            continue
        declined = outcome == "declined"
        services.referral_decide(
            referral=referral,
            decided_by=reviewer,
            decision=Decision.DECLINED if declined else Decision.APPROVED,
            reasons=[decline if declined else approve],
            note="Demo decision.",
        )
        if outcome == "person_declined":
            services.referral_record_person_declined(referral=referral, recorded_by=case_manager)
        elif outcome in ("intake_pending", "intake_complete"):
            matched = services.referral_create_participant(
                referral=referral, matched_by=case_manager
            )
            if outcome == "intake_complete":
                # As if the assessment was done and the release signed ten days in.
                Episode.objects.filter(pk=matched.episode_id).update(
                    intake_completed_at=filed + timedelta(days=10)
                )
