"""Program spending entry and the booking-data import."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import BookingImportBatch, BookingRecord, CostEntry

COSTS = reverse("reports:costs")
IMPORT = reverse("reports:booking_import")


def _post_cost(client, **fields):
    data = {"month": "2026-02", "category": "staff", "amount": "1200.50", "note": ""} | fields
    return client.post(COSTS, data)


def test_program_manager_enters_monthly_spending(personas, client_for):
    client = client_for("program_manager")
    response = _post_cost(client)
    assert response.status_code == 302
    entry = CostEntry.objects.get()
    assert (entry.month, entry.amount, entry.entered_by) == (
        date(2026, 2, 1),
        Decimal("1200.50"),
        personas.program_manager,
    )


def test_supervisor_cannot_enter_spending(personas, client_for):
    response = _post_cost(client_for("supervisor"))
    assert response.status_code == 403
    assert not CostEntry.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "Spending cannot be negative."),
        ({"amount": ""}, "amount", "This field is required."),
        ({"month": ""}, "month", "This field is required."),
        ({"month": "February"}, "month", "Enter a month as YYYY-MM."),
    ],
)
def test_bad_cost_entries_are_refused_beside_the_field(
    personas, client_for, fields, field, message
):
    response = _post_cost(client_for("program_manager"), **fields)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not CostEntry.objects.exists()


def test_duplicate_month_asks_whether_to_replace(personas, client_for):
    client = client_for("program_manager")
    _post_cost(client)
    response = _post_cost(client, amount="900")
    assert response.status_code == 400
    assert "already has 1200.50" in response.content.decode()
    assert "Replace the amount" in response.content.decode()
    assert CostEntry.objects.get().amount == Decimal("1200.50")
    # The re-displayed form carries the choice to replace.
    assert response.context["form"].data["replace"] == "on"
    assert response.context["form"].data["amount"] == "900"
    replaced = _post_cost(client, amount="900", replace="on")
    assert replaced.status_code == 302
    assert CostEntry.objects.get().amount == Decimal("900")


def test_a_double_submit_of_the_same_entry_adds_nothing(personas, client_for):
    client = client_for("program_manager")
    assert _post_cost(client).status_code == 302
    assert _post_cost(client).status_code == 302
    assert CostEntry.objects.count() == 1


GOOD = (
    "source_id,date,race_ethnicity,agency,area\n"
    "bk-1,2026-01-05,black,Test Police,Downtown\n"
    "bk-2,01/06/2026,White,,\n"
    "bk-3,2026-01-07,,,\n"
)


def _upload(client, text, name="bookings.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, text.encode())})


def test_booking_import_previews_then_commits_all_rows(personas, client_for):
    client = client_for("program_manager")
    response = _upload(client, GOOD)
    assert response.status_code == 302
    batch = BookingImportBatch.objects.get()
    assert (batch.new_count, batch.duplicate_count) == (3, 0)
    assert not BookingRecord.objects.exists()  # nothing before the confirmation
    client.post(reverse("reports:booking_preview", args=[batch.pk]))
    assert sorted(BookingRecord.objects.values_list("source_id", "race_ethnicity")) == [
        ("bk-1", "black"),
        ("bk-2", "white"),
        ("bk-3", "not_recorded"),
    ]
    assert BookingRecord.objects.get(source_id="bk-1").agency == personas.police


def test_booking_import_is_idempotent(personas, client_for):
    client = client_for("program_manager")
    _upload(client, GOOD)
    first = BookingImportBatch.objects.get()
    client.post(reverse("reports:booking_preview", args=[first.pk]))
    # Committing the same batch twice adds nothing either.
    client.post(reverse("reports:booking_preview", args=[first.pk]))
    _upload(client, GOOD)
    second = BookingImportBatch.objects.exclude(pk=first.pk).get()
    assert (second.new_count, second.duplicate_count) == (0, 3)
    client.post(reverse("reports:booking_preview", args=[second.pk]))
    assert BookingRecord.objects.count() == 3


def test_booking_import_with_a_bad_row_imports_nothing(personas, client_for):
    client = client_for("program_manager")
    bad = GOOD + "bk-4,2026-13-01,purple,Nowhere PD,\nbk-1,2026-01-05,black,,\n"
    response = _upload(client, bad)
    assert response.status_code == 400
    errors = dict(response.context["parsed"].row_errors)
    assert "bad date '2026-13-01'" in errors[5]
    assert "unknown race_ethnicity 'purple'" in errors[5]
    assert "unknown agency 'Nowhere PD'" in errors[5]
    assert "appears twice" in errors[6]
    assert not BookingImportBatch.objects.exists()
    assert not BookingRecord.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 binary", "bookings.csv", "This is not a CSV file."),
        (b"source_id,date\nbk,2026-01-01\n", "bookings.csv", "Missing column(s): race_ethnicity."),
        (b"source_id,date,race_ethnicity\n", "bookings.csv", "a header but no rows"),
        (b"a,b\n", "bookings.xlsx", "This is not a CSV file."),
    ],
)
def test_unreadable_booking_files_are_refused(personas, client_for, content, name, message):
    client = client_for("program_manager")
    response = client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert any(message in e for e in response.context["form"].errors["file"])
    assert not BookingImportBatch.objects.exists()


def test_officer_cannot_import_bookings(personas, client_for):
    response = _upload(client_for("officer"), GOOD)
    assert response.status_code == 403
    assert not BookingImportBatch.objects.exists()


@pytest.mark.parametrize("entries", [0, 10])
def test_cost_page_query_count(personas, client_for, django_assert_num_queries, entries):
    from tests.lead.test_pages import SESSION

    for n in range(entries):
        CostEntry.objects.create(
            month=date(2025, n + 1, 1),
            category="staff",
            amount=1,
            entered_by=personas.program_manager,
        )
    client = client_for("program_manager")
    # session + entries with who entered them
    with django_assert_num_queries(SESSION + 1):
        client.get(COSTS)


@pytest.mark.parametrize("batches", [0, 5])
def test_booking_import_page_query_count(personas, client_for, django_assert_num_queries, batches):
    from tests.lead.test_pages import SESSION

    for n in range(batches):
        BookingImportBatch.objects.create(uploaded_by=personas.program_manager, filename=f"{n}")
    client = client_for("program_manager")
    # session + recent batches with their uploaders
    with django_assert_num_queries(SESSION + 1):
        client.get(IMPORT)
