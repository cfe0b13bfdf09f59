"""The sentinel test: a marker in every clinical field must never reach anyone outside the
care team and supervisor, on any page, fragment, export or error page they can reach."""

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from casework.models import Contact, Goal, Plan, PlanReview, ProgressNote, Step
from coordination.models import Recommendation
from coordination.services.consultations import consultation_answer
from coordination.services.workgroup import agenda_generate
from participants.models import IntakeAssessment
from tests.coordination import fixtures
from tests.permission_table import PERMISSIONS

MARKER = "SENTINEL-7f3c9a2e"
# Everyone outside Pat's care team and supervisor: partners, the program manager, the admin,
# and case managers who are not on the team (same agency and another agency).
READERS = [
    "officer",
    "prosecutor",
    "program_manager",
    "admin",
    "case_manager_b",
    "case_manager_other",
]


def _marked_text_fields(model) -> dict:
    """Every free-text field of a clinical model, filled with the marker."""
    values = {}
    for field in model._meta.get_fields():
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            if field.name in ("token",) or getattr(field, "primary_key", False):
                continue
            values[field.name] = MARKER
    return values


def plant_markers(p):
    pat = p.participant
    episode = pat.episodes.first()
    IntakeAssessment.objects.create(
        participant=pat,
        episode=episode,
        started_by=p.case_manager_a,
        updated_by=p.case_manager_a,
        **_marked_text_fields(IntakeAssessment),
    )
    plan = Plan.objects.create(participant=pat, created_by=p.case_manager_a)
    goal = Goal.objects.create(
        plan=plan, domain="housing", created_by=p.case_manager_a, **_marked_text_fields(Goal)
    )
    Step.objects.create(
        goal=goal, owner="participant", created_by=p.case_manager_a, **_marked_text_fields(Step)
    )
    ProgressNote.objects.create(goal=goal, author=p.case_manager_a, text=MARKER)
    PlanReview.objects.create(plan=plan, reviewer=p.case_manager_a, summary=MARKER)
    for part2 in (False, True):
        contact = Contact.objects.create(
            participant=pat,
            staff=p.case_manager_a,
            mode="in_person",
            location_type="street",
            duration_minutes=30,
            note=MARKER,
            is_part2=part2,
            created_by=p.case_manager_a,
        )
        contact.goals.add(goal)


@pytest.fixture
def planted(personas):
    p = personas
    fixtures.make_active(p)
    p.participant.refresh_from_db()
    p.participant.date_of_birth = "1980-05-17"
    p.participant.save(update_fields=["date_of_birth"])
    fixtures.give_consent(p, agencies=[p.police, p.prosecutors], part2=True)
    plant_markers(p)
    consultation = fixtures.open_consultation(p)
    consultation_answer(
        consultation=consultation,
        answered_by=p.case_manager_a,
        recommendation=Recommendation.DISCUSS,
        summary="Partner-safe summary only",
    )
    meeting = fixtures.workgroup_meeting(p)
    agenda_generate(meeting=meeting, generated_by=p.program_manager)
    return p


def _fetch_everything(client, personas):
    """Every URL in the permission table, plain and as htmx, plus lookups and error pages."""
    seen = []
    for name, row in sorted(PERMISSIONS.items()):
        url = reverse(name, kwargs=row.kwargs(personas))
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            seen.append((url, response))
    lookup = reverse("coordination:lookup")
    data = {"first_name": "Pat", "last_name": "Example", "date_of_birth": "1980-05-17"}
    seen.append((lookup, client.post(lookup, data)))
    seen.append((lookup, client.post(lookup, data, headers={"HX-Request": "true"})))
    seen.append(("/no-such-page/", client.get("/no-such-page/")))
    seen.append((lookup, client.post(lookup, {"first_name": MARKER[:3]})))
    return seen


@pytest.mark.parametrize("persona", READERS)
def test_clinical_marker_never_reaches_anyone_outside_the_care_team(planted, persona):
    client = Client(raise_request_exception=False)
    client.force_login(planted.by_name(persona))
    responses = _fetch_everything(client, planted)
    assert len(responses) > 2 * len(PERMISSIONS)
    leaks = [
        (url, r.status_code)
        for url, r in responses
        if MARKER.encode() in b"".join(getattr(r, "streaming_content", None) or [r.content])
    ]
    assert not leaks, f"{persona} saw the clinical marker at {leaks}"


def test_the_marker_is_really_planted(planted, client_for):
    """The care team does see it, so the test above cannot pass for lack of data."""
    client = client_for("case_manager_a")
    pk = planted.participant.pk
    assert MARKER in client.get(reverse("casework:plan", args=[pk])).content.decode()
    assert MARKER in client.get(reverse("casework:contacts", args=[pk])).content.decode()
    assert Contact.objects.filter(note=MARKER, is_part2=True).exists()


def _clinical_tables():
    from django.apps import apps

    tables = {m._meta.db_table for m in apps.get_app_config("casework").get_models()}
    tables.add(IntakeAssessment._meta.db_table)
    # Service types are a program-wide list, not anyone's record.
    return {t for t in tables if not t.endswith("servicetype")}


@pytest.mark.parametrize("persona", ["officer", "prosecutor"])
def test_partner_coordination_views_never_query_clinical_tables(planted, persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)
    client.force_login(planted.by_name(persona))
    names = [n for n in PERMISSIONS if n.startswith("coordination:")] + ["home"]
    urls = [reverse(n, kwargs=PERMISSIONS[n].kwargs(planted)) for n in names]
    lookup = reverse("coordination:lookup")
    data = {"first_name": "Pat", "last_name": "Example", "date_of_birth": "1980-05-17"}
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            client.get(url)
            client.get(url, headers={"HX-Request": "true"})
        assert b"LEAD participant" in client.post(lookup, data).content
    sql = "\n".join(q["sql"] for q in queries.captured_queries)
    touched = sorted(t for t in _clinical_tables() if f'"{t}"' in sql)
    assert not touched, f"{persona}'s coordination pages queried {touched}"
