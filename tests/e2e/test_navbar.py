"""The top navigation bar: one line on a desk screen for every role, usable at Bootstrap's lg
breakpoint, behind the menu button on a phone, and its dropdowns work by keyboard."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import a11y
from tests.e2e.browser import PHONE

ROLES = ["officer", "prosecutor", "case_manager_a", "supervisor", "program_manager", "admin"]
# Bootstrap's lg breakpoint: the narrowest desk window the bar is laid out for.
LG = {"width": 992, "height": 800}

# The bar's height against one of its own links: one line of links plus the bar's padding
# is under 1.5 link heights more than the padding; a second line adds a whole link height.
_BAR_JS = """() => {
  const nav = document.querySelector('nav[aria-label="Main"]');
  const style = getComputedStyle(nav);
  const link = nav.querySelector('.navbar-nav .nav-link');
  const items = [...nav.querySelectorAll('.navbar-brand, .navbar-nav > .nav-item')]
    .filter(el => el.getClientRects().length > 0);
  return {
    height: nav.getBoundingClientRect().height,
    padding: parseFloat(style.paddingTop) + parseFloat(style.paddingBottom),
    link: link.getBoundingClientRect().height,
    tops: items.map(el => Math.round(el.getBoundingClientRect().top)),
    scrollWidth: document.documentElement.scrollWidth,
  };
}"""


def assert_one_line(page: Page) -> None:
    bar = page.evaluate(_BAR_JS)
    limit = bar["padding"] + 1.5 * bar["link"]
    assert bar["height"] < limit, (
        f"the navigation bar is {bar['height']}px high at {page.viewport_size['width']}px "
        f"(one line is under {limit}px): it wraps; item tops {bar['tops']}"
    )
    assert max(bar["tops"]) - min(bar["tops"]) < bar["link"], bar["tops"]
    assert bar["scrollWidth"] <= page.viewport_size["width"], "the page scrolls sideways"


def nav_links(page: Page) -> list[str]:
    """Every destination the bar offers, whether shown or behind a dropdown."""
    return page.locator('nav[aria-label="Main"] a[href]').evaluate_all(
        "els => els.map(el => el.getAttribute('href'))"
    )


@pytest.mark.parametrize("persona", ROLES)
def test_each_roles_navigation_bar_is_one_line_at_1280_and_usable_at_992(ui, personas, persona):
    user = personas.by_name(persona)
    page = ui.open("desktop")
    ui.sign_in(page, user)
    expect(page.get_by_role("button", name="Toggle navigation")).to_be_hidden()
    ui.screenshot(page, "1280")
    assert_one_line(page)
    everything = nav_links(page)

    page.set_viewport_size(LG)
    ui.screenshot(page, "992")
    toggler = page.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible():
        ui.open_menu(page)
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    else:
        assert_one_line(page)
    assert nav_links(page) == everything
    ui.assert_no_blocked_scripts(page)


def open_by_keyboard(page: Page, name: str):
    """Tabs to the dropdown's button, opens it with Enter and returns its menu."""
    nav = page.get_by_role("navigation", name="Main")
    toggle = nav.get_by_role("button", name=name)
    a11y.tab_to(page, toggle)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    menu = nav.locator(".dropdown-menu.show")
    expect(menu).to_be_visible()
    return toggle, menu


def test_program_manager_reaches_the_admin_pages_from_the_dropdown_by_keyboard(ui, personas):
    page = ui.signed_in(personas.program_manager)
    toggle, menu = open_by_keyboard(page, "Admin")
    expect(menu.get_by_role("link")).to_have_text(["Site settings", "Services list", "Retention"])
    ui.check(page, "admin-menu-open")

    page.keyboard.press("ArrowDown")
    expect(menu.get_by_role("link", name="Site settings")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggle).to_be_focused()

    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(menu.get_by_role("link", name="Services list")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Services")
    # The dropdown shows that the page on screen is one of its own.
    expect(toggle).to_have_class(re.compile(r"\bactive\b"))
    expect(
        page.get_by_role("navigation", name="Main").locator('[aria-current="page"]')
    ).to_have_attribute("href", "/casework/services/")
    assert_one_line(page)


@pytest.mark.parametrize("persona", ["program_manager", "case_manager_a"])
def test_account_dropdown_offers_password_and_two_step_sign_in(ui, personas, persona):
    user = personas.by_name(persona)
    page = ui.signed_in(user)
    ui.open_menu(page)
    _, menu = open_by_keyboard(page, str(user))
    expect(menu).to_contain_text(f"{user.get_role_display()}, {user.agency}")
    expect(menu.get_by_role("link")).to_have_text(["Password", "Two-step sign-in"])
    ui.check(page, "account-menu-open")
    menu.get_by_role("link", name="Two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    # On a phone the menu has closed again; the button is marked all the same.
    expect(page.locator("#nav-account")).to_have_class(re.compile(r"\bactive\b"))


def test_program_manager_uses_the_admin_dropdown_on_a_phone(ui, personas):
    page = ui.open("phone")
    assert page.viewport_size == PHONE
    ui.sign_in(page, personas.program_manager)
    ui.open_menu(page)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Admin").click()
    nav.get_by_role("link", name="Retention").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("retention policy")
    ui.check(page, "retention-on-phone")
