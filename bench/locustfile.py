"""A mixed workload of the personas' usual pages, for `make bench`'s load step.

Each simulated user signs in with a session cookie bench/measure.py made for its persona
(BENCH_SESSIONS names the file), so the load test needs no passwords. Any answer other than
200, and any request slower than BENCH_TIMEOUT seconds, counts as a failure.
"""

import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

SESSIONS = json.loads(Path(os.environ["BENCH_SESSIONS"]).read_text())
TARGETS = SESSIONS["targets"]
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "30"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Users open a report at its default view, which is served from the nightly snapshot.
REPORT_SLUGS = ["referrals", "caseload", "plans", "outcomes", "equity", "cost", "pack"]


class Persona(HttpUser):
    abstract = True
    role = ""
    wait_time = between(0.5, 2)

    def on_start(self):
        self.client.cookies.set(TARGETS["session_cookie"], SESSIONS["cookies"][self.role])

    def get(self, path, name=None):
        self.client.get(path, name=name or path, timeout=TIMEOUT)

    def post_form(self, path, data, name):
        page = self.client.get(path, name=f"{name} (form)", timeout=TIMEOUT)
        token = CSRF.search(page.text)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        headers = {"Referer": f"{self.host}{path}"}
        self.client.post(path, data=data, name=name, headers=headers, timeout=TIMEOUT)


class CaseManager(Persona):
    role = "case_manager"
    weight = 4

    @task(3)
    def dashboard(self):
        self.get("/", "case manager dashboard")

    @task(3)
    def participant(self):
        self.get(f"/participants/{TARGETS['participant']}/", "participant page")

    @task(1)
    def contacts(self):
        self.get(f"/casework/participants/{TARGETS['participant']}/contacts/", "contacts")

    @task(1)
    def search(self):
        data = {"text": TARGETS["search_text"]}
        self.post_form("/participants/search/", data, "participant search")


class Supervisor(Persona):
    role = "supervisor"
    weight = 1

    @task(3)
    def dashboard(self):
        self.get("/", "supervisor dashboard")

    @task(1)
    def caseload_report(self):
        self.get("/reports/caseload/", "report: caseload (supervisor)")


class Officer(Persona):
    role = "officer"
    weight = 2

    @task(2)
    def referrals(self):
        self.get("/referrals/", "officer's referrals")

    @task(1)
    def home(self):
        self.get("/", "officer home")


class Prosecutor(Persona):
    role = "prosecutor"
    weight = 1

    @task
    def review_queue(self):
        self.get("/referrals/review/", "reviewer queue")

    @task
    def queue(self):
        self.get("/coordination/queue/", "prosecutor queue")


class ProgramManager(Persona):
    role = "program_manager"
    weight = 1

    @task(3)
    def agenda(self):
        self.get(f"/coordination/workgroup/{TARGETS['meeting']}/", "workgroup agenda")

    @task(2)
    def report(self):
        slug = random.choice(REPORT_SLUGS)  # noqa: S311 - a workload mix, not a secret
        self.get(f"/reports/{slug}/", f"report: {slug}")
