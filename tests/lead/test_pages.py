"""Every page pins its query count, and the count does not grow with the rows shown.

The case manager home and the participant page are pinned with their apps
(tests/casework/test_dashboards.py, tests/participants/test_pages.py).
"""

import pytest
from django.urls import reverse

from participants.services import care_team_add
from tests.factories import ParticipantFactory

# Every signed-in request: load the session, load the user with their agency, and save the
# session's timeout clocks (an UPDATE inside a savepoint, since tests run in a transaction).
SESSION = 5


def add_pats(personas, n):
    for _ in range(n):
        p = ParticipantFactory(agency=personas.provider)
        care_team_add(
            participant=p, added_by=personas.supervisor, user=personas.case_manager_a, primary=True
        )


@pytest.mark.parametrize("extra_rows", [0, 12])
def test_participant_list_query_count(personas, client_for, django_assert_num_queries, extra_rows):
    add_pats(personas, extra_rows)
    client = client_for("supervisor")
    # session + count for the paginator + the page + primary case managers
    with django_assert_num_queries(SESSION + 3):
        response = client.get(reverse("participants:list"))
    assert len(response.context["page"].object_list) == 1 + extra_rows


def test_program_manager_home_query_count(personas, client_for, django_assert_num_queries):
    # session + counts by status
    client = client_for("program_manager")
    with django_assert_num_queries(SESSION + 1):
        client.get(reverse("home"))


def test_audit_log_query_count(personas, client_for, django_assert_num_queries):
    # session + count + page
    client = client_for("admin")
    with django_assert_num_queries(SESSION + 2):
        client.get(reverse("audit_log"))


def test_user_list_query_count(personas, client_for, django_assert_num_queries):
    # session + count + page with agencies + lockouts for the page
    client = client_for("admin")
    with django_assert_num_queries(SESSION + 3):
        client.get(reverse("users"))


def test_site_settings_query_count(personas, client_for, django_assert_num_queries):
    # session + settings row
    client = client_for("program_manager")
    with django_assert_num_queries(SESSION + 1):
        client.get(reverse("site_settings"))
