"""Coordination with partners: the prosecutor's lookup card, a new arrest, a consultation
answered by the care team, and a revoked release that leaves nothing to see."""

import re

from playwright.sync_api import Page, expect

from coordination.models import Consultation, LegalEvent
from tests.e2e import scenario

NO_RECORD = "No LEAD information can be shared about this person."


def look_up(page: Page, first: str, last: str, born: str) -> None:
    page.goto("/coordination/lookup/")
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Date of birth").fill(born)
    with page.expect_response(
        lambda r: r.url.endswith("/coordination/lookup/") and r.request.method == "POST"
    ):
        page.get_by_role("button", name="Look up").click()


def settled_results(page: Page) -> str:
    """The lookup answer once htmx has removed its transient swap classes."""
    expect(page.locator("#lookup-results [class*=htmx-]")).to_have_count(0)
    return page.locator("#lookup-results").inner_html()


def test_prosecutor_looks_up_records_an_arrest_and_consults_the_care_team(ui, personas):
    pat, _ = scenario.pat_shares_with_partners(personas)
    desk = ui.signed_in(personas.prosecutor)

    look_up(desk, pat.first_name, pat.last_name, scenario.PAT_BORN)
    card = desk.get_by_role("article", name="LEAD card")
    expect(card).to_contain_text(pat.last_name)
    expect(card).to_contain_text(str(personas.case_manager_a))
    expect(card.get_by_role("link", name=personas.case_manager_a.phone)).to_be_visible()
    ui.check(desk, "lookup-card")

    card.get_by_role("link", name="Record a legal event").click()
    desk.get_by_label("Event type").select_option(label="Arrest")
    desk.get_by_label(re.compile(r"^\s*Date\*?\s*$")).fill(scenario.days_ago(5))
    desk.get_by_label("Case number").fill("26-CR-0412")
    desk.get_by_label("Offence").first.fill("Theft, third degree")
    ui.check(desk, "legal-event-form")
    desk.get_by_role("button", name="Record event").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Arrest")
    event = LegalEvent.objects.get(participant=pat)
    ui.check(desk, "legal-event")

    desk.get_by_label("What would you like to know?").fill("Is a charge likely to help or hurt?")
    desk.get_by_role("button", name="Ask the care team before filing").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Consultation before filing")
    expect(desk.get_by_text("Awaiting an answer.")).to_be_visible()
    ui.check(desk, "consultation-open")
    consultation = Consultation.objects.get(legal_event=event)

    # The case manager sees the question on a phone and answers it.
    phone = ui.signed_in(personas.case_manager_a)
    questions = phone.get_by_role("region", name="Prosecutor questions and legal events")
    questions.get_by_role("link", name=re.compile(f"{pat.display_name}: Arrest")).first.click()
    expect(phone.get_by_role("heading", name="Answer the prosecutor")).to_be_visible()
    phone.get_by_label("Recommendation").select_option(index=1)
    phone.get_by_label("Partner-safe summary").fill(
        "Engaged weekly and working on housing; we suggest holding the charge."
    )
    ui.check(phone, "consultation-answer")
    phone.get_by_role("button", name="Send answer").click()
    expect(phone.get_by_text("we suggest holding the charge")).to_be_visible()
    ui.check(phone, "consultation-answered")

    # Back at the desk, the prosecutor records the decision.
    desk.reload()
    expect(desk.get_by_text("we suggest holding the charge")).to_be_visible()
    desk.get_by_label("Decision").select_option(index=1)
    desk.get_by_label("Note").fill("Holding while the plan continues.")
    desk.get_by_role("button", name="Record decision").click()
    expect(desk.get_by_text("Holding while the plan continues.")).to_be_visible()
    ui.check(desk, "consultation-decided")
    consultation.refresh_from_db()
    assert consultation.decided_at is not None
    assert consultation.answered_by == personas.case_manager_a


def test_after_the_release_is_revoked_the_prosecutor_lookup_shows_no_record(ui, personas):
    pat, _ = scenario.pat_shares_with_partners(personas)
    desk = ui.signed_in(personas.prosecutor)
    look_up(desk, pat.first_name, pat.last_name, scenario.PAT_BORN)
    expect(desk.get_by_role("article", name="LEAD card")).to_be_visible()

    phone = ui.signed_in(personas.case_manager_a)
    phone.goto(f"/participants/{pat.pk}/")
    releases = phone.get_by_role("region", name="Releases of information")
    ui.check(phone, "releases")
    releases.get_by_role("button", name=re.compile("^Revoke")).click()
    expect(phone.get_by_role("status")).to_have_text(
        "Release revoked. Sharing under it stopped now."
    )
    expect(phone.get_by_text("No release in force", exact=True)).to_be_visible()
    ui.check(phone, "release-revoked")

    look_up(desk, pat.first_name, pat.last_name, scenario.PAT_BORN)
    expect(desk.get_by_role("article", name="LEAD card")).to_have_count(0)
    expect(desk.get_by_role("status")).to_have_text(NO_RECORD)
    revoked = settled_results(desk)
    ui.check(desk, "lookup-no-record")
    # Exactly what someone who was never in the program gets.
    look_up(desk, "Nobody", "Known", "1990-01-01")
    expect(desk.get_by_role("status")).to_have_text(NO_RECORD)
    assert settled_results(desk) == revoked
