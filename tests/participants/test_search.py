from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from lead.models import AuditEvent
from participants.search import participant_search, participant_search_for_matching
from participants.services import alias_add, care_team_add, participant_create


@pytest.fixture
def people(personas):
    def make(first, last, agency=None, dob=None, **fields):
        p = participant_create(
            created_by=personas.supervisor,
            agency=agency or personas.provider,
            first_name=first,
            last_name=last,
            date_of_birth=dob,
            **fields,
        )
        if (agency or personas.provider) == personas.provider:
            care_team_add(participant=p, added_by=personas.supervisor, user=personas.case_manager_a)
        return p

    return make


def names(results):
    return [f"{p.first_name} {p.last_name}" for p in results]


@pytest.mark.parametrize(
    "query", ["Jonathan Smith", "Smith Jonathan", "jonathon smyth", "Jon Smith", "SMYTH, JOHN"]
)
def test_fuzzy_search_finds_jonathon_smyth(personas, people, query):
    people("Jonathon", "Smyth")
    people("Mary", "Jones")
    results = participant_search(user=personas.case_manager_a, text=query)
    assert names(results)[:1] == ["Jonathon Smyth"]
    assert isinstance(results[0].search_score, float)


def test_results_are_ranked_best_first(personas, people):
    people("Jonathan", "Smith")
    people("Mary", "Smith")
    people("Jonathon", "Smyth")
    results = participant_search(user=personas.case_manager_a, text="Jonathan Smith")
    assert names(results)[0] == "Jonathan Smith"
    assert names(results).index("Jonathon Smyth") < names(results).index("Mary Smith")
    scores = [r.search_score for r in results]
    assert scores == sorted(scores, reverse=True)


def test_unrelated_names_are_not_found(personas, people):
    people("Jonathon", "Smyth")
    assert participant_search(user=personas.case_manager_a, text="Barbara Okafor") == []


def test_nickname_finds_the_full_name(personas, people):
    people("William", "Okafor")
    assert names(participant_search(user=personas.case_manager_a, text="Bill Okafor")) == [
        "William Okafor"
    ]


def test_preferred_name_and_street_name_are_searched(personas, people):
    p = people("Roberta", "Quince", preferred_name="Birdie")
    alias_add(participant=p, added_by=personas.case_manager_a, name="Sparrow", is_street_name=True)
    assert names(participant_search(user=personas.case_manager_a, text="Birdie Quince")) == [
        "Roberta Quince"
    ]
    assert names(participant_search(user=personas.case_manager_a, text="sparow")) == [
        "Roberta Quince"
    ]


def test_date_of_birth_alone_and_as_a_tie_breaker(personas, people):
    people("Ann", "Lee", dob=date(1980, 1, 2))
    people("Anne", "Leigh", dob=date(1975, 5, 5))
    assert names(
        participant_search(user=personas.case_manager_a, text="", date_of_birth=date(1980, 1, 2))
    ) == ["Ann Lee"]
    ranked = participant_search(
        user=personas.case_manager_a, text="Anne Leigh", date_of_birth=date(1980, 1, 2)
    )
    assert "Ann Lee" in names(ranked)


def test_search_is_limited_to_what_the_user_may_see(personas, people):
    people("Jonathon", "Smyth", agency=personas.other_provider)
    assert participant_search(user=personas.case_manager_a, text="Jonathan Smith") == []
    assert participant_search(user=personas.supervisor, text="Jonathan Smith") == []
    assert participant_search(user=personas.case_manager_b, text="Pat Example") == []
    assert names(participant_search(user=personas.case_manager_a, text="Pat Example")) == [
        "Pat Example"
    ]


def test_matching_search_covers_every_agency_for_care_and_program_staff(personas, people):
    people("Jonathon", "Smyth", agency=personas.other_provider)
    for persona in ("case_manager_a", "case_manager_b", "supervisor", "program_manager"):
        user = personas.by_name(persona)
        found = participant_search_for_matching(user=user, text="Jonathan Smith")
        assert names(found) == ["Jonathon Smyth"], persona
    assert AuditEvent.objects.filter(action="participant.match_search").count() == 4


@pytest.mark.parametrize("persona", ["officer", "prosecutor", "admin"])
def test_partners_and_admins_cannot_use_the_matching_search(personas, persona):
    with pytest.raises(PermissionDenied):
        participant_search_for_matching(user=personas.by_name(persona), text="Pat Example")


def test_matching_search_loads_identity_fields_only(personas, people):
    people("Jonathon", "Smyth", coordination_summary="Calls back in the mornings.")
    found = participant_search_for_matching(user=personas.case_manager_b, text="Jonathon Smyth")
    assert found[0].get_deferred_fields() >= {"coordination_summary", "phone", "best_way_to_find"}
