"""The app's database role owns nothing: even with SQL it can only append to the audit trail.

Each test creates its own role inside the test's transaction, so the role and its grants
vanish with the rollback; `SET ROLE` then runs statements with that role's privileges only.
"""

import contextlib
import io
import uuid

import pgtrigger
import psycopg.errors
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from lead import audit
from lead.db_roles import owner_database_settings, withheld_privileges
from lead.models import AuditEvent
from participants.models import Participant

INSUFFICIENT_PRIVILEGE = psycopg.errors.InsufficientPrivilege.sqlstate  # 42501


@pytest.fixture
def app_role(db):
    role = f"lead_app_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")  # a generated name, never input
    call_command("grant_app_role", role, stdout=io.StringIO())
    return role


@contextlib.contextmanager
def acting_as(role):
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def refused(statement, params=None):
    """Runs `statement` in a savepoint and returns the SQLSTATE of the error it raised."""
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
    return error.value.__cause__.sqlstate


def privileges(role, table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE',"
            " 'REFERENCES', 'TRIGGER']) AS p WHERE has_table_privilege(%s, %s, p)",
            [role, table],
        )
        return {row[0] for row in cursor.fetchall()}


def trigger_names(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]


def test_app_role_can_append_audit_rows(personas, app_role):
    with acting_as(app_role):
        audit.record(actor=personas.admin, action="test.append")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO lead_auditevent (occurred_at, actor_username, action, object_type,"
                " object_id, path, outcome) VALUES (now(), '', 'test.raw', '', '', '', 'ok')"
            )
        assert AuditEvent.objects.filter(action__in=["test.append", "test.raw"]).count() == 2


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE lead_auditevent SET action = 'tampered'",
        "DELETE FROM lead_auditevent",
        "TRUNCATE lead_auditevent",
        "ALTER TABLE lead_auditevent DISABLE TRIGGER ALL",
        "UPDATE participants_retentionpurge SET purged_count = 0",
        "DELETE FROM participants_retentionpurge",
        "ALTER TABLE participants_retentionpurge DISABLE TRIGGER ALL",
        "DELETE FROM casework_contact",
        "DELETE FROM django_migrations",
        "CREATE TRIGGER sneaky BEFORE INSERT ON lead_auditevent"
        " FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
    ],
)
def test_app_role_cannot_change_remove_or_unguard_append_only_rows(personas, app_role, statement):
    before = list(AuditEvent.objects.order_by("id").values_list("id", "action"))
    assert before
    # Even with the triggers told to stand aside, which any role may ask for.
    with acting_as(app_role), pgtrigger.ignore():
        assert refused(statement) == INSUFFICIENT_PRIVILEGE
    assert list(AuditEvent.objects.order_by("id").values_list("id", "action")) == before


@pytest.mark.parametrize("table", ["lead_auditevent", "participants_retentionpurge"])
def test_app_role_cannot_drop_the_append_only_triggers(personas, app_role, table):
    names = trigger_names(table)
    assert names
    with acting_as(app_role):
        for name in names:
            statement = f'DROP TRIGGER "{name}" ON {table}'  # names from the catalog
            assert refused(statement) == INSUFFICIENT_PRIVILEGE
    assert trigger_names(table) == names


def test_app_role_reads_and_writes_ordinary_tables(personas, app_role, client_for):
    client = client_for("case_manager_a")
    views_before = AuditEvent.objects.filter(action="participant.view").count()
    with acting_as(app_role):
        response = client.get(reverse("participants:detail", args=[personas.participant.pk]))
        assert response.status_code == 200
        Participant.objects.filter(pk=personas.participant.pk).update(preferred_name="Pat")
        assert Participant.objects.get(pk=personas.participant.pk).preferred_name == "Pat"
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM participants_participant")
            assert cursor.fetchone()[0] >= 1
    assert AuditEvent.objects.filter(action="participant.view").count() == views_before + 1


def test_grants_follow_the_append_only_triggers(app_role):
    withheld = withheld_privileges()
    assert withheld["lead_auditevent"] == {"UPDATE", "DELETE"}
    assert withheld["participants_retentionpurge"] == {"UPDATE", "DELETE"}
    assert withheld["casework_contact"] == {"DELETE"}
    assert privileges(app_role, "lead_auditevent") == {"SELECT", "INSERT"}
    assert privileges(app_role, "participants_retentionpurge") == {"SELECT", "INSERT"}
    assert privileges(app_role, "casework_contact") == {"SELECT", "INSERT", "UPDATE"}
    assert privileges(app_role, "participants_participant") == {
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
    }


def test_grant_is_idempotent_and_takes_back_extra_privileges(app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = sorted(row[0] for row in cursor.fetchall())
    granted = {table: privileges(app_role, table) for table in tables}
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT ALL ON lead_auditevent, participants_participant TO {app_role}")
    assert "DELETE" in privileges(app_role, "lead_auditevent")
    call_command("grant_app_role", app_role, stdout=io.StringIO())
    assert {table: privileges(app_role, table) for table in tables} == granted


@pytest.mark.parametrize(
    "role",
    ["", "lead_app; DROP TABLE lead_auditevent", 'lead"app', "Lead_App", "1lead", "a" * 64],
)
def test_grant_refuses_an_invalid_role_name(db, role):
    with pytest.raises(CommandError, match="not a valid role name"):
        call_command("grant_app_role", role)


def test_grant_refuses_a_missing_role_and_a_superuser(db):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("grant_app_role", f"lead_app_missing_{uuid.uuid4().hex[:8]}")
    superuser = f"lead_app_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {superuser} NOLOGIN SUPERUSER")  # a generated name
    with pytest.raises(CommandError, match="must own nothing"):
        call_command("grant_app_role", superuser)
    with pytest.raises(CommandError, match="run this as the owner"):
        call_command("grant_app_role", connection.settings_dict["USER"])


def test_owner_url_replaces_only_the_user_and_server():
    app = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "lead",
        "USER": "lead_app",
        "PASSWORD": "app-secret",
        "HOST": "db",
        "PORT": 5432,
        "ATOMIC_REQUESTS": False,
        "OPTIONS": {"options": "-c jit=off"},
    }
    owner = owner_database_settings("postgres://lead:owner-secret@db:5432/lead", app)
    assert (owner["USER"], owner["PASSWORD"]) == ("lead", "owner-secret")
    assert owner["OPTIONS"] == {"options": "-c jit=off"}
    assert app["USER"] == "lead_app"
    with pytest.raises(CommandError, match="same database"):
        owner_database_settings("postgres://lead:owner-secret@db:5432/other", app)
    with pytest.raises(CommandError, match="PostgreSQL"):
        owner_database_settings("sqlite:///lead.sqlite3", app)
