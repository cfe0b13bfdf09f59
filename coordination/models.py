"""Coordination between partners and the care team: legal events, the "coordinate before
filing" flag, prosecutor consultations, disclosures and the operational workgroup.

Nothing here is clinical. Everything a partner may read is a coordination-level fact.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from coordination.display import local_day
from lead.models import Agency
from lead.roles import CARE_ROLES, PARTNER_ROLES, Role
from participants.models import Participant


class LegalEventType(models.TextChoices):
    ARREST = "arrest", "Arrest"
    CITATION = "citation", "Citation"
    CHARGE_FILED = "charge_filed", "Charge filed"
    WARRANT_ISSUED = "warrant_issued", "Warrant issued"
    WARRANT_CLEARED = "warrant_cleared", "Warrant cleared"
    JAIL_BOOKING = "jail_booking", "Jail booking"
    COURT_DATE = "court_date", "Court date"
    CONVICTION = "conviction", "Conviction"
    PRISON_ADMISSION = "prison_admission", "Prison admission"
    EMS_VISIT = "ems_visit", "EMS call"
    ER_VISIT = "er_visit", "Emergency-room visit"


# A new one of these for an active participant means the prosecutor asks before filing.
FLAG_RAISING_TYPES = frozenset(
    {LegalEventType.ARREST, LegalEventType.CHARGE_FILED, LegalEventType.WARRANT_ISSUED}
)


class OffenceLevel(models.TextChoices):
    FELONY = "felony", "Felony"
    MISDEMEANOR = "misdemeanor", "Misdemeanour"


class LegalEventSource(models.TextChoices):
    ENTERED = "entered", "Entered by a partner"
    IMPORTED = "imported", "Imported from CSV"


def _care_or_program_scope(qs, user, participant_path: str):
    """Rows whose participant the care team or program manager may see."""
    visible = Participant.objects.visible_to(user).filter(pk=OuterRef(participant_path))
    return qs.filter(Exists(visible))


class LegalEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LegalEventQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role in CARE_ROLES or user.role == Role.PROGRAM_MANAGER:
            return _care_or_program_scope(self, user, "participant_id")
        if user.role in PARTNER_ROLES:
            own, released = _partner_event_scope(user)
            return self.filter(own | released)
        return self.none()

    def newest_visible_to(self, user, limit: int) -> "LegalEventQuerySet":
        """The `limit` newest of these events that `user` may see.

        For a partner, PostgreSQL answers the scope's OR by hashing every in-force release
        in the program. The union of the two halves, each newest first and cut at `limit`,
        reads about `limit` rows of each, however many releases there are."""
        newest = ("-created_at", "-id")
        if user.is_authenticated and user.is_active and user.role in PARTNER_ROLES:
            own, released = (
                self.filter(half).order_by(*newest).values("pk")[:limit]
                for half in _partner_event_scope(user)
            )
            scoped = self.filter(pk__in=own.union(released, all=True))
        else:
            scoped = self.visible_to(user)
        return scoped.order_by(*newest)[:limit]


def _partner_event_scope(user):
    """What a partner's own agency recorded, and events of people whose release names their
    agency; anything else would tell them who is a participant."""
    return Q(agency_id=user.agency_id), Q(partner_may_know(user, "participant_id"))


def partner_may_know(user, participant_path: str) -> Exists:
    """True for rows whose participant a partner may know about: an in-force release names
    their agency, or its kind, for participation. Evaluated at each request.

    A correlated EXISTS, so PostgreSQL checks only the rows it returns (through the consent's
    participant index), not every release in the program as `IN (subquery)` would."""
    from participants.models import Consent, ConsentCategory

    return Exists(
        Consent.objects.in_force()
        .for_agency(user.agency)
        .covering(ConsentCategory.PARTICIPATION)
        .filter(participant_id=OuterRef(participant_path))
    )


@pghistory.track()
class LegalEvent(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="legal_events"
    )
    event_type = models.CharField(max_length=20, choices=LegalEventType.choices)
    occurred_on = models.DateField("date")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="legal_events")
    case_number = models.CharField(max_length=60, blank=True)
    offence = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=20, choices=OffenceLevel.choices, blank=True)
    release_date = models.DateField(
        null=True, blank=True, help_text="Jail bookings: the date of release, once known."
    )
    notes = models.TextField(blank=True)
    source = models.CharField(
        max_length=20, choices=LegalEventSource.choices, default=LegalEventSource.ENTERED
    )
    # The identifier the importing system gives a row: a second import of it adds nothing.
    source_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    # One per submitted form, so a double submit cannot record the event twice.
    submission_token = models.UUIDField(null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = LegalEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.get_event_type_display()} on {self.occurred_on}"


class FilingFlagQuerySet(models.QuerySet):
    def raised(self) -> "FilingFlagQuerySet":
        return self.filter(cleared_at__isnull=True)


class FilingFlag(models.Model):
    """A "coordinate before filing" flag: raised by a legal event, cleared by a person."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="filing_flags"
    )
    raised_by_event = models.ForeignKey(
        LegalEvent, on_delete=models.PROTECT, related_name="filing_flags"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    clear_reason = models.CharField(max_length=300, blank=True)

    objects = FilingFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(cleared_at__isnull=True),
                name="one_raised_filing_flag_per_participant",
            )
        ]

    def __str__(self):
        return f"Coordinate before filing: participant {self.participant_id}"


