"""Two database roles: the owner, which migrates, and the app's role, which owns nothing.

The append-only triggers (pgtrigger `Protect`) stop the app's own code, but a table's owner can
disable or drop a trigger, and any role may set pgtrigger's ignore variable. So the role the
app runs as must not own the tables, and must simply lack UPDATE and DELETE on the append-only
ones: PostgreSQL then refuses those statements whatever the triggers say.

Design: DATABASE_URL stays the app's connection everywhere. MIGRATION_DATABASE_URL, when set,
names the owner, and only `setup_database` and `grant_app_role` read it: they point the default
connection at the owner before they touch the database. Nothing else in the process runs
first, so no query ever mixes the two. Without it (development, tests, a single-role install)
both commands use DATABASE_URL.

ALTER DEFAULT PRIVILEGES is not used: it would give a new append-only table UPDATE and DELETE
until someone revoked them. `grant_app_role` instead runs after every migrate and sets the
privileges of every table from scratch.
"""

import os
import re

import environ
import pgtrigger
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from psycopg import sql

OWNER_URL_VARIABLE = "MIGRATION_DATABASE_URL"

# Unquoted PostgreSQL identifiers in lower case: nothing that needs quoting or could surprise.
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

READ_WRITE = ("SELECT", "INSERT", "UPDATE", "DELETE")
# The migration history is the owner's business; the app only reads it.
READ_ONLY_TABLES = {"django_migrations": {"INSERT", "UPDATE", "DELETE"}}


def owner_database_settings(url: str, app_settings: dict) -> dict:
    """The app's connection settings with the owner's server, user and password."""
    owner = environ.Env.db_url_config(url)
    if owner["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError(f"{OWNER_URL_VARIABLE} must point to PostgreSQL (postgres://...).")
    if owner["NAME"] != app_settings["NAME"]:
        raise CommandError(
            f"{OWNER_URL_VARIABLE} names database {owner['NAME']!r} but DATABASE_URL names "
            f"{app_settings['NAME']!r}: both must be the same database."
        )
    settings = dict(app_settings)
    for key in ("USER", "PASSWORD", "HOST", "PORT"):
        settings[key] = owner[key]
    settings["OPTIONS"] = {**app_settings.get("OPTIONS", {}), **owner.get("OPTIONS", {})}
    return settings


def use_owner_connection() -> bool:
    """Points the default connection at MIGRATION_DATABASE_URL; False when it is not set."""
    url = os.environ.get(OWNER_URL_VARIABLE, "")
    if not url:
        return False
    connection = connections[DEFAULT_DB_ALIAS]
    owner = owner_database_settings(url, connection.settings_dict)
    connection.close()
    connection.settings_dict.update(owner)
    return True


def withheld_privileges() -> dict[str, set[str]]:
    """Table name -> the privileges the app's role must not have, from the registered triggers.

    A `Protect` trigger without a condition says the app never does that operation on the
    table at all, so the role loses the privilege too. TRUNCATE is never granted anyway.
    """
    withheld: dict[str, set[str]] = {table: set(ops) for table, ops in READ_ONLY_TABLES.items()}
    for model, trigger in pgtrigger.registered():
        if not isinstance(trigger, pgtrigger.Protect) or trigger.condition is not None:
            continue
        operations = str(trigger.operation).upper()
        refused = {op for op in ("UPDATE", "DELETE") if op in operations}
        if refused:
            withheld.setdefault(model._meta.db_table, set()).update(refused)
    return withheld


def validate_role_name(role: str) -> None:
    if not ROLE_NAME.fullmatch(role or ""):
        raise CommandError(
            f"{role!r} is not a valid role name: use lower-case letters, digits and underscores."
        )


def grant_app_role(role: str) -> dict[str, set[str]]:
    """Gives `role` exactly what the app needs; returns the append-only tables' withholdings.

    Idempotent: every table's privileges for the role are revoked and granted again in one
    transaction, so a re-run also takes back anything granted by hand or by an older release.
    """
    validate_role_name(role)
    connection = connections[DEFAULT_DB_ALIAS]
    name = sql.Identifier(role)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls,"
            " pg_has_role(rolname, current_user, 'MEMBER') OR EXISTS ("
            "   SELECT 1 FROM pg_tables WHERE schemaname = current_schema()"
            "   AND pg_has_role(rolname, tableowner, 'MEMBER')),"
            " current_schema(), current_database() FROM pg_roles WHERE rolname = %s",
            [role],
        )
        found = cursor.fetchone()
        if found is None:
            raise CommandError(f"Role {role!r} does not exist: create it first (see README).")
        superuser, bypasses_rls, is_owner, schema_name, database = found
        if role == connection.settings_dict["USER"]:
            raise CommandError(
                f"Connected as {role!r} itself: run this as the owner ({OWNER_URL_VARIABLE})."
            )
        if superuser or bypasses_rls or is_owner:
            raise CommandError(
                f"Role {role!r} is a superuser or can act as a table's owner: "
                "the app's role must own nothing."
            )
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        existing = {row[0] for row in cursor.fetchall()}
        schema = sql.Identifier(schema_name)
        withheld = {t: ops for t, ops in withheld_privileges().items() if t in existing}
        statements = [
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), name),
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, name),
            sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(schema, name),
            sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA {} TO {}").format(
                sql.SQL(", ").join(sql.SQL(p) for p in READ_WRITE), schema, name
            ),
            sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(schema, name),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema, name),
        ]
        for table, ops in sorted(withheld.items()):
            statements.append(
                sql.SQL("REVOKE {} ON TABLE {} FROM {}").format(
                    sql.SQL(", ").join(sql.SQL(op) for op in sorted(ops)),
                    sql.Identifier(schema_name, table),
                    name,
                )
            )
        for statement in statements:
            cursor.execute(statement)
    return withheld
