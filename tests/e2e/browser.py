"""What every journey does in the browser: open a page at the role's screen size, sign in and
out, and check each screen (screenshot, axe-core, labels, no blocked scripts)."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser as PlaywrightBrowser
from playwright.sync_api import BrowserContext, Page, expect

from lead.roles import Role
from tests.e2e import a11y
from tests.personas import PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Officers and case managers work in the field; everyone else at a desk.
PHONE_ROLES = {Role.OFFICER, Role.CASE_MANAGER}
LOGIN_PATH = "/accounts/login/"


def screen_for(user) -> str:
    return "phone" if user.role in PHONE_ROLES else "desktop"


@dataclass
class Browser:
    browser: PlaywrightBrowser
    base_url: str
    artifacts: Path
    contexts: list[BrowserContext] = field(default_factory=list)
    problems: dict[int, list[str]] = field(default_factory=dict)
    shots: int = 0

    def open(self, screen: str = "desktop") -> Page:
        """A fresh page in its own context (own cookies), traced in case the test fails."""
        phone = screen == "phone"
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=PHONE if phone else DESKTOP,
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=2 if phone else 1,
            locale="en-US",
            # No transitions: screenshots and focus checks see the settled page.
            reduced_motion="reduce",
            timezone_id="America/Los_Angeles",
        )
        context.set_default_timeout(10_000)
        context.tracing.start(screenshots=True, snapshots=True)
        self.contexts.append(context)
        page = context.new_page()
        problems = self.problems.setdefault(id(page), [])
        # A strict CSP blocks inline script and style; the browser reports each block here.
        page.on(
            "console",
            lambda msg: (
                problems.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        page.on("pageerror", lambda exc: problems.append(f"uncaught script error: {exc}"))
        return page

    def open_for(self, user) -> Page:
        return self.open(screen_for(user))

    def sign_in(
        self,
        page: Page,
        user,
        password: str = PASSWORD,
        *,
        navigate: bool = True,
        expect_signed_in: bool | None = None,
    ) -> None:
        """Fills the sign-in form; navigate=False uses the form already on screen (its
        `next` then decides where the browser lands)."""
        if navigate:
            page.goto(LOGIN_PATH)
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_label("I have read the notice above").check()
        page.get_by_role("button", name="Sign in").click()
        if expect_signed_in is None:
            expect_signed_in = password == PASSWORD
        if expect_signed_in:
            expect(page).not_to_have_url(re.compile(re.escape(LOGIN_PATH)))

    def signed_in(self, user) -> Page:
        page = self.open_for(user)
        self.sign_in(page, user)
        return page

    def sign_out(self, page: Page) -> None:
        self.open_menu(page)
        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))

    def open_menu(self, page: Page) -> None:
        """On a phone the navigation sits behind the menu button."""
        toggler = page.get_by_role("button", name="Toggle navigation")
        if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
            toggler.click()
            expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))

    def screenshot(self, page: Page, name: str) -> Path:
        self.shots += 1
        path = self.artifacts / f"{self.shots:02d}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    def check(self, page: Page, name: str) -> None:
        """A key screen: keep a screenshot, then hold it to the accessibility rules."""
        page.wait_for_load_state("load")
        self.screenshot(page, name)
        a11y.assert_accessible(page)
        a11y.assert_inputs_labelled(page)
        self.assert_no_blocked_scripts(page)

    def assert_no_blocked_scripts(self, page: Page) -> None:
        problems = self.problems.get(id(page), [])
        assert not problems, f"{page.url}: " + "; ".join(problems)

    def close(self, *, failed: bool) -> None:
        for number, context in enumerate(self.contexts, start=1):
            if failed:
                context.tracing.stop(path=self.artifacts / f"trace-{number}.zip")
            else:
                context.tracing.stop()
            context.close()
