"""Every write service writes an audit event, and every participant page records the view.

The first check reads the source of every services module (ast): each public function must
call `audit.record`, directly or through functions that do (in any services module), or be
listed in EXEMPT with the reason. A new service written without an audit row fails here.

The second walks every page in the permission table: each one that renders Pat's record, on
GET and on a POST that shows the form again with errors, must write a view event naming Pat and
what was shown by id (`audit.record_view`). There is no allowance list.
"""

import ast
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from lead.models import AuditEvent
from tests.permission_rules import OK, STAFF
from tests.permission_table import PERMISSIONS

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


def _shows_pat(response, pat: int) -> bool:
    if response.context is None:
        return False
    try:
        participant = response.context["participant"]
    except KeyError:
        return False
    return getattr(participant, "pk", None) == pat


def _events_since(pat, user, last_id) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(participant_id=pat.pk, actor=user, pk__gt=last_id).order_by("pk")
    )


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _names_only_ids(event, pat) -> bool:
    """The row says which participant and what was shown by id; it holds no name or text."""
    fields = (event.action, event.object_type, event.object_id, event.path)
    names = {pat.first_name, pat.last_name, pat.preferred_name} - {""}
    return (
        event.participant_id == pat.pk
        and bool(event.object_type and event.object_id)
        and not any(name.lower() in field.lower() for name in names for field in fields)
    )


def test_every_participant_page_view_is_audited(personas):
    """A GET, and a POST that shows the form again with its errors, each record a view that
    names Pat by id and what the page showed, and nothing else about Pat."""
    pat = personas.participant
    shown, unaudited, badly_described = [], [], []
    for name, kwargs, persona in _pages_naming_pat(personas):
        user = personas.by_name(persona)
        client = Client()
        client.force_login(user)
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            last = _last_event_id()
            response = getattr(client, method)(url, {})
            if method == "get":
                assert response.status_code == 200, name
            if response.status_code != 200 or not _shows_pat(response, pat.pk):
                break  # only pages that show Pat on GET are posted to
            shown.append((name, method))
            events = _events_since(pat, user, last)
            if not events:
                unaudited.append((name, method))
            elif not all(_names_only_ids(e, pat) for e in events):
                badly_described.append((name, method))
    assert ("participants:detail", "get") in shown
    # Form pages re-displayed with errors after an empty POST are checked too.
    assert ("participants:edit", "post") in shown
    assert not unaudited, f"participant pages that record no view: {unaudited}"
    assert not badly_described, f"view events without ids, or with names: {badly_described}"


@pytest.mark.parametrize("module", sorted(service_modules()))
def test_services_modules_parse(module):
    ast.parse(service_modules()[module].read_text())


def test_a_saved_form_leaves_the_write_row_and_no_view_row(personas):
    """A POST that saves redirects without showing the form, so only the write is recorded."""
    pat = personas.participant
    client = Client()
    client.force_login(personas.case_manager_a)
    url = reverse("participants:edit", args=[pat.pk])
    last = _last_event_id()
    response = client.post(url, {"first_name": pat.first_name, "last_name": "Renamed"})
    assert response.status_code == 302
    actions = [e.action for e in _events_since(pat, personas.case_manager_a, last)]
    assert actions and "participant.edit_form_view" not in actions
