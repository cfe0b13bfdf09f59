"""Who gets an Inbox link: everyone whose inbox receives notes."""

import pytest
from django.test import RequestFactory

from lead.context_processors import navigation


def _labels(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return [label for label, _ in navigation(request)["nav_links"]]


@pytest.mark.parametrize("name", ["case_manager_a", "supervisor", "program_manager"])
def test_roles_whose_inbox_receives_notes_have_an_inbox_link(personas, name):
    # Program managers get the daily retention alert there.
    assert "Inbox" in _labels(personas.by_name(name))


@pytest.mark.parametrize("name", ["officer", "prosecutor", "admin"])
def test_roles_without_inbox_notes_have_no_inbox_link(personas, name):
    assert "Inbox" not in _labels(personas.by_name(name))
