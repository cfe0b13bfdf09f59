"""A merge carries the merged record's plan to the survivor, and an undo takes it back."""

import uuid

from casework.models import Plan
from casework.services.plans import goal_create
from participants.services import participant_create
from participants.services.merge import participant_merge, participant_merge_undo


def make_record(personas, first_name):
    return participant_create(
        created_by=personas.supervisor,
        agency=personas.provider,
        first_name=first_name,
        last_name="Example",
    )


def add_goal(personas, participant, text):
    return goal_create(
        participant=participant,
        created_by=personas.case_manager_a,
        text=text,
        domain="housing",
        token=uuid.uuid4(),
    )


def test_the_merged_records_plan_moves_when_the_survivor_has_none(personas):
    duplicate = make_record(personas, "Patrick")
    goal = add_goal(personas, duplicate, "Get my ID back")
    record = participant_merge(
        survivor=personas.participant,
        merged=duplicate,
        merged_by=personas.supervisor,
        reason="Same person",
    )
    assert Plan.objects.get(pk=goal.plan_id).participant_id == personas.participant.pk
    participant_merge_undo(record=record, undone_by=personas.supervisor)
    assert Plan.objects.get(pk=goal.plan_id).participant_id == duplicate.pk


def test_when_both_have_plans_the_merged_plan_stays_and_is_recorded(personas):
    duplicate = make_record(personas, "Patrick")
    add_goal(personas, personas.participant, "Find housing")
    their_goal = add_goal(personas, duplicate, "Get my ID back")
    record = participant_merge(
        survivor=personas.participant,
        merged=duplicate,
        merged_by=personas.supervisor,
        reason="Same person",
    )
    assert Plan.objects.get(pk=their_goal.plan_id).participant_id == duplicate.pk
    assert {"model": "casework.plan", "pk": their_goal.plan_id, "field": "participant"} in (
        record.kept_rows
    )
