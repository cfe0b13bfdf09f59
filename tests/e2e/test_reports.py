"""The program manager opens every report and downloads a table as CSV."""

import csv
import io

from playwright.sync_api import expect

from tests.e2e import scenario


def test_program_manager_opens_each_report_and_downloads_a_csv(ui, personas):
    scenario.a_fortnight_of_coordination(personas)
    desk = ui.signed_in(personas.program_manager)
    desk.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Reports")
    ui.check(desk, "reports")
    links = desk.locator("main .list-group").first.get_by_role("link")
    titles = [text.splitlines()[0].strip() for text in links.all_inner_texts()]
    assert titles, "the reports page lists no reports"

    downloads = 0
    for number, title in enumerate(titles, start=1):
        links.nth(number - 1).click()
        breadcrumb = desk.get_by_role("navigation", name="breadcrumb")
        expect(breadcrumb.locator("[aria-current=page]")).to_have_text(title)
        expect(desk.get_by_role("heading", level=1)).to_be_visible()
        ui.check(desk, f"report-{number}")
        csv_links = desk.get_by_role("link", name="Download CSV")
        if csv_links.count():
            table_title = desk.locator("main section h2").first.inner_text()
            with desk.expect_download() as download:
                csv_links.first.click()
            rows = list(csv.reader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
            header = desk.locator("main section").first.locator("thead th")
            assert rows[0] == [c.strip() for c in header.all_inner_texts()], table_title
            downloads += 1
        breadcrumb.get_by_role("link", name="Reports").click()
    assert downloads, "no report offered a CSV"

    # Rebuilding the nightly snapshots brings the user back to the report, now served from them.
    links.first.click()
    desk.get_by_role("button", name="Rebuild now").click()
    expect(desk.get_by_text("(rebuilt nightly)")).to_be_visible()
    expect(desk.get_by_role("link", name="Show live figures")).to_be_visible()
    ui.check(desk, "report-snapshot")
