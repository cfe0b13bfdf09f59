"""Another user's object ids in every URL, by GET and by POST: 404, and nothing changes.

The permission table says which personas are outside each object's scope (a 404 on GET).
Here those personas also POST a plausible form to the same URL; the answer must be 404 (or
405 where the page takes no POST) and no table may gain, lose or change a row. Audit rows
and sessions are left out: a refused look is itself audited.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from psycopg import sql

from tests.permission_rules import NOT_FOUND
from tests.permission_table import PERMISSIONS

IGNORED_TABLES = {"lead_auditevent", "django_session", "lead_usersession"}

# Field names the app's forms use; a view that skipped its scope check would accept them.
PLAUSIBLE_POST = {
    "reason": "probe",
    "text": "probe",
    "note": "probe",
    "summary": "probe",
    "status": "exited",
    "decision": "approved",
    "recommendation": "no_objection",
    "first_name": "Probe",
    "last_name": "Probe",
    "confirm": "on",
    "version": "1",
}

OUT_OF_SCOPE = sorted(
    (name, persona)
    for name, row in PERMISSIONS.items()
    for persona, outcome in row.expect.items()
    if outcome == NOT_FOUND
)


def table_counts() -> dict[str, int]:
    tables = sorted(
        {
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy
        }
        - IGNORED_TABLES
    )
    counts = sql.SQL(", ").join(
        sql.SQL("(SELECT count(*) FROM {})").format(sql.Identifier(t)) for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT {}").format(counts))
        return dict(zip(tables, cursor.fetchone(), strict=True))


def test_some_urls_are_out_of_scope_for_someone():
    assert len(OUT_OF_SCOPE) > 20


@pytest.mark.parametrize(("url_name", "persona"), OUT_OF_SCOPE)
def test_another_users_ids_give_404_and_change_nothing(personas, url_name, persona):
    row = PERMISSIONS[url_name]
    url = reverse(url_name, kwargs=row.kwargs(personas))
    client = Client()
    client.force_login(personas.by_name(persona))
    before = table_counts()
    assert client.get(url).status_code == 404
    response = client.post(url, PLAUSIBLE_POST)
    assert response.status_code in (404, 405), f"POST {url} as {persona}"
    assert table_counts() == before, f"POST {url} as {persona} changed rows"


def test_the_same_post_from_inside_the_scope_does_change_rows(personas):
    """The check above can fail: the case manager on Pat's team gets the write through."""
    url = reverse("participants:status", kwargs={"pk": personas.participant.pk})
    client = Client()
    client.force_login(personas.case_manager_a)
    before = table_counts()
    response = client.post(url, {"status": "in_the_wind", "reason": "Not seen for weeks"})
    assert response.status_code == 302
    assert table_counts() != before