class Recommendation(models.TextChoices):
    NO_OBJECTION = "no_objection", "No objection"
    DECLINE_OR_DIVERT = "decline_or_divert", "Please decline or divert"
    DISCUSS = "discuss", "Discuss at the workgroup"


class Decision(models.TextChoices):
    FILED = "filed", "Filed"
    DECLINED = "declined", "Declined"
    DEFERRED = "deferred", "Deferred"
    DIVERTED = "diverted", "Diverted"


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ConsultationQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role in CARE_ROLES or user.role == Role.PROGRAM_MANAGER:
            return _care_or_program_scope(self, user, "participant_id")
        if user.role == Role.PROSECUTOR:
            return self.filter(prosecutor_agency_id=user.agency_id)
        return self.none()

    def open(self) -> "ConsultationQuerySet":
        return self.filter(decided_at__isnull=True)


@pghistory.track()
class Consultation(models.Model):
    """A prosecutor asks the care team before filing a case against a participant."""

    legal_event = models.ForeignKey(
        LegalEvent, on_delete=models.PROTECT, related_name="consultations"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="consultations"
    )
    prosecutor_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    question = models.TextField(blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    summary = models.TextField(
        "partner-safe summary",
        blank=True,
        help_text="What the prosecutor may read. Coordination facts only: nothing clinical.",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            # One open consultation per event, so a double click cannot open two.
            models.UniqueConstraint(
                fields=["legal_event"],
                condition=Q(decided_at__isnull=True),
                name="one_open_consultation_per_event",
            )
        ]

    def __str__(self):
        return f"Consultation {self.pk} on event {self.legal_event_id}"

    @property
    def state(self) -> str:
        if self.decided_at:
            return "decided"
        if self.answered_at:
            return "answered"
        return "open"

    @property
    def time_to_answer(self):
        return self.answered_at - self.opened_at if self.answered_at else None


class Disclosure(models.Model):
    """A partner was shown coordination facts about a participant. Rows are never edited."""

    participant_id = models.BigIntegerField(db_index=True)
    disclosed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    categories = models.JSONField(default=list)
    # Every in-force release that named the partner's agency at that moment.
    consent_ids = models.JSONField(default=list)
    part2 = models.BooleanField(default=False)
    disclosed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-disclosed_at", "-id"]

    def __str__(self):
        return f"Disclosure about {self.participant_id} to {self.disclosed_to_id}"


class ImportBatch(models.Model):
    """One uploaded CSV of legal events: previewed first, then committed all at once."""

    class State(models.TextChoices):
        PREVIEW = "preview", "Awaiting confirmation"
        COMMITTED = "committed", "Imported"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=200)
    # Validated rows, ready to write; kept only until the batch is committed.
    rows = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PREVIEW)
    committed_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"Import {self.pk}: {self.filename}"


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MeetingQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.PROGRAM_MANAGER:
            return self.all()
        if user.role == Role.ADMIN:
            return self.none()
        return self.filter(attendees=user)


class Meeting(models.Model):
    """A meeting of the operational workgroup, usually every two weeks, per area."""

    scheduled_for = models.DateTimeField()
    area = models.CharField(max_length=100, help_text="Precinct or area this group covers.")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="meetings")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The agenda covers what happened since this moment: the previous meeting of the area.
    covers_since = models.DateTimeField(null=True, blank=True)
    agenda_generated_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_for", "-id"]

    def __str__(self):
        return f"Workgroup {self.area}, {local_day(self.scheduled_for)}"


class AgendaSection(models.TextChoices):
    NEW_REFERRALS = "new_referrals", "New referrals since the last meeting"
    DEADLINES = "deadlines", "Intake deadlines: next 14 days and missed"
    LEGAL_EVENTS = "legal_events", "New arrests, charges and warrants"
    CONSULTATIONS = "consultations", "Open prosecutor consultations"
    OUT_OF_TOUCH = "out_of_touch", "In the wind or no recent contact"
    EXITS = "exits", "Exits"
    OTHER = "other", "Other business"


SECTION_ORDER = list(AgendaSection.values)


class AgendaItem(models.Model):
    """One line of a generated agenda. `text` holds coordination-level facts only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(max_length=20, choices=AgendaSection.choices)
    position = models.PositiveIntegerField(default=0)
    participant_id = models.BigIntegerField(null=True, blank=True)
    text = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    decision = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class ActionItemQuerySet(models.QuerySet):
    def still_open(self) -> "ActionItemQuerySet":
        return self.filter(done_at__isnull=True)


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submission_token = models.UUIDField(null=True, blank=True, unique=True)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.description
