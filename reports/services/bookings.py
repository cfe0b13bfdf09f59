"""Importing booked arrests that were eligible for diversion, by the legal-event import's rules:
check every row, preview, then write all rows or none; a source_id already imported adds
nothing."""

import csv
import io
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lead import audit
from lead.access import Action, check
from lead.csv_upload import (
    MAX_BYTES,
    MAX_ROWS,
    ParsedFile,
    decode_csv_upload,
    parse_date,
)
from lead.models import Agency
from participants.models import RaceEthnicity
from reports.models import BookingImportBatch, BookingRecord
from reports.selectors.common import MULTIPLE, NOT_RECORDED

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "booking_csv_parse",
    "booking_batch_create",
    "booking_batch_commit",
]

REQUIRED_COLUMNS = ("source_id", "date", "race_ethnicity")
OPTIONAL_COLUMNS = ("agency", "area", "offence")
RACE_CODES = {*RaceEthnicity.values, MULTIPLE, NOT_RECORDED}
RACE_ALIASES = {label.lower(): code for code, label in RaceEthnicity.choices} | {
    "": NOT_RECORDED,
    "unknown": NOT_RECORDED,
    "not recorded": NOT_RECORDED,
    "more than one": MULTIPLE,
    "multiracial": MULTIPLE,
}


# A booking file checks out exactly like a legal-event file: rows, per-row errors, file error.
ParsedBookings = ParsedFile


def _race(value: str) -> str | None:
    wanted = value.strip().lower()
    if wanted in RACE_CODES:
        return wanted
    return RACE_ALIASES.get(wanted)


def booking_csv_parse(*, content: bytes, filename: str) -> ParsedBookings:
    """Check a whole file. Nothing is written; the result says exactly what is wrong, by row."""
    result = ParsedBookings()
    text = decode_csv_upload(content=content, filename=filename, result=result)
    if text is None:
        return result
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        lines = list(reader)
    except csv.Error as error:
        result.file_error = f"This file cannot be read as CSV: {error}."
        return result
    if not lines:
        result.file_error = "The file is empty."
        return result
    header = [h.strip().lower() for h in lines[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        result.file_error = "Missing column(s): " + ", ".join(missing) + "."
        return result
    body = lines[1:]
    if not body:
        result.file_error = "The file has a header but no rows."
        return result
    if len(body) > MAX_ROWS:
        result.file_error = f"The file has {len(body)} rows; the limit is {MAX_ROWS}."
        return result
    _check_rows(header, body, result)
    return result


def _check_rows(header: list[str], body: list[list[str]], result: ParsedBookings) -> None:
    agencies = {name.lower(): pk for pk, name in Agency.objects.values_list("pk", "name")}
    position = {name: i for i, name in enumerate(header)}
    rows = []
    for values in body:
        row = {name: (values[i].strip() if i < len(values) else "") for name, i in position.items()}
        row["_extra"] = len(values) > len(header)
        rows.append(row)
    already = set(
        BookingRecord.objects.filter(source_id__in=[r["source_id"] for r in rows]).values_list(
            "source_id", flat=True
        )
    )
    seen = set()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        problems = []
        if row["_extra"]:
            problems.append("more values than columns")
        source_id = row["source_id"]
        if not source_id:
            problems.append("source_id is empty")
        elif len(source_id) > 100:
            problems.append("source_id is longer than 100 characters")
        elif source_id in seen:
            problems.append(f"source_id {source_id} appears twice in the file")
        seen.add(source_id)
        booked_on = parse_date(row["date"])
        if booked_on is None:
            problems.append(f"bad date {row['date']!r} (use YYYY-MM-DD)")
        elif booked_on > timezone.localdate():
            problems.append(f"date {row['date']} is in the future")
        race = _race(row["race_ethnicity"])
        if race is None:
            problems.append(f"unknown race_ethnicity {row['race_ethnicity']!r}")
        agency_id = None
        if row.get("agency"):
            agency_id = agencies.get(row["agency"].lower())
            if agency_id is None:
                problems.append(f"unknown agency {row['agency']!r}")
        if problems:
            result.row_errors.append((number, "; ".join(problems)))
            continue
        if source_id in already:
            result.duplicate_count += 1
            continue
        result.rows.append(
            {
                "source_id": source_id,
                "booked_on": booked_on.isoformat(),
                "race_ethnicity": race,
                "agency_id": agency_id,
                "area": row.get("area", "")[:100],
                "offence": row.get("offence", "")[:200],
            }
        )


@transaction.atomic
def booking_batch_create(*, uploaded_by, parsed: ParsedBookings, filename: str):
    check(uploaded_by, Action.IMPORT_BOOKINGS)
    if not parsed.ok:
        raise ValidationError("A file with errors cannot be imported.")
    batch = BookingImportBatch.objects.create(
        uploaded_by=uploaded_by,
        filename=filename[:200],
        rows=parsed.rows,
        row_count=len(parsed.rows) + parsed.duplicate_count,
        new_count=len(parsed.rows),
        duplicate_count=parsed.duplicate_count,
    )
    audit.record(actor=uploaded_by, action="booking_import.preview", obj=batch)
    return batch


@transaction.atomic
def booking_batch_commit(*, batch, committed_by):
    """Write every row of a previewed batch, or none. A row already imported adds nothing."""
    check(committed_by, Action.IMPORT_BOOKINGS)
    locked = BookingImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.state != BookingImportBatch.State.PREVIEW:
        raise ValidationError("This file has already been imported.")
    existing = set(
        BookingRecord.objects.filter(
            source_id__in=[r["source_id"] for r in locked.rows]
        ).values_list("source_id", flat=True)
    )
    new = [
        BookingRecord(
            source_id=r["source_id"],
            booked_on=date.fromisoformat(r["booked_on"]),
            race_ethnicity=r["race_ethnicity"],
            agency_id=r["agency_id"],
            area=r["area"],
            offence=r["offence"],
            batch=locked,
        )
        for r in locked.rows
        if r["source_id"] not in existing
    ]
    BookingRecord.objects.bulk_create(new)
    locked.state = BookingImportBatch.State.COMMITTED
    locked.committed_at = timezone.now()
    locked.imported_count = len(new)
    locked.rows = []
    locked.save(update_fields=["state", "committed_at", "imported_count", "rows"])
    audit.record(actor=committed_by, action="booking_import.commit", obj=locked)
    return locked
