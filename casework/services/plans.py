from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.choices import Domain, GoalStatus, StepOwner
from casework.models import Goal, Plan, PlanReview, ProgressNote, Step
from casework.services import rules
from casework.services.once import create_once
from lead import audit


def plan_get_or_start(*, participant, started_by) -> Plan:
    plan = Plan.objects.filter(participant=participant).first()
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            plan = Plan.objects.create(participant=participant, created_by=started_by)
    except IntegrityError:
        # Two first goals at once: the other request started the plan.
        return Plan.objects.get(participant=participant)
    audit.record(actor=started_by, action="plan.start", obj=plan, participant_id=participant.pk)
    return plan


def _goal_fields(text: str, domain: str, status: str) -> dict:
    errors = {}
    try:
        text = rules.require_text(text, "Write the goal, in the participant's own words.")
    except ValidationError as e:
        errors["text"] = e.messages
    if domain not in Domain.values:
        errors["domain"] = ["Pick a domain."]
    if status not in GoalStatus.values:
        errors["status"] = ["Pick a status."]
    if errors:
        raise ValidationError(errors)
    return {"text": text, "domain": domain, "status": status}


@transaction.atomic
def goal_create(
    *, participant, created_by, text: str, domain: str, status=GoalStatus.NOT_STARTED, token
) -> Goal:
    fields = _goal_fields(text, domain, status)
    plan = plan_get_or_start(participant=participant, started_by=created_by)
    goal, created = create_once(Goal, token=token, plan=plan, created_by=created_by, **fields)
    if created:
        audit.record(
            actor=created_by, action="goal.create", obj=goal, participant_id=participant.pk
        )
    return goal


@transaction.atomic
def goal_update(*, goal, updated_by, version: int, text: str, domain: str, status: str) -> Goal:
    fields = _goal_fields(text, domain, status)
    locked = Goal.objects.select_for_update().select_related("plan").get(pk=goal.pk)
    if locked.version != version:
        raise ValidationError(
            "Someone else changed this goal after you opened it. Your text is kept below; "
            "compare it with the current goal and save again.",
            code="stale",
        )
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    audit.record(
        actor=updated_by,
        action="goal.update",
        obj=locked,
        participant_id=locked.plan.participant_id,
    )
    return locked


@transaction.atomic
def step_create(
    *, goal, created_by, text: str, owner: str, partner_name: str = "", due_on=None, token
) -> Step:
    errors = {}
    try:
        text = rules.require_text(text, "Say what the step is.")
    except ValidationError as e:
        errors["text"] = e.messages
    if owner not in StepOwner.values:
        errors["owner"] = ["Say who does it."]
    try:
        rules.step_date_ok(due_on, goal.plan.started_on)
    except ValidationError as e:
        errors["due_on"] = e.messages
    if errors:
        raise ValidationError(errors)
    step, created = create_once(
        Step,
        token=token,
        goal=goal,
        text=text,
        owner=owner,
        partner_name=partner_name.strip() if owner == StepOwner.PARTNER else "",
        due_on=due_on,
        created_by=created_by,
    )
    if created:
        audit.record(
            actor=created_by,
            action="step.create",
            obj=step,
            participant_id=goal.plan.participant_id,
        )
    return step


@transaction.atomic
def step_complete(*, step, completed_by) -> Step:
    locked = Step.objects.select_for_update().select_related("goal__plan").get(pk=step.pk)
    if locked.done_on is None:
        locked.done_on = timezone.localdate()
        locked.save(update_fields=["done_on"])
        audit.record(
            actor=completed_by,
            action="step.complete",
            obj=locked,
            participant_id=locked.goal.plan.participant_id,
        )
    return locked


@transaction.atomic
def progress_note_add(*, goal, author, noted_on, text: str, token) -> ProgressNote:
    errors = {}
    try:
        text = rules.require_text(text, "Write the note.")
    except ValidationError as e:
        errors["text"] = e.messages
    try:
        rules.day_not_in_future(noted_on)
    except ValidationError as e:
        errors["noted_on"] = e.messages
    if errors:
        raise ValidationError(errors)
    note, created = create_once(
        ProgressNote, token=token, goal=goal, noted_on=noted_on, text=text, author=author
    )
    if created:
        audit.record(
            actor=author,
            action="progress_note.add",
            obj=note,
            participant_id=goal.plan.participant_id,
        )
    return note


@transaction.atomic
def plan_review_add(*, participant, reviewer, reviewed_on, summary: str, token) -> PlanReview:
    errors = {}
    try:
        summary = rules.require_text(summary, "Write a short summary of the review.")
    except ValidationError as e:
        errors["summary"] = e.messages
    try:
        rules.day_not_in_future(reviewed_on)
    except ValidationError as e:
        errors["reviewed_on"] = e.messages
    if errors:
        raise ValidationError(errors)
    plan = plan_get_or_start(participant=participant, started_by=reviewer)
    review, created = create_once(
        PlanReview,
        token=token,
        plan=plan,
        reviewed_on=reviewed_on,
        summary=summary,
        reviewer=reviewer,
    )
    if created:
        audit.record(
            actor=reviewer, action="plan_review.add", obj=review, participant_id=participant.pk
        )
    return review
