from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casework import selectors, services
from casework.forms import GoalEditForm, GoalForm, PlanReviewForm, ProgressNoteForm, StepForm
from casework.models import Goal
from casework.views.common import add_service_errors
from lead import audit


def _plan_url(participant_id: int, goal_id: int | None = None) -> str:
    url = reverse("casework:plan", args=[participant_id])
    return f"{url}#goal-{goal_id}" if goal_id else url


def _form_page(request, form, *, title, participant, submit, extra=None):
    context = {"form": form, "title": title, "participant": participant, "submit": submit}
    return render(request, "casework/form.html", context | (extra or {}))


def plan(request, pk):
    participant = selectors.get_casework_participant(request.user, pk)
    audit.record(
        actor=request.user, action="plan.view", obj=participant, participant_id=participant.pk
    )
    context = selectors.plan_for(participant) | {
        "participant": participant,
        "goal_form": GoalForm(),
    }
    return render(request, "casework/plan.html", context)


def goal_create(request, pk):
    participant = selectors.get_casework_participant(request.user, pk, write=True)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(
                participant=participant,
                created_by=request.user,
                text=form.cleaned_data["text"],
                domain=form.cleaned_data["domain"],
                status=form.cleaned_data["status"],
                token=form.cleaned_data["token"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, "Goal added. Add a first step when there is one.")
            return redirect(_plan_url(participant.pk, goal.pk))
    audit.record_view(
        actor=request.user, action="goal.create_form_view", participant_id=participant.pk
    )
    return _form_page(request, form, title="New goal", participant=participant, submit="Add goal")


def goal_edit(request, pk):
    goal = selectors.get_goal_for(request.user, pk, write=True)
    participant = goal.plan.participant
    initial = {"text": goal.text, "domain": goal.domain, "status": goal.status}
    form = GoalEditForm(request.POST or None, initial=initial | {"version": goal.version})
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(
                goal=goal,
                updated_by=request.user,
                version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
                domain=form.cleaned_data["domain"],
                status=form.cleaned_data["status"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
            if getattr(e, "code", None) == "stale":
                # Show what the other person saved; saving again now means having seen it.
                current = Goal.objects.get(pk=goal.pk)
                form.data = form.data.copy()
                form.data["version"] = current.version
        else:
            messages.success(request, "Goal saved.")
            return redirect(_plan_url(participant.pk, goal.pk))
    audit.record_view(
        actor=request.user, action="goal.edit_form_view", participant_id=participant.pk, obj=goal
    )
    return _form_page(
        request,
        form,
        title="Edit goal",
        participant=participant,
        submit="Save goal",
        extra={"current_goal": current},
    )


def step_create(request, pk):
    goal = selectors.get_goal_for(request.user, pk, write=True)
    form = StepForm(request.POST or None, plan_started_on=goal.plan.started_on)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_create(goal=goal, created_by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, "Step added.")
            return redirect(_plan_url(goal.plan.participant_id, goal.pk))
    audit.record_view(
        actor=request.user,
        action="step.create_form_view",
        participant_id=goal.plan.participant_id,
        obj=goal,
    )
    return _form_page(
        request,
        form,
        title="New step",
        participant=goal.plan.participant,
        submit="Add step",
        extra={"goal": goal},
    )


@require_POST
def step_done(request, pk):
    step = selectors.get_step_for(request.user, pk, write=True)
    services.step_complete(step=step, completed_by=request.user)
    messages.success(request, "Step marked done.")
    return redirect(_plan_url(step.goal.plan.participant_id, step.goal_id))


def progress_note_create(request, pk):
    goal = selectors.get_goal_for(request.user, pk, write=True)
    form = ProgressNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_note_add(goal=goal, author=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, "Progress note added.")
            return redirect(_plan_url(goal.plan.participant_id, goal.pk))
    audit.record_view(
        actor=request.user,
        action="progress_note.create_form_view",
        participant_id=goal.plan.participant_id,
        obj=goal,
    )
    return _form_page(
        request,
        form,
        title="Progress note",
        participant=goal.plan.participant,
        submit="Add note",
        extra={"goal": goal},
    )


def plan_review_create(request, pk):
    participant = selectors.get_casework_participant(request.user, pk, write=True)
    form = PlanReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_review_add(
                participant=participant, reviewer=request.user, **form.cleaned_data
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, "Plan review recorded.")
            return redirect(_plan_url(participant.pk))
    audit.record_view(
        actor=request.user, action="plan_review.create_form_view", participant_id=participant.pk
    )
    return _form_page(
        request, form, title="Plan review", participant=participant, submit="Record review"
    )
