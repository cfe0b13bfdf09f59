"""Importing legal events from CSV: validate everything, preview, then write all or nothing."""

import csv
import io
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coordination.models import (
    ImportBatch,
    LegalEvent,
    LegalEventSource,
    LegalEventType,
    OffenceLevel,
)
from coordination.services.legal_events import legal_event_record, legal_event_validate
from lead import audit
from lead.csv_upload import MAX_ROWS, ParsedFile, decode_csv_upload, parse_date
from lead.models import Agency
from participants.models import Participant

REQUIRED_COLUMNS = ("source_id", "participant_id", "event_type", "date", "agency")
OPTIONAL_COLUMNS = ("case_number", "offence", "level", "release_date", "notes")


def _event_type(value: str) -> str | None:
    wanted = value.strip().lower()
    for choice_value, label in LegalEventType.choices:
        if wanted in (choice_value, label.lower()):
            return choice_value
    return None


def _level(value: str) -> str | None:
    wanted = value.strip().lower()
    if not wanted:
        return ""
    aliases = {"misdemeanour": OffenceLevel.MISDEMEANOR, "f": "felony", "m": "misdemeanor"}
    wanted = aliases.get(wanted, wanted)
    return wanted if wanted in OffenceLevel.values else None


def legal_event_csv_parse(*, content: bytes, filename: str) -> ParsedFile:
    """Check a whole file. Nothing is written; the result says exactly what is wrong, by row."""
    result = ParsedFile()
    text = decode_csv_upload(content=content, filename=filename, result=result)
    if text is None:
        return result
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        raw_rows = list(reader)
    except csv.Error as error:
        result.file_error = f"This file cannot be read as CSV: {error}."
        return result
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        result.file_error = "Missing column(s): " + ", ".join(missing) + "."
        return result
    if not raw_rows:
        result.file_error = "The file has a header but no rows."
        return result
    if len(raw_rows) > MAX_ROWS:
        result.file_error = f"The file has {len(raw_rows)} rows; the limit is {MAX_ROWS}."
        return result
    reader_keys = reader.fieldnames or []
    rows = [
        {
            key.strip().lower(): (value or "").strip()
            for key, value in zip(reader_keys, raw.values(), strict=False)
            if key is not None
        }
        | {"_extra": raw.get(None)}
        for raw in raw_rows
    ]
    _check_rows(rows, result)
    return result


def _check_rows(rows: list[dict], result: ParsedFile) -> None:
    ids = {r["participant_id"] for r in rows if r["participant_id"].isdigit()}
    known_participants = set(
        Participant.objects.filter(pk__in=[int(i) for i in ids]).values_list("pk", flat=True)
    )
    agencies = {name.lower(): pk for pk, name in Agency.objects.values_list("pk", "name")}
    source_ids = [r["source_id"] for r in rows]
    already = set(
        LegalEvent.objects.filter(source_id__in=source_ids).values_list("source_id", flat=True)
    )
    seen = set()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        problems = []
        if row.pop("_extra"):
            problems.append("more values than columns")
        source_id = row["source_id"]
        if not source_id:
            problems.append("source_id is empty")
        elif source_id in seen:
            problems.append(f"source_id {source_id} appears twice in the file")
        seen.add(source_id)
        pid = row["participant_id"]
        if not pid.isdigit() or int(pid) not in known_participants:
            problems.append(f"unknown participant identifier {pid!r}")
        event_type = _event_type(row["event_type"])
        if event_type is None:
            problems.append(f"unknown event type {row['event_type']!r}")
        occurred_on = parse_date(row["date"])
        if occurred_on is None:
            problems.append(f"bad date {row['date']!r} (use YYYY-MM-DD)")
        release_date = None
        if row.get("release_date"):
            release_date = parse_date(row["release_date"])
            if release_date is None:
                problems.append(f"bad release_date {row['release_date']!r} (use YYYY-MM-DD)")
        agency_id = agencies.get(row["agency"].lower())
        if agency_id is None:
            problems.append(f"unknown agency {row['agency']!r}")
        level = _level(row.get("level", ""))
        if level is None:
            problems.append(f"unknown level {row.get('level')!r} (felony or misdemeanor)")
        if event_type and occurred_on:
            problems += legal_event_validate(
                event_type=event_type, occurred_on=occurred_on, release_date=release_date
            ).values()
        if problems:
            result.row_errors.append((number, "; ".join(problems)))
            continue
        if source_id in already:
            result.duplicate_count += 1
            continue
        result.rows.append(
            {
                "source_id": source_id,
                "participant_id": int(pid),
                "event_type": event_type,
                "occurred_on": occurred_on.isoformat(),
                "agency_id": agency_id,
                "case_number": row.get("case_number", "")[:60],
                "offence": row.get("offence", "")[:200],
                "level": level,
                "release_date": release_date.isoformat() if release_date else None,
                "notes": row.get("notes", ""),
            }
        )


@transaction.atomic
def import_batch_create(*, uploaded_by, parsed: ParsedFile, filename: str) -> ImportBatch:
    if not parsed.ok:
        raise ValidationError("A file with errors cannot be imported.")
    batch = ImportBatch.objects.create(
        uploaded_by=uploaded_by,
        filename=filename[:200],
        rows=parsed.rows,
        row_count=len(parsed.rows) + parsed.duplicate_count,
        new_count=len(parsed.rows),
        duplicate_count=parsed.duplicate_count,
    )
    audit.record(actor=uploaded_by, action="legal_event_import.preview", obj=batch)
    return batch


@transaction.atomic
def import_batch_commit(*, batch: ImportBatch, committed_by) -> ImportBatch:
    """Write every row of a previewed batch, or none. A row already imported adds nothing."""
    named = {r["participant_id"] for r in ImportBatch.objects.get(pk=batch.pk).rows}
    # People first, in id order, then the batch: the order a retention purge takes its locks
    # in. A purge running now is waited for rather than deadlocked with, and a record it
    # purges gets no event (the purge also drops that person's rows from the preview).
    participants = {
        p.pk: p for p in Participant.objects.select_for_update().filter(pk__in=named).order_by("pk")
    }
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.state != ImportBatch.State.PREVIEW:
        raise ValidationError("This file has already been imported.")
    existing = set(
        LegalEvent.objects.filter(source_id__in=[r["source_id"] for r in locked.rows]).values_list(
            "source_id", flat=True
        )
    )
    agencies = Agency.objects.in_bulk({r["agency_id"] for r in locked.rows})
    imported = 0
    for row in locked.rows:
        participant = participants[row["participant_id"]]
        if row["source_id"] in existing or participant.is_purged:
            continue
        legal_event_record(
            recorded_by=committed_by,
            participant=participant,
            event_type=row["event_type"],
            occurred_on=date.fromisoformat(row["occurred_on"]),
            agency=agencies[row["agency_id"]],
            case_number=row["case_number"],
            offence=row["offence"],
            level=row["level"],
            release_date=date.fromisoformat(row["release_date"]) if row["release_date"] else None,
            notes=row["notes"],
            source=LegalEventSource.IMPORTED,
            source_id=row["source_id"],
        )
        imported += 1
    locked.state = ImportBatch.State.COMMITTED
    locked.committed_at = timezone.now()
    locked.imported_count = imported
    locked.rows = []
    locked.save(update_fields=["state", "committed_at", "imported_count", "rows"])
    audit.record(actor=committed_by, action="legal_event_import.commit", obj=locked)
    return locked
