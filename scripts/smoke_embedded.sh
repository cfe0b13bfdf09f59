#!/usr/bin/env bash
# Smoke test of the embedded-PostgreSQL path (no DATABASE_URL), as `make demo` uses it:
# a fresh data dir, migrate, seed_demo, runserver, the login page, a real sign-in, and a
# clean stop that leaves no PostgreSQL process behind. Needs `make install` first.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PY=.venv/bin/python
DEMO_PASSWORD_FOR_SMOKE="smoke-test-demo-password-4827"
LOGIN_USER="cm.alvarez"

say() { printf '[smoke] %s\n' "$*"; }

if [[ ! -x $PY ]]; then
  echo "FAIL: embedded PostgreSQL smoke test ($PY is missing: run make install)"
  exit 1
fi

workdir="$(mktemp -d "${TMPDIR:-/tmp}/lead-smoke.XXXXXX")"
export LEAD_PGDATA="$workdir/pgdata"
export DEMO_PASSWORD="$DEMO_PASSWORD_FOR_SMOKE"
server_log="$workdir/runserver.log"
server_pid=""

# The app must take the embedded path. `env -u` drops DATABASE_URL; if a local .env sets it,
# an empty value is passed instead, because .env only fills in variables that are unset.
db_env=(-u DATABASE_URL)
if [[ -f .env ]] && grep -Eq '^[[:space:]]*(export[[:space:]]+)?DATABASE_URL=' .env; then
  db_env=(DATABASE_URL=)
fi

manage() { env "${db_env[@]}" "$PY" manage.py "$@"; }

postgres_running() { pgrep -f -- "$LEAD_PGDATA" >/dev/null; }

# SIGINT lets runserver exit normally, so atexit stops the embedded server.
stop_server() {
  [[ -n $server_pid ]] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -INT "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      say "runserver ignored SIGINT for 20 s; sending SIGTERM"
      kill -TERM "$server_pid" 2>/dev/null || true
      sleep 2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

on_exit() {
  local status=$?
  trap - EXIT
  stop_server
  if postgres_running && [[ -f $LEAD_PGDATA/postmaster.pid ]]; then
    # Only the postmaster this test started, found through its own data dir.
    local pm_pid
    pm_pid="$(head -n 1 "$LEAD_PGDATA/postmaster.pid")"
    [[ $pm_pid =~ ^[0-9]+$ ]] && kill -INT "$pm_pid" 2>/dev/null || true
    sleep 2
  fi
  if [[ $status -ne 0 && -f $server_log ]]; then
    say "last lines of the runserver log:"
    tail -n 40 "$server_log" | sed 's/^/    /'
  fi
  rm -rf "$workdir"
  if [[ $status -eq 0 ]]; then
    echo "PASS: embedded PostgreSQL smoke test"
  else
    echo "FAIL: embedded PostgreSQL smoke test"
  fi
  exit "$status"
}
trap on_exit EXIT

fail() {
  say "$*"
  exit 1
}

say "data dir: $LEAD_PGDATA"

say "migrate"
manage migrate --noinput >"$workdir/migrate.log" 2>&1 || { cat "$workdir/migrate.log"; fail "migrate failed"; }

say "seed_demo"
manage seed_demo

port="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base_url="http://127.0.0.1:$port"

say "runserver on $base_url"
# A background job of a non-interactive shell ignores SIGINT; reset it so that the server
# can be stopped with SIGINT. `exec` makes $! the server's own pid.
(
  trap - INT
  exec env "${db_env[@]}" "$PY" manage.py runserver --noreload "127.0.0.1:$port"
) >"$server_log" 2>&1 &
server_pid=$!

say "waiting for the login page"
"$PY" - "$base_url" "$server_pid" <<'PY' || fail "the login page did not come up"
import os
import sys
import time
import urllib.error
import urllib.request

base_url, server_pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 30
last = "no answer"
while time.monotonic() < deadline:
    try:
        os.kill(server_pid, 0)
    except ProcessLookupError:
        sys.exit("runserver exited early")
    try:
        with urllib.request.urlopen(f"{base_url}/accounts/login/", timeout=5) as response:
            body = response.read().decode()
            if response.status == 200 and "Sign in" in body:
                print(f"[smoke] GET /accounts/login/: {response.status}, page says 'Sign in'")
                sys.exit(0)
            last = f"status {response.status}, 'Sign in' {'found' if 'Sign in' in body else 'missing'}"
    except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
        last = str(exc)
    time.sleep(0.5)
sys.exit(f"gave up after 30 s: {last}")
PY

say "signing in as $LOGIN_USER"
"$PY" - "$base_url" "$LOGIN_USER" "$DEMO_PASSWORD" <<'PY' || fail "sign-in did not reach the caseload"
import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

base_url, username, password = sys.argv[1:4]
login_url = f"{base_url}/accounts/login/"
opener = urllib.request.build_opener(
    urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
)
with opener.open(login_url, timeout=10) as response:
    page = response.read().decode()
match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
if not match:
    sys.exit("no csrfmiddlewaretoken on the login page")
form = urllib.parse.urlencode(
    {
        "csrfmiddlewaretoken": match.group(1),
        "username": username,
        "password": password,
        "acknowledge": "on",
    }
).encode()
request = urllib.request.Request(login_url, data=form, headers={"Referer": login_url})
with opener.open(request, timeout=30) as response:
    landed = urllib.parse.urlsplit(response.geturl()).path
    body = response.read().decode()
if landed != "/":
    sys.exit(f"sign-in landed on {landed}, not on the home page")
if "My caseload" not in body:
    sys.exit("the home page does not say 'My caseload'")
print(f"[smoke] signed in as {username}: landed on / with 'My caseload'")
PY

say "stopping runserver with SIGINT"
stop_server

say "waiting for the embedded PostgreSQL to stop"
for _ in $(seq 1 20); do
  postgres_running || break
  sleep 0.5
done
if postgres_running; then
  pgrep -af -- "$LEAD_PGDATA" | sed 's/^/    /'
  fail "a PostgreSQL process for $LEAD_PGDATA is still running"
fi
say "no PostgreSQL process left for the data dir"
