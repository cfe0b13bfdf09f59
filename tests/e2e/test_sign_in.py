"""Every role signs in on its own screen size and lands on its home page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_keyboard_reaches_form, tab_to
from tests.e2e.browser import LOGIN_PATH, screen_for
from tests.personas import PASSWORD

HOME_HEADINGS = [
    ("officer", "Diversion referrals"),
    ("prosecutor", "Coordination queue"),
    ("case_manager_a", "My caseload"),
    ("supervisor", "Test Provider caseload"),
    ("program_manager", "Program"),
    ("admin", "Administration"),
]


@pytest.mark.parametrize(("persona", "heading"), HOME_HEADINGS)
def test_each_role_signs_in_at_its_screen_size_and_lands_on_its_home_page(
    ui, personas, persona, heading
):
    user = personas.by_name(persona)
    page = ui.signed_in(user)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    ui.check(page, "home")
    if screen_for(user) == "phone":
        ui.open_menu(page)
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        ui.check(page, "menu")


def test_case_manager_signs_in_by_keyboard_alone(ui, personas):
    page = ui.open("phone")
    page.goto(LOGIN_PATH)
    ui.check(page, "sign-in")
    sign_in_form = page.locator("form").filter(has=page.get_by_label("Username"))
    assert_keyboard_reaches_form(page, sign_in_form)

    page.goto(LOGIN_PATH)
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type(personas.case_manager_a.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    expect(page.get_by_role("link", name=personas.participant.display_name).first).to_be_visible()
