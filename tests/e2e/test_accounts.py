"""Admin work in the browser: unlocking a locked account and searching the audit log."""

import re

from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.browser import LOGIN_PATH

WRONG_PASSWORD = "not the right password"


def test_admin_unlocks_an_account_locked_by_failed_sign_ins(ui, personas):
    officer = personas.officer
    field = ui.open_for(officer)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        ui.sign_in(field, officer, password=WRONG_PASSWORD)
    expect(field.get_by_role("heading", level=1)).to_have_text("Account locked")
    ui.check(field, "locked")
    # The right password does not help while the account is locked.
    ui.sign_in(field, officer, expect_signed_in=False)
    expect(field.get_by_role("heading", level=1)).to_have_text("Account locked")

    desk = ui.open_for(personas.admin)
    desk.goto(LOGIN_PATH)
    ui.check(desk, "sign-in")
    ui.sign_in(desk, personas.admin, navigate=False)
    desk.locator("main").get_by_role("link", name=re.compile("^Users")).click()
    officer_row = desk.get_by_role("row").filter(has=desk.get_by_role("link", name="officer"))
    expect(officer_row).to_contain_text("Locked")
    ui.check(desk, "users")
    officer_row.get_by_role("link", name="officer").click()
    expect(desk.get_by_text("This account is locked")).to_be_visible()
    ui.check(desk, "locked-account")
    desk.get_by_role("button", name="Unlock").click()
    expect(desk.get_by_role("status")).to_have_text("Account officer unlocked.")
    expect(desk.get_by_text("This account is locked")).to_have_count(0)
    ui.check(desk, "unlocked")

    ui.sign_in(field, officer)
    expect(field.get_by_role("heading", level=1)).to_have_text("Diversion referrals")


def test_admin_searches_the_audit_log_for_a_participant(ui, personas):
    pat = personas.participant
    care = ui.signed_in(personas.case_manager_a)
    care.get_by_role("link", name=pat.display_name).first.click()
    expect(care.get_by_role("heading", level=1)).to_have_text(pat.display_name)

    desk = ui.signed_in(personas.admin)
    desk.locator("main").get_by_role("link", name="Audit log").click()
    ui.check(desk, "audit-log")
    desk.get_by_label("Participant id").fill(str(pat.pk))
    desk.get_by_role("button", name="Search").click()
    expect(desk).to_have_url(re.compile(rf"participant={pat.pk}\b"))

    rows = desk.locator("main table tbody tr")
    expect(rows.filter(has_text="participant.view")).to_have_count(1)
    expect(rows.filter(has_text="participant.create")).to_have_count(1)
    # Sign-ins and other events without this participant are filtered out.
    expect(rows.filter(has_text="auth.login")).to_have_count(0)
    participant_cells = desk.locator("main table tbody tr td:nth-child(5)")
    assert set(participant_cells.all_inner_texts()) == {str(pat.pk)}
    ui.check(desk, "audit-log-participant")
