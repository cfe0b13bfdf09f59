"""The case manager's journey on a phone: from an approved referral to a participant with a
plan, contacts and a monthly check-in."""

import re
import struct
import zlib

from django.utils import timezone
from playwright.sync_api import Page, expect

from referrals.models import Referral
from tests.e2e import scenario
from tests.e2e.a11y import assert_keyboard_reaches_form, tab_to


def scanned_form_png() -> dict:
    """A one-pixel PNG standing in for the scan of a signed release."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff"))
        + chunk(b"IEND", b"")
    )
    return {"name": "signed-release.png", "mimeType": "image/png", "buffer": png}


def open_casework(page: Page) -> None:
    """The participant page loads its plan and contacts with htmx."""
    expect(page.locator("#casework-section").get_by_role("heading", name="Plan")).to_be_visible()


def test_case_manager_finds_the_approved_referral_on_the_dashboard(ui, personas):
    referral = scenario.approved_arrest_diversion(personas)
    page = ui.signed_in(personas.case_manager_a)

    expect(page.get_by_role("link", name=re.compile(referral.reference))).to_be_visible(
        timeout=2000
    )


def test_case_manager_matches_a_referral_completes_intake_and_starts_the_work(ui, personas):
    referral = scenario.approved_arrest_diversion(personas)
    page = ui.signed_in(personas.case_manager_a)

    ui.open_menu(page)
    page.get_by_role("link", name="Referrals", exact=True).click()
    ui.check(page, "referrals")
    page.get_by_role("link", name=re.compile(referral.reference)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referral {referral.reference}")
    page.get_by_role("link", name="Match to a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Match referral {referral.reference}"
    )
    ui.check(page, "match")
    page.get_by_role("button", name="Create a new person").click()
    expect(page.get_by_role("status")).to_have_text(
        f"New person created from {referral.reference}."
    )
    ui.check(page, "matched")
    referral.refresh_from_db()
    participant = referral.participant
    assert participant.last_name == "Rivers"

    page.get_by_role("link", name=f"participant record {participant.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(participant.display_name)
    expect(page.locator("#intake-deadline")).to_contain_text(referral.reference)
    ui.check(page, "participant-new")

    # Intake: the assessment, then the signed release with its scan.
    page.get_by_role("link", name="Start assessment").click()
    page.get_by_label("Housing status").select_option(index=1)
    ui.check(page, "intake")
    page.get_by_role("button", name="Complete intake assessment").click()
    expect(page.get_by_role("status")).to_contain_text("Assessment complete")
    page.get_by_role("link", name="Record a release").click()
    ui.check(page, "release-form")
    for kind in ("police", "prosecutor"):
        page.locator(f"#div_id_recipient_agency_types input[value={kind}]").check()
    for category in page.locator("#div_id_categories input[type=checkbox]").all():
        category.check()
    page.get_by_label("Purpose").fill("Coordinate the diverted charge with the prosecutor.")
    today = timezone.localdate()
    page.get_by_label("Date signed").fill(today.isoformat())
    page.get_by_label("Expires on").fill(today.replace(year=today.year + 1).isoformat())
    page.get_by_label("Scan of the signed form").set_input_files(scanned_form_png())
    page.get_by_role("button", name="Save release").click()
    expect(page.get_by_role("status")).to_have_text("Release recorded. Intake is complete.")
    expect(page.get_by_text("Release in force", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Intake complete \d{4}"))).to_be_visible()
    ui.check(page, "intake-complete")

    # The referral's deadline now reads "intake complete" for everyone watching it.
    page.goto(f"/referrals/{referral.pk}/")
    expect(page.get_by_text("Intake complete: do not file")).to_be_visible()
    ui.check(page, "deadline-complete")
    assert Referral.objects.with_state().get(pk=referral.pk).status == "intake_complete"

    # The plan: a goal in the participant's words, and its steps.
    page.goto(f"/participants/{participant.pk}/")
    open_casework(page)
    page.get_by_role("link", name="Open plan").click()
    page.get_by_label("Goal, in the participant's own words").fill("Get my ID back")
    page.get_by_label("Domain").select_option(label="ID and documents")
    ui.check(page, "plan")
    page.get_by_role("button", name="Add goal").click()
    goal = page.locator("article").filter(has_text="Get my ID back")
    expect(goal).to_be_visible()
    for what in ("Call the records office", "Go to the licensing office together"):
        goal.get_by_role("link", name="Add step").click()
        page.get_by_label("What").fill(what)
        page.locator("main form").get_by_role("radio").first.check()
        if what.startswith("Call"):
            ui.check(page, "step-form")
        page.locator("main form button[type=submit]").click()
        expect(goal.get_by_text(what)).to_be_visible()
    ui.check(page, "plan-with-steps")

    # A contact in a few taps, on the participant's page.
    page.get_by_role("link", name=f"← {participant.display_name}").click()
    open_casework(page)
    section = page.locator("#casework-section")
    section.get_by_text("In person", exact=True).click()
    section.get_by_role("spinbutton", name="Minutes").fill("20")
    section.get_by_label("Substantive", exact=True).check()
    section.get_by_role("button", name="Log contact").click()
    expect(section.get_by_role("status")).to_have_text("Contact logged.")
    expect(
        section.get_by_text(re.compile(r"In person · .* · 20 min · substantive"))
    ).to_be_visible()
    ui.check(page, "contact-logged")

    # The monthly check-in.
    section.get_by_role("link", name="Record check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monthly check-in")
    form = page.locator("main form")
    for group in ("Housing status", "Employment", "Income or benefits", "Health insurance"):
        form.get_by_role("group", name=re.compile(group)).get_by_role("radio").first.check()
    ui.check(page, "checkin")
    page.get_by_role("button", name="Save check-in").click()
    open_casework(page)
    expect(page.locator("#casework-section")).to_contain_text("Done for")
    ui.check(page, "checkin-done")


def test_contact_form_works_by_keyboard_alone(ui, personas):
    page = ui.signed_in(personas.case_manager_a)
    page.goto(f"/casework/participants/{personas.participant.pk}/contacts/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a contact")
    ui.check(page, "contact-form")
    form = page.locator("main form")
    assert_keyboard_reaches_form(page, form)

    # The less common fields sit behind a disclosure that opens from the keyboard too.
    more = page.get_by_text("Domains, goals, services, staff, Part 2")
    tab_to(page, more)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Staff")).to_be_visible()
    assert_keyboard_reaches_form(page, form)
