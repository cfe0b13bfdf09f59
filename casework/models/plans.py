import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from casework.choices import Domain, GoalStatus, StepOwner
from casework.models.scope import CaseworkQuerySet
from participants.models import Participant


class PlanQuerySet(CaseworkQuerySet):
    participant_path = "participant"


class GoalQuerySet(CaseworkQuerySet):
    participant_path = "plan__participant"


class GoalChildQuerySet(CaseworkQuerySet):
    participant_path = "goal__plan__participant"


@pghistory.track()
class Plan(models.Model):
    """The participant's Individual Intervention Plan. One per person, kept across episodes."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="plan")
    started_on = models.DateField(default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanQuerySet.as_manager()

    def __str__(self):
        return f"Plan of participant {self.participant_id}"


@pghistory.track()
class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField("goal, in the participant's own words", max_length=1000)
    domain = models.CharField(max_length=30, choices=Domain.choices)
    status = models.CharField(
        max_length=20, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit names the version it started from and is refused if the
    # goal moved on meanwhile.
    version = models.PositiveIntegerField(default=1)
    # One per form rendering, so that a double submit finds the first row instead of adding one.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


@pghistory.track()
class Step(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField("what", max_length=300)
    owner = models.CharField("who", max_length=20, choices=StepOwner.choices)
    partner_name = models.CharField(
        "partner", max_length=120, blank=True, help_text="Which partner, when a partner does it."
    )
    due_on = models.DateField("by when", null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = GoalChildQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "created_at", "id"]

    def __str__(self):
        return self.text[:60]


@pghistory.track()
class ProgressNote(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress_notes")
    noted_on = models.DateField(default=timezone.localdate)
    text = models.TextField(max_length=2000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = GoalChildQuerySet.as_manager()

    class Meta:
        ordering = ["-noted_on", "-id"]

    def __str__(self):
        return f"Note on goal {self.goal_id}, {self.noted_on}"


class PlanReviewQuerySet(CaseworkQuerySet):
    participant_path = "plan__participant"


@pghistory.track()
class PlanReview(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(default=timezone.localdate)
    summary = models.TextField(max_length=2000)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = PlanReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self):
        return f"Review of plan {self.plan_id}, {self.reviewed_on}"
