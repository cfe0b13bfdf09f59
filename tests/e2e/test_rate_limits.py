"""The 429 page on a phone, under the strict CSP: in place of the page when an htmx search is
refused, and as a whole page when a download is."""

from django.urls import reverse
from playwright.sync_api import expect


def test_case_manager_past_the_search_limit_sees_why_and_when_to_retry(ui, personas, settings):
    # A day's window: a minute's could end between the two searches.
    settings.RATE_LIMIT_SEARCH = "1/d"
    page = ui.signed_in(personas.case_manager_a)
    page.goto(reverse("participants:search"))
    for _ in range(2):
        page.get_by_label("Name, alias or street name").fill("Pat")
        with page.expect_response(lambda r: r.request.method == "POST"):
            page.get_by_role("button", name="Search").click()

    notice = page.locator("#main #rate-limit")
    expect(notice.get_by_role("heading", name="Please wait a moment")).to_be_visible()
    expect(notice).to_contain_text("copied in bulk")
    expect(notice.get_by_role("status")).to_contain_text("try again in")
    expect(page).to_have_title("Please wait a moment · LEAD case management")
    # Swapped into the page, not nested: one main landmark, one page heading.
    expect(page.locator("main")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    ui.check(page, "search-rate-limited")


def test_program_manager_past_the_download_limit_gets_the_page_on_a_phone(ui, personas, settings):
    settings.RATE_LIMIT_EXPORT = "0/h"
    page = ui.open("phone")
    ui.sign_in(page, personas.program_manager)
    response = page.goto(reverse("reports:csv", args=["referrals", "funnel"]))
    assert response.status == 429
    assert response.headers["retry-after"].isdigit()
    expect(page.get_by_role("heading", name="Please wait a moment")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the home page")).to_be_visible()
    ui.check(page, "download-rate-limited")
