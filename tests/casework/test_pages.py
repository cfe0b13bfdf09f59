"""Casework pages pin their query counts, and the counts do not grow with the rows shown."""

import pytest
from django.urls import reverse

from casework import services
from tests.casework.fixtures import pat_contact, pat_goal, pat_step

SESSION = 5


def _rows(personas, n):
    for i in range(n):
        goal = pat_goal(personas, text=f"Goal {i}")
        pat_step(personas, goal=goal)
        contact = pat_contact(personas, note=f"Contact {i}", is_part2=bool(i % 2))
        contact.goals.add(goal)


@pytest.mark.parametrize("rows", [1, 8])
def test_participant_section_query_count(personas, client_for, django_assert_num_queries, rows):
    _rows(personas, rows)
    client = client_for("case_manager_a")
    url = reverse("casework:section", args=[personas.participant.pk])
    # session + participant + audit insert + my last location + open goals + their open steps
    # + recent contacts + last substantive contact + this month's check-in
    # + the form's staff, goal and service choices
    with django_assert_num_queries(SESSION + 11):
        client.get(url)


@pytest.mark.parametrize("rows", [1, 8])
def test_plan_page_query_count(personas, client_for, django_assert_num_queries, rows):
    _rows(personas, rows)
    client = client_for("case_manager_a")
    url = reverse("casework:plan", args=[personas.participant.pk])
    # session + participant + audit insert + plan + goals + steps + progress notes + reviews
    with django_assert_num_queries(SESSION + 7):
        client.get(url)


@pytest.mark.parametrize("rows", [1, 8])
def test_contact_list_query_count(personas, client_for, django_assert_num_queries, rows):
    _rows(personas, rows)
    client = client_for("supervisor")
    url = reverse("casework:contacts", args=[personas.participant.pk])
    # session + participant + audit insert + count + page + services + goals
    with django_assert_num_queries(SESSION + 6):
        response = client.get(url)
    assert len(response.context["page"].object_list) == rows


@pytest.mark.parametrize("rows", [1, 8])
def test_inbox_query_count(personas, client_for, django_assert_num_queries, rows):
    for i in range(rows):
        services.notification_create(user=personas.case_manager_a, kind="other", text=f"N{i}")
    client = client_for("case_manager_a")
    # session + notifications
    with django_assert_num_queries(SESSION + 1):
        client.get(reverse("casework:notifications"))


def test_checkin_page_query_count(personas, client_for, django_assert_num_queries):
    client = client_for("case_manager_a")
    # session + participant + audit insert + last check-in + intake assessment (first values,
    # as there is no check-in yet) + earlier check-ins
    with django_assert_num_queries(SESSION + 5):
        client.get(reverse("casework:checkin", args=[personas.participant.pk]))


# Form pages: session + the record in scope + the view's audit insert + what each form loads.
FORM_PAGES = [
    # participant + my last location + staff choices + goal choices + service choices
    ("casework:contact_create", "participant", 6),
    # the contact with its participant
    ("casework:contact_void", "contact", 2),
    ("casework:goal_create", "participant", 2),
    # the goal with its plan and participant
    ("casework:goal_edit", "goal", 2),
    ("casework:step_create", "goal", 2),
    ("casework:note_create", "goal", 2),
    ("casework:review_create", "participant", 2),
]


@pytest.mark.parametrize("rows", [1, 8])
@pytest.mark.parametrize(("name", "arg", "queries"), FORM_PAGES)
def test_form_page_query_count(
    personas, client_for, django_assert_num_queries, rows, name, arg, queries
):
    _rows(personas, rows)
    goal = pat_goal(personas)
    contact = pat_contact(personas)
    pk = {"participant": personas.participant.pk, "goal": goal.pk, "contact": contact.pk}[arg]
    client = client_for("case_manager_a")
    with django_assert_num_queries(SESSION + queries):
        response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
