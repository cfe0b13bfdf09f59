"""Referrals in the browser: the officer files from a phone, the reviewer decides at a desk."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from lead.models import SiteSettings
from referrals.models import Decision, Referral
from tests.e2e import scenario
from tests.e2e.a11y import assert_keyboard_reaches_form


def fill_referral(page: Page, data: dict) -> None:
    """Types a referral the way an officer would, one labelled field at a time."""
    pathway = {"arrest_diversion": "Arrest diversion", "social_contact": "Social contact"}
    page.get_by_label(pathway[data["pathway"]], exact=True).check()
    labels = {
        "first_name": "Legal first name",
        "last_name": "Legal last name",
        "date_of_birth": "Date of birth",
        "approximate_age": "Approximate age",
        "how_to_find": "Phone or how to find them",
        "incident_number": "Incident or report number",
        "location": "Location",
        "area": "Area or precinct",
        "offenses": "Offence or offences",
        "drug_type": "Drug type",
        "drug_quantity_grams": "Drug quantity (grams)",
        "activity_date": "Date of the qualifying activity",
        "activity_place": "Place of the qualifying activity",
        "narrative": "Narrative",
        "flag_reason": "Why refer anyway",
    }
    for name, label in labels.items():
        if name in data:
            page.get_by_label(label).fill(data[name])
    if data.get("verification") == "observation":
        page.get_by_label("My own observation").check()
    if data.get("activity_inside_area"):
        page.get_by_label("The place is inside the LEAD area").check()
    for exclusion in data.get("exclusions", []):
        page.get_by_label(exclusion, exact=True).check()


def test_officer_files_an_arrest_diversion_and_a_flagged_social_contact_then_sees_both(
    ui, personas
):
    site = SiteSettings.load()
    page = ui.signed_in(personas.officer)
    page.get_by_role("link", name="New referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New referral")
    ui.check(page, "referral-form")
    # Only the chosen pathway's section shows.
    expect(page.get_by_label("Offence or offences")).to_be_visible()
    expect(page.get_by_label("Place of the qualifying activity")).to_be_hidden()

    fill_referral(page, scenario.ARREST)
    page.get_by_role("button", name="Submit referral").click()
    expect(page.get_by_role("status")).to_contain_text("submitted")
    arrest = Referral.objects.get(last_name="Rivers")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referral {arrest.reference}")
    ui.check(page, "arrest-diversion-filed")

    page.get_by_role("link", name="LEAD", exact=True).click()
    page.get_by_role("link", name="New referral").click()
    fill_referral(page, scenario.social_contact(site))
    expect(page.get_by_label("Offence or offences")).to_be_hidden()
    ui.check(page, "social-contact-form")
    page.get_by_role("button", name="Submit referral").click()
    expect(page.get_by_role("status")).to_contain_text("submitted")
    expect(page.get_by_text("Presumptive exclusions flagged")).to_be_visible()
    expect(
        page.get_by_text(f"{site.eligibility_exclusions[0]} (ticked by the officer)")
    ).to_be_visible()
    ui.check(page, "social-contact-filed")

    page.get_by_role("link", name="LEAD", exact=True).click()
    mine = page.get_by_role("region", name="My referrals")
    expect(mine.get_by_role("listitem")).to_have_count(2)
    expect(mine.get_by_role("link", name=re.compile("Jordan Rivers"))).to_be_visible()
    expect(mine.get_by_role("link", name=re.compile("Casey Morgan"))).to_be_visible()
    ui.check(page, "home-my-referrals")
    mine.get_by_role("link", name="All my referrals").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My referrals")
    ui.check(page, "my-referrals")
    assert Referral.objects.filter(referred_by=personas.officer).count() == 2


def submit_an_almost_empty_referral(ui, personas) -> Page:
    page = ui.signed_in(personas.officer)
    page.goto("/referrals/new/")
    page.get_by_label("Legal first name").fill("Jordan")
    page.get_by_label("Narrative").fill("Met outside the market.")
    page.get_by_role("button", name="Submit referral").click()
    expect(page.get_by_role("alert").first).to_contain_text("Please correct the fields")
    return page


def test_empty_referral_shows_errors_beside_the_fields_and_keeps_the_input(ui, personas):
    page = submit_an_almost_empty_referral(ui, personas)

    last_name = page.locator("#div_id_last_name")
    expect(last_name.get_by_label("Legal last name")).to_have_class(re.compile("is-invalid"))
    expect(last_name).to_contain_text("This field is required")
    expect(page.locator("#div_id_location")).to_contain_text("This field is required")
    expect(page.get_by_label("Legal first name")).to_have_value("Jordan")
    expect(page.get_by_label("Narrative")).to_have_value("Met outside the market.")
    ui.check(page, "referral-errors")
    assert not Referral.objects.exists()


def test_empty_referral_moves_the_focus_to_the_first_error(ui, personas):
    page = submit_an_almost_empty_referral(ui, personas)

    expect(page.get_by_label("Legal last name")).to_be_focused(timeout=2000)


def test_double_click_on_submit_files_one_referral(ui, personas):
    page = ui.signed_in(personas.officer)
    page.goto("/referrals/new/")
    fill_referral(page, scenario.ARREST)
    page.get_by_role("button", name="Submit referral").dblclick()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Referral "))
    assert Referral.objects.count() == 1


def test_referral_form_works_by_keyboard_alone(ui, personas):
    page = ui.signed_in(personas.officer)
    page.goto("/referrals/new/")
    assert_keyboard_reaches_form(page, page.locator("#referral-form"))


def test_reviewer_approves_one_referral_and_declines_the_other_with_reasons(ui, personas):
    site = SiteSettings.load()
    arrest = scenario.file_referral(personas.officer, scenario.ARREST)
    social = scenario.file_referral(personas.officer, scenario.social_contact(site))
    page = ui.signed_in(personas.prosecutor)
    to_review = page.get_by_role("region", name="Referrals to review")
    expect(to_review.get_by_role("link")).to_have_count(3)  # two referrals and the whole queue
    ui.check(page, "review-queue")

    to_review.get_by_role("link", name=re.compile(arrest.reference)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review referral {arrest.reference}")
    ui.check(page, "review-arrest")
    page.get_by_label("Approve").check()
    page.get_by_label("Meets the site's criteria").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status")).to_have_text(f"Referral {arrest.reference} decided.")
    expect(page.get_by_text(re.compile(r"^Approved by"))).to_be_visible()
    ui.check(page, "approved")

    page.get_by_role("link", name="LEAD", exact=True).click()
    to_review.get_by_role("link", name=re.compile(social.reference)).click()
    expect(page.get_by_text("Presumptive exclusions flagged")).to_be_visible()
    page.get_by_label("Decline").check()
    page.get_by_label("Not amenable").check()
    page.get_by_role("textbox", name="Note").fill("Said twice that he does not want to take part.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text(re.compile(r"^Declined by"))).to_be_visible()
    expect(page.get_by_text("Not amenable")).to_be_visible()
    ui.check(page, "declined")

    arrest.refresh_from_db()
    social.refresh_from_db()
    assert (arrest.decision, social.decision) == (Decision.APPROVED, Decision.DECLINED)
    assert arrest.decided_at <= timezone.now()
