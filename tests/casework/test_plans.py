"""The plan: goals in the participant's words, steps, statuses, notes, reviews, history."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.choices import Domain, GoalStatus, StepOwner
from casework.models import Goal, Plan, Step
from tests.casework.fixtures import pat_goal, pat_step


def _goal_post(**overrides):
    return {
        "token": str(uuid.uuid4()),
        "text": "I want my own place near my sister",
        "domain": Domain.HOUSING,
        "status": GoalStatus.NOT_STARTED,
    } | overrides


def test_case_manager_adds_goal_in_participants_words(personas, client_for):
    client = client_for("case_manager_a")
    url = reverse("casework:goal_create", args=[personas.participant.pk])
    response = client.post(url, _goal_post())
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert goal.text == "I want my own place near my sister"
    assert goal.plan.participant == personas.participant
    assert goal.created_by == personas.case_manager_a


def test_goal_without_text_is_refused_and_input_kept(personas, client_for):
    client = client_for("case_manager_a")
    url = reverse("casework:goal_create", args=[personas.participant.pk])
    response = client.post(url, _goal_post(text="   ", domain=Domain.SAFETY))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["text"] == ["Write the goal, in the participant's own words."]
    assert form["domain"].value() == Domain.SAFETY
    assert not Goal.objects.exists()


def test_double_submit_of_goal_adds_one(personas, client_for):
    client = client_for("case_manager_a")
    url = reverse("casework:goal_create", args=[personas.participant.pk])
    data = _goal_post()
    client.post(url, data)
    client.post(url, data)
    assert Goal.objects.count() == 1


def test_step_dated_before_plan_began_is_refused(personas, client_for):
    goal = pat_goal(personas)
    client = client_for("case_manager_a")
    url = reverse("casework:step_create", args=[goal.pk])
    before = goal.plan.started_on - timedelta(days=1)
    data = {"token": str(uuid.uuid4()), "text": "Apply for the voucher", "owner": "participant"}
    response = client.post(url, data | {"due_on": before.isoformat()})
    assert response.status_code == 200
    assert "before the plan began" in response.context["form"].errors["due_on"][0]
    assert response.context["form"]["text"].value() == "Apply for the voucher"
    assert not Step.objects.exists()
    # The same step with a later date, or none, goes in: dates are optional.
    response = client.post(url, data)
    assert response.status_code == 302
    assert Step.objects.get().due_on is None


def test_step_service_refuses_date_before_plan(personas):
    goal = pat_goal(personas)
    with pytest.raises(ValidationError) as error:
        pat_step(personas, goal=goal, due_on=goal.plan.started_on - timedelta(days=3))
    assert "due_on" in error.value.error_dict


def test_step_who_and_done(personas, client_for):
    step = pat_step(personas, owner=StepOwner.PARTNER, partner_name="County ID office")
    client = client_for("case_manager_a")
    client.post(reverse("casework:step_done", args=[step.pk]))
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()
    assert step.partner_name == "County ID office"


def test_case_manager_b_cannot_mark_step_done(personas, client_for):
    step = pat_step(personas)
    for persona, status in [("case_manager_b", 404), ("program_manager", 404), ("officer", 404)]:
        response = client_for(persona).post(reverse("casework:step_done", args=[step.pk]))
        assert response.status_code == status, persona
    step.refresh_from_db()
    assert step.done_on is None


def _edit(client, goal, version, text):
    return client.post(
        reverse("casework:goal_edit", args=[goal.pk]),
        {"text": text, "domain": goal.domain, "status": GoalStatus.IN_PROGRESS, "version": version},
    )


def test_concurrent_goal_edit_is_refused_not_overwritten(personas, client_for):
    goal = pat_goal(personas)
    case_manager, supervisor = client_for("case_manager_a"), client_for("supervisor")
    opened_at = goal.version
    first = _edit(case_manager, goal, opened_at, "Get my ID and birth certificate")
    assert first.status_code == 302
    response = _edit(supervisor, goal, opened_at, "Get my ID by March")
    assert response.status_code == 200
    assert "Someone else changed this goal" in str(response.context["form"].non_field_errors())
    assert response.context["current_goal"].text == "Get my ID and birth certificate"
    # The refused text is kept for the user to compare.
    assert response.context["form"]["text"].value() == "Get my ID by March"
    goal.refresh_from_db()
    assert goal.text == "Get my ID and birth certificate"
    assert goal.version == opened_at + 1


def test_goal_edit_keeps_history(personas):
    goal = pat_goal(personas)
    services.goal_update(
        goal=goal,
        updated_by=personas.case_manager_a,
        version=goal.version,
        text="Get my ID back this month",
        domain=goal.domain,
        status=GoalStatus.ACHIEVED,
    )
    texts = list(goal.events.order_by("pgh_id").values_list("text", flat=True))
    assert texts == ["Get my ID back", "Get my ID back this month"]


def test_progress_note_and_review_are_dated(personas, client_for):
    goal = pat_goal(personas)
    client = client_for("case_manager_a")
    today = timezone.localdate()
    client.post(
        reverse("casework:note_create", args=[goal.pk]),
        {"token": str(uuid.uuid4()), "noted_on": today.isoformat(), "text": "Went to DMV"},
    )
    tomorrow = today + timedelta(days=1)
    response = client.post(
        reverse("casework:review_create", args=[personas.participant.pk]),
        {"token": str(uuid.uuid4()), "reviewed_on": tomorrow.isoformat(), "summary": "Good"},
    )
    assert response.context["form"].errors["reviewed_on"] == ["This date is in the future."]
    client.post(
        reverse("casework:review_create", args=[personas.participant.pk]),
        {"token": str(uuid.uuid4()), "reviewed_on": today.isoformat(), "summary": "On track"},
    )
    plan = Plan.objects.get()
    assert goal.progress_notes.get().noted_on == today
    assert plan.reviews.get().summary == "On track"


def test_program_manager_cannot_read_plan(personas, client_for):
    pat_goal(personas)
    url = reverse("casework:plan", args=[personas.participant.pk])
    assert client_for("case_manager_a").get(url).status_code == 200
    assert client_for("program_manager").get(url).status_code == 403
    assert not Goal.objects.visible_to(personas.program_manager).exists()
    assert Goal.objects.visible_to(personas.case_manager_a).count() == 1


def test_officer_cannot_read_plan(personas, client_for):
    pat_goal(personas)
    url = reverse("casework:plan", args=[personas.participant.pk])
    assert client_for("supervisor").get(url).status_code == 200
    assert client_for("officer").get(url).status_code == 404
    assert not Goal.objects.visible_to(personas.officer).exists()
