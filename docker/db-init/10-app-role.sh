#!/bin/sh
# Runs once, when the postgres image initialises an empty data volume. It creates the role the
# web app and the daily jobs connect as. The role owns nothing: the owner (POSTGRES_USER) runs
# the migrations and then `manage.py grant_app_role lead_app`, which gives it read and write on
# the app's tables but only read and insert on the append-only ones (the audit trail). A role
# that owned the tables could disable or drop the triggers that guard them.
set -eu

: "${APP_DB_PASSWORD:?set APP_DB_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE lead_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION
    NOBYPASSRLS PASSWORD :'app_password';
SQL
