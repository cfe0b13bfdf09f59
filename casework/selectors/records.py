from django.db.models import Max, Prefetch
from django.utils import timezone

from casework.choices import OPEN_GOAL_STATUSES, LocationType
from casework.models import CheckIn, Contact, Goal, Plan, PlanReview, ProgressNote, Step
from casework.selectors import intake_values


def first_of_this_month():
    return timezone.localdate().replace(day=1)


def contact_defaults(user) -> dict:
    """Defaults that make a routine contact a few taps: now, the user, their last location."""
    last_location = (
        Contact.objects.filter(created_by=user)
        .order_by("-created_at")
        .values_list("location_type", flat=True)
        .first()
    )
    return {
        "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
        "staff": user.pk,
        "location_type": last_location or LocationType.STREET,
        "substantive": True,
    }


def participant_section(user, participant) -> dict:
    """What the participant page shows of casework. Counts are fixed, whatever the rows."""
    goals = list(
        Goal.objects.filter(plan__participant=participant, status__in=OPEN_GOAL_STATUSES)
        .prefetch_related(
            Prefetch("steps", queryset=Step.objects.filter(done_on__isnull=True), to_attr="open")
        )
        .order_by("created_at")
    )
    contacts = list(
        Contact.objects.visible_to(user).filter(participant=participant).select_related("staff")[:5]
    )
    last_substantive = (
        Contact.objects.substantive()
        .filter(participant=participant)
        .aggregate(at=Max("occurred_at"))["at"]
    )
    checkin = CheckIn.objects.filter(participant=participant, month=first_of_this_month()).first()
    return {
        "goals": goals,
        "recent_contacts": contacts,
        "last_substantive": last_substantive,
        "days_since_contact": (timezone.now() - last_substantive).days
        if last_substantive
        else None,
        "checkin": checkin,
    }


def plan_for(participant) -> dict:
    plan = Plan.objects.filter(participant=participant).first()
    if plan is None:
        return {"plan": None, "goals": [], "reviews": []}
    goals = plan.goals.prefetch_related(
        Prefetch("steps", queryset=Step.objects.all()),
        Prefetch("progress_notes", queryset=ProgressNote.objects.select_related("author")),
    )
    reviews = PlanReview.objects.filter(plan=plan).select_related("reviewer")
    return {"plan": plan, "goals": list(goals), "reviews": list(reviews)}


def contacts_for(user, participant):
    return (
        Contact.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("staff", "voided_by")
        .prefetch_related("services", "goals")
    )


def checkin_initial(participant) -> tuple[dict, str]:
    """First values for a new check-in, and where they came from.

    The previous check-in carries forward, since most months change little. The first one
    starts from the completed intake assessment, and without that from blanks.
    """
    previous = CheckIn.objects.filter(participant=participant).order_by("-month").first()
    if previous is not None:
        return (
            {
                "housing": previous.housing,
                "employment": previous.employment,
                "has_income": "yes" if previous.has_income else "no",
                "income_sources": previous.income_sources,
                "has_insurance": "yes" if previous.has_insurance else "no",
            },
            f"last check-in ({previous.month:%B %Y})",
        )
    from_intake = intake_values.from_intake(participant)
    if from_intake:
        return from_intake, "intake assessment"
    return {}, ""
