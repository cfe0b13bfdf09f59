"""Sessions end when idle, and nothing of a participant survives sign-out in the browser."""

import re
from datetime import timedelta

import time_machine
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.browser import LOGIN_PATH


def test_idle_session_ends_and_the_next_page_asks_to_sign_in_again(ui, personas):
    pat = personas.participant
    page = ui.signed_in(personas.case_manager_a)
    idle_limit = timedelta(minutes=settings.SESSION_IDLE_TIMEOUT_MINUTES)

    # The live server runs in this process, so moving the clock here moves it there too.
    with time_machine.travel(timezone.now() + idle_limit - timedelta(minutes=1), tick=True):
        page.get_by_role("link", name=pat.display_name).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(pat.display_name)

    with time_machine.travel(timezone.now() + 2 * idle_limit, tick=True):
        page.get_by_role("link", name="LEAD", exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
        expect(page.get_by_role("status")).to_have_text("Your session ended. Please sign in again.")
        ui.check(page, "session-ended")
        ui.sign_in(page, personas.case_manager_a, navigate=False)
        expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")


def test_going_back_after_sign_out_shows_no_participant_data(ui, personas):
    pat = personas.participant
    page = ui.signed_in(personas.case_manager_a)
    page.get_by_role("link", name=pat.display_name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(pat.display_name)
    ui.check(page, "participant")

    ui.sign_out(page)
    for _ in range(2):  # the participant's page, then the caseload
        page.go_back()
        expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
        expect(page.locator("body")).not_to_contain_text(pat.last_name)
        expect(page.locator("body")).not_to_contain_text(pat.first_name)
    ui.screenshot(page, "back-after-sign-out")
