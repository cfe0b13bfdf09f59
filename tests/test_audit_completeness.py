"""Every write service writes an audit event, and every participant page records the view.

The first check reads the source of every services module (ast): each public function must
call `audit.record`, directly or through functions that do (in any services module), or be
listed in EXEMPT with the reason. A new service written without an audit row fails here.
"""

import ast
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from lead.models import AuditEvent
from tests.permission_rules import OK, STAFF
from tests.permission_table import PERMISSIONS

# Pages that show Pat but write no view event. Most are forms whose GET shows the record's
# current values; coordination:participant_section is a fragment of the audited detail page.
# They belong to other apps and are reported to their owners; the test fails on any new one.
UNAUDITED_PAGES_TO_FIX = {
    "casework:checkin",
    "casework:contact_create",
    "casework:contact_void",
    "casework:goal_create",
    "casework:goal_edit",
    "casework:note_create",
    "casework:step_create",
    "casework:reassign",
    "casework:review_create",
    "coordination:participant_section",
    "participants:care_team",
    "participants:consent_create",
    "participants:edit",
    "participants:status",
}

ROOT = Path(__file__).resolve().parents[1]
APPS = ["lead", "participants", "referrals", "casework", "coordination"]

# Public functions in services modules that write no audit row of their own, and why.
EXEMPT = {
    # Called by audited services (user_update, user_lock, mfa_*, the daily job) inside their
    # transaction; ending sessions is part of the audited change, not a change of its own.
    "lead.services.end_sessions",
    # Reads kept beside the MFA services because the middleware and views need them together.
    "lead.mfa_services.mfa_state_for",
    "lead.mfa_services.mfa_is_enrolled",
    "lead.mfa_services.mfa_recovery_codes_left",
    "lead.mfa_services.new_totp_key",
    "lead.mfa_services.totp_config_url",
    # Validation and lookup helpers that write nothing.
    "casework.services.contacts.contact_staff_choices",
    "casework.services.rules.day_not_in_future",
    "casework.services.rules.duration_ok",
    "casework.services.rules.first_of_month",
    "casework.services.rules.not_in_future",
    "casework.services.rules.require_text",
    "casework.services.rules.step_date_ok",
    "coordination.services.imports.legal_event_csv_parse",
    "coordination.services.legal_events.legal_event_validate",
    "participants.services.care_team.caseload_count",
    "participants.services.merge.movable_relations",
    # Runs a caller's write once per idempotency token; the caller's service audits.
    "casework.services.once.create_once",
}


def service_modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        base = ROOT / app
        candidates = [base / "services.py", *base.glob("*_services.py")]
        candidates += sorted((base / "services").glob("*.py"))
        for path in candidates:
            if path.exists() and path.name != "__init__.py":
                module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                found[module] = path
    return found


def _calls(function: ast.FunctionDef) -> tuple[bool, set[str]]:
    """Whether `function` calls audit.record itself, and the names of what else it calls."""
    records, names = False, set()
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        target = node.func
        if isinstance(target, ast.Attribute):
            if target.attr == "record" and getattr(target.value, "id", None) == "audit":
                records = True
            names.add(target.attr)
        elif isinstance(target, ast.Name):
            names.add(target.id)
    return records, names


def audit_coverage() -> dict[str, bool]:
    """For each public service function, whether some call path reaches audit.record."""
    functions = {}  # qualified name -> (records directly, called names)
    public = set()
    for module, path in service_modules().items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                qualified = f"{module}.{node.name}"
                functions[qualified] = _calls(node)
                if not node.name.startswith("_"):
                    public.add(qualified)
    auditing = {name for name, (records, _) in functions.items() if records}
    changed = True
    while changed:
        auditing_short = {name.rsplit(".", 1)[1] for name in auditing}
        changed = False
        for name, (_, called) in functions.items():
            if name not in auditing and called & auditing_short:
                auditing.add(name)
                changed = True
    return {name: name in auditing for name in sorted(public)}


def test_the_walk_finds_every_apps_services():
    modules = service_modules()
    for app in APPS:
        assert any(m.split(".")[0] == app for m in modules), f"no services module in {app}"
    coverage = audit_coverage()
    assert "lead.services.user_create" in coverage
    assert coverage["lead.services.user_create"] is True


def test_every_write_service_writes_an_audit_event():
    coverage = audit_coverage()
    missing = sorted(
        name for name, audited in coverage.items() if not audited and name not in EXEMPT
    )
    assert not missing, (
        f"services that write no audit event (audit them or add to EXEMPT): {missing}"
    )


def test_the_exemption_list_has_no_stale_entries():
    coverage = audit_coverage()
    stale = sorted(name for name in EXEMPT if name not in coverage or coverage[name])
    assert not stale, f"EXEMPT entries that no longer need exempting: {stale}"


def _pages_naming_pat(personas):
    """Every page in the table with the first persona allowed to see it; which of them show
    Pat is decided from what each page renders, not from its URL."""
    for name, row in sorted(PERMISSIONS.items()):
        if name.startswith("admin:"):
            continue
        kwargs = row.kwargs(personas)
        persona = next((n for n in STAFF if row.expect.get(n) == OK), None)
        if persona is not None:
            yield name, kwargs, persona


def _shows_pat(response, pat) -> bool:
    if response.context is None:
        return False
    try:
        participant = response.context["participant"]
    except KeyError:
        return False
    return getattr(participant, "pk", None) == pat


def test_every_participant_page_view_is_audited(personas):
    pat = personas.participant.pk
    shown, unaudited = [], []
    for name, kwargs, persona in _pages_naming_pat(personas):
        user = personas.by_name(persona)
        events = AuditEvent.objects.filter(participant_id=pat, actor=user)
        count = events.count()
        client = Client()
        client.force_login(user)
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        if not _shows_pat(response, pat):
            continue
        shown.append(name)
        if events.count() == count:
            unaudited.append(name)
    assert "participants:detail" in shown
    new_gaps = sorted(set(unaudited) - UNAUDITED_PAGES_TO_FIX)
    assert not new_gaps, f"participant pages that record no view: {new_gaps}"


@pytest.mark.parametrize("module", sorted(service_modules()))
def test_services_modules_parse(module):
    ast.parse(service_modules()[module].read_text())
