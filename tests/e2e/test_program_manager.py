"""The program manager at a desk: the workgroup agenda and its action items."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from coordination.models import ActionItem
from lead.models import SiteSettings
from tests.e2e import scenario


def test_program_manager_generates_the_agenda_and_records_an_action_item(ui, personas):
    site = SiteSettings.load()
    site.intake_deadline_days = 10  # so that the new diversion's deadline is on the agenda
    site.save(update_fields=["intake_deadline_days"])
    pending, approved, arrest, _ = scenario.a_fortnight_of_coordination(personas)
    pat = personas.participant
    desk = ui.signed_in(personas.program_manager)

    desk.get_by_role("link", name="Workgroup").first.click()
    ui.check(desk, "workgroup")
    desk.get_by_role("link", name="Schedule a meeting").click()
    meeting_at = timezone.localtime() + timezone.timedelta(days=2)
    desk.get_by_label("Scheduled for").fill(meeting_at.strftime("%Y-%m-%dT10:00"))
    desk.get_by_label("Area").fill("West precinct")
    for attendee in (personas.officer, personas.prosecutor, personas.case_manager_a):
        desk.get_by_label(re.compile(re.escape(f"{attendee} ("))).check()
    ui.check(desk, "meeting-form")
    desk.get_by_role("button", name="Schedule").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Workgroup · West precinct")

    desk.get_by_role("button", name="Generate agenda").click()
    main = desk.locator("main")

    def section(title):
        return main.locator("section").filter(has=desk.get_by_role("heading", name=title))

    new_referrals = section("New referrals since the last meeting")
    expect(new_referrals).to_contain_text(f"Referral {pending.reference} (Social contact")
    expect(new_referrals).to_contain_text(f"Referral {approved.reference} (Arrest diversion")
    deadlines = section("Intake deadlines: next 14 days and missed")
    expect(deadlines).to_contain_text(f"Referral {approved.reference}: intake due")
    expect(section("New arrests, charges and warrants")).to_contain_text(
        f"{pat.display_name}: arrest on {arrest.occurred_on:%Y-%m-%d}, case 26-CR-0412"
    )
    expect(section("Open prosecutor consultations")).to_contain_text(
        f"{pat.display_name}: consultation on arrest"
    )
    ui.check(desk, "agenda")

    desk.get_by_label("Description").fill("Find a shelter bed before the court date")
    desk.get_by_label("Owner").select_option(value=str(personas.case_manager_a.pk))
    due = timezone.localdate() + timezone.timedelta(days=7)
    desk.get_by_label("Due on").fill(due.isoformat())
    desk.get_by_role("button", name="Add action item").click()
    expect(main).to_contain_text("Find a shelter bed before the court date")
    ui.check(desk, "action-item")
    assert ActionItem.objects.get().owner == personas.case_manager_a
    assert arrest.participant_id == pat.pk
