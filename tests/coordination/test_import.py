"""Importing legal events from CSV: preview, per-row errors, all or nothing, idempotent."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coordination.models import ImportBatch, LegalEvent
from participants.models import Participant

HEADER = (
    "source_id,participant_id,event_type,date,agency,case_number,offence,level,release_date,notes\n"
)


def csv_file(personas, rows=None, *, name="events.csv", header=HEADER, encoding="utf-8"):
    pid = personas.participant.pk
    rows = (
        rows
        if rows is not None
        else [
            f"KC-1,{pid},arrest,2026-01-05,Test Police,C-1,Trespass,misdemeanor,,",
            f"KC-2,{pid},jail_booking,2026-01-05,Test Police,C-1,,,2026-01-07,",
            f"KC-3,{pid},Court date,01/20/2026,Test Prosecutor,C-1,,,,Arraignment",
        ]
    )
    content = (header + "\n".join(rows) + "\n").encode(encoding)
    return SimpleUploadedFile(name, content, content_type="text/csv")


def upload(client, file):
    return client.post(reverse("coordination:import_upload"), {"file": file})


def test_preview_then_commit_then_reimport_adds_nothing(personas, client_for):
    client = client_for("program_manager")
    response = upload(client, csv_file(personas))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert (batch.row_count, batch.new_count, batch.duplicate_count) == (3, 3, 0)
    assert not LegalEvent.objects.exists()  # the preview writes no events
    preview_url = reverse("coordination:import_preview", args=[batch.pk])
    assert b"3 of 3 rows checked" in client.get(preview_url).content
    client.post(preview_url)
    assert LegalEvent.objects.count() == 3
    booking = LegalEvent.objects.get(source_id="KC-2")
    assert str(booking.release_date) == "2026-01-07"
    # Confirming the same preview again does nothing.
    client.post(preview_url)
    assert LegalEvent.objects.count() == 3
    # The same file again: every row is already imported.
    upload(client, csv_file(personas))
    again = ImportBatch.objects.order_by("-id").first()
    assert (again.new_count, again.duplicate_count) == (0, 3)
    client.post(reverse("coordination:import_preview", args=[again.pk]))
    assert LegalEvent.objects.count() == 3


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("KC-9,{pid},arrest,2026-13-45,Test Police,,,,,", "bad date"),
        ("KC-9,999999,arrest,2026-01-05,Test Police,,,,,", "unknown participant identifier"),
        ("KC-9,{pid},parking,2026-01-05,Test Police,,,,,", "unknown event type"),
        ("KC-9,{pid},arrest,2026-01-05,Nowhere PD,,,,,", "unknown agency"),
        ("KC-1,{pid},arrest,2026-01-05,Test Police,,,,,", "appears twice"),
    ],
)
def test_bad_row_reports_per_row_and_imports_nothing(personas, client_for, bad_row, message):
    pid = personas.participant.pk
    rows = [
        f"KC-1,{pid},arrest,2026-01-05,Test Police,C-1,,,,",
        bad_row.format(pid=pid),
    ]
    response = upload(client_for("program_manager"), csv_file(personas, rows))
    assert response.status_code == 400
    errors = response.context["parsed"].row_errors
    assert len(errors) == 1 and errors[0][0] == 3 and message in errors[0][1]
    assert not ImportBatch.objects.exists() and not LegalEvent.objects.exists()


def test_missing_column_is_reported(personas, client_for):
    header = "source_id,participant_id,event_type,agency\n"
    pid = personas.participant.pk
    response = upload(
        client_for("program_manager"),
        csv_file(personas, [f"KC-1,{pid},arrest,Test Police"], header=header),
    )
    assert response.status_code == 400
    assert "Missing column(s): date." in response.content.decode()
    assert not LegalEvent.objects.exists()


def test_wrong_encoding_is_reported_by_row(personas, client_for):
    pid = personas.participant.pk
    rows = [
        f"KC-1,{pid},arrest,2026-01-05,Test Police,C-1,,,,",
        f"KC-2,{pid},arrest,2026-01-05,Test Police,C-2,Caf\u00e9 trespass,,,",
    ]
    response = upload(client_for("program_manager"), csv_file(personas, rows, encoding="cp1252"))
    assert response.status_code == 400
    errors = response.context["parsed"].row_errors
    assert errors[0][0] == 3 and "wrong encoding" in errors[0][1]
    assert not LegalEvent.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("events.xlsx", b"PK\x03\x04 spreadsheet"),
        ("events.csv", b"PK\x03\x04\x14\x00 really a spreadsheet"),
        ("scan.csv", b"%PDF-1.4 binary"),
    ],
)
def test_not_csv_is_refused_with_a_clear_message(personas, client_for, name, content):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = upload(client_for("program_manager"), file)
    assert response.status_code == 400
    assert "This is not a CSV file" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_import_is_all_or_nothing_when_a_row_fails_at_commit(personas, client_for):
    client = client_for("program_manager")
    upload(client, csv_file(personas))
    batch = ImportBatch.objects.get()
    # A row that became invalid between preview and commit fails the whole file.
    batch.rows[2]["event_type"] = "no_such_type"
    batch.save(update_fields=["rows"])
    client.post(reverse("coordination:import_preview", args=[batch.pk]))
    assert not LegalEvent.objects.exists()
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW


def test_a_record_purged_after_the_preview_gets_no_events(personas, client_for):
    client = client_for("program_manager")
    upload(client, csv_file(personas))
    batch = ImportBatch.objects.get()
    # Stands for a retention purge that finished between the preview and the commit.
    Participant.objects.filter(pk=personas.participant.pk).update(purged_at=timezone.now())
    client.post(reverse("coordination:import_preview", args=[batch.pk]))
    assert not LegalEvent.objects.exists()
    batch.refresh_from_db()
    assert (batch.state, batch.imported_count) == (ImportBatch.State.COMMITTED, 0)


def test_officer_cannot_import(personas, client_for):
    assert upload(client_for("officer"), csv_file(personas)).status_code == 403


def test_import_preview_query_count(personas, client_for, django_assert_num_queries):
    client = client_for("program_manager")
    upload(client, csv_file(personas))
    url = reverse("coordination:import_preview", args=[ImportBatch.objects.get().pk])
    # session + batch
    with django_assert_num_queries(5 + 1):
        client.get(url)


@pytest.mark.parametrize("extra", [0, 5])
def test_import_upload_page_query_count(personas, client_for, django_assert_num_queries, extra):
    for _ in range(extra):
        ImportBatch.objects.create(uploaded_by=personas.program_manager, filename="x.csv")
    client = client_for("program_manager")
    # session + recent imports with their uploaders
    with django_assert_num_queries(5 + 1):
        client.get(reverse("coordination:import_upload"))
