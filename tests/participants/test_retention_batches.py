"""Retention purges in bounded batches, a fixed query cost per record, and merges of purged
records that cannot be undone.

The records here exit in 2018; with the default period of 7 years they are due in 2026.
"""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import services as casework_services
from casework.choices import ContactMode, Domain, LocationType, StepOwner
from coordination.models import ImportBatch, LegalEvent
from participants import selectors
from participants.models import MergeRecord, Participant, RetentionPurge
from participants.services import (
    UNDO_PURGED_MESSAGE,
    alias_add,
    consent_create,
    participant_change_status,
    participant_create,
    participant_merge,
    participant_merge_undo,
    retention_purge,
)
from tests.lead.test_pages import SESSION
from tests.participants.helpers import upload
from tests.participants.test_retention import ENROLLED, _aware, _travel
from tests.referrals.factories import ReferralFactory

PURGE_DAY = _aware(2026, 3, 1, 12)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _exited(personas, name: str, exited_on: date) -> Participant:
    with _travel(ENROLLED):
        person = participant_create(
            created_by=personas.supervisor,
            agency=personas.provider,
            first_name=name,
            last_name="Example",
        )
    with _travel(_aware(exited_on.year, exited_on.month, exited_on.day, 12)):
        participant_change_status(
            participant=person,
            changed_by=personas.supervisor,
            status="exited",
            reason="Moved away",
        )
    return person


@pytest.fixture
def five(personas):
    """Five records due, made in an order unlike their exits: oldest exit is Ada's."""
    exits = {
        "Cyd": date(2018, 3, 1),
        "Ada": date(2018, 1, 1),
        "Eve": date(2018, 5, 1),
        "Bea": date(2018, 2, 1),
        "Dot": date(2018, 4, 1),
    }
    made = {name: _exited(personas, name, day) for name, day in exits.items()}
    return [made[name] for name in ("Ada", "Bea", "Cyd", "Dot", "Eve")]


@pytest.fixture
def batch_of_two(monkeypatch):
    monkeypatch.setattr(selectors, "PURGE_BATCH_SIZE", 2)


def _purged() -> set[int]:
    return set(Participant.objects.filter(purged_at__isnull=False).values_list("pk", flat=True))


def _ids(records) -> str:
    return ",".join(str(p.pk) for p in records)


def _confirm(client, page):
    form = page.context["form"]
    return {
        "confirm": "on",
        "participant_ids": form.initial["participant_ids"],
        "token": str(form.initial["token"]),
    }


# Batches


def test_batches_purge_the_oldest_first_and_say_what_is_left(client_for, five, batch_of_two):
    ada, bea, cyd, dot, eve = five
    client = client_for("program_manager")
    url = reverse("participants:retention")
    with _travel(PURGE_DAY):
        page = client.get(url)
        assert page.context["batch"] == [ada, bea]
        assert (page.context["due_count"], page.context["later_count"]) == (5, 3)
        assert b'id="due-count"><strong>5</strong> records due' in page.content
        assert b"the other 3 come in the next batches" in page.content
        assert b"Purge these 2 records" in page.content
        first = _confirm(client, page)
        assert first["participant_ids"] == _ids([ada, bea])

        after_first = client.post(url, first, follow=True)
        assert _purged() == {ada.pk, bea.pk}
        assert "Purged 2 records. 3 are still due — confirm the next batch." in (
            after_first.content.decode()
        )
        # The page is ready for the next batch, and lists exactly what it covers.
        assert after_first.context["batch"] == [cyd, dot]
        assert b'id="due-count"><strong>3</strong> records due' in after_first.content
        second = _confirm(client, after_first)
        assert second["participant_ids"] == _ids([cyd, dot])
        assert second["token"] != first["token"]

        after_second = client.post(url, second, follow=True)
        assert _purged() == {ada.pk, bea.pk, cyd.pk, dot.pk}
        assert "Purged 2 records. 1 is still due — confirm the next batch." in (
            after_second.content.decode()
        )
        assert after_second.context["batch"] == [eve]
        assert b"Purge 1 record<" in after_second.content
        assert b'id="batch-note"' not in after_second.content

        # The first confirmation sent again (a reload, a double click) purges nothing more.
        repeated = client.post(url, first, follow=True)
        assert _purged() == {ada.pk, bea.pk, cyd.pk, dot.pk}
        assert (
            "already carried out: 2 records were purged then. Nothing more was purged. "
            "1 is still due — confirm the next batch."
        ) in repeated.content.decode()

        last = client.post(url, _confirm(client, after_second), follow=True)
    assert "Purged 1 record. No more records are due." in last.content.decode()
    assert _purged() == {p.pk for p in five}
    assert list(RetentionPurge.objects.order_by("pk").values_list("purged_count", flat=True)) == [
        2,
        2,
        1,
    ]


def test_the_service_purges_at_most_one_batch_of_the_listed_records(personas, five, batch_of_two):
    ada, bea, cyd, dot, eve = five
    with _travel(PURGE_DAY):
        # A list longer than a batch (a page from before the cap, or a hand-made post): only
        # the oldest of the listed records are purged.
        result = retention_purge(
            purged_by=personas.program_manager,
            participant_ids=[eve.pk, dot.pk, bea.pk],
            token=uuid.uuid4(),
        )
    assert (result.purged, result.remaining) == (2, 3)
    assert _purged() == {bea.pk, dot.pk}
    assert result.batch.participant_ids == [bea.pk, dot.pk]


def test_a_batch_includes_records_merged_into_its_records(personas, five, batch_of_two):
    ada = five[0]
    with _travel(ENROLLED):
        twin = participant_create(
            created_by=personas.supervisor,
            agency=personas.provider,
            first_name="Ada",
            last_name="Exampel",
        )
    Participant.objects.filter(pk=twin.pk).update(merged_into=ada)
    with _travel(PURGE_DAY):
        result = retention_purge(
            purged_by=personas.program_manager,
            participant_ids=[p.pk for p in five],
            token=uuid.uuid4(),
        )
    assert result.purged == 3 and result.remaining == 3
    assert _purged() == {ada.pk, five[1].pk, twin.pk}


def test_a_page_with_more_than_a_batch_due_has_a_fixed_query_count(
    client_for, personas, five, batch_of_two, django_assert_num_queries
):
    client = client_for("program_manager")
    url = reverse("participants:retention")
    with _travel(PURGE_DAY):
        client.get(url)
        # the session's five (tests.lead.test_pages.SESSION), then site settings, the batch
        # with their agency (one query), the count of every record due (the batch is full, so
        # there may be more), the unlinked referrals due with their agency (none, so no
        # count), and the recent purges with who made them.
        with django_assert_num_queries(SESSION + 5):
            client.get(url)
        for day in range(1, 4):
            _exited(personas, f"More{day}", date(2018, 6, day))
        with django_assert_num_queries(SESSION + 5):
            page = client.get(url)
    assert page.context["due_count"] == 8


# The cost of a purge per record


def _record_with(personas, name: str, n: int) -> Participant:
    """An exited record with `n` rows of every kind a purge clears or deletes."""
    person = _exited(personas, name, date(2018, 1, 1))
    with _travel(ENROLLED):
        for i in range(n):
            alias_add(participant=person, added_by=personas.supervisor, name=f"{name} alias {i}")
            consent_create(
                participant=person,
                created_by=personas.case_manager_a,
                recipient_agency_types=["police"],
                categories=["participation"],
                purpose=f"Coordination {i}",
                signed_on=ENROLLED.date(),
                expiry_event="program_exit",
                form_scan=upload(),
            )
            goal = casework_services.goal_create(
                participant=person,
                created_by=personas.case_manager_a,
                text=f"Goal {i}",
                domain=Domain.HOUSING,
                token=uuid.uuid4(),
            )
            casework_services.step_create(
                goal=goal,
                created_by=personas.case_manager_a,
                text=f"Step {i}",
                owner=StepOwner.PARTNER,
                partner_name="Housing partner",
                token=uuid.uuid4(),
            )
            casework_services.progress_note_add(
                goal=goal,
                author=personas.case_manager_a,
                noted_on=ENROLLED.date(),
                text=f"Progress {i}",
                token=uuid.uuid4(),
            )
            for _ in range(3):
                contact = casework_services.contact_log(
                    participant=person,
                    logged_by=personas.case_manager_a,
                    token=uuid.uuid4(),
                    occurred_at=ENROLLED,
                    mode=ContactMode.IN_PERSON,
                    location_type=LocationType.STREET,
                    duration_minutes=20,
                    substantive=True,
                    domains=[Domain.HOUSING],
                    goals=[goal],
                    note=f"Contact note {i}",
                )
            casework_services.contact_void(
                contact=contact, voided_by=personas.case_manager_a, reason="Wrong person"
            )
            LegalEvent.objects.create(
                participant=person,
                event_type="arrest",
                occurred_on=date(2017, 5, 1),
                agency=personas.police,
                case_number=f"Case {i}",
                created_by=personas.officer,
            )
            ReferralFactory(
                referred_by=personas.officer,
                first_name=name,
                last_name="Example",
                participant=person,
                decision="approved",
            )
            ImportBatch.objects.create(
                uploaded_by=personas.program_manager,
                filename=f"events-{i}.csv",
                rows=[{"participant_id": person.pk, "source_id": f"{name}{i}"}],
                new_count=1,
            )
    return person


def _purge_queries(personas, person) -> int:
    with _travel(PURGE_DAY), CaptureQueriesContext(connection) as queries:
        result = retention_purge(
            purged_by=personas.program_manager, participant_ids=[person.pk], token=uuid.uuid4()
        )
    assert result.purged == 1
    return len(queries)


def test_a_purge_costs_the_same_queries_however_many_rows_a_record_has(personas, media):
    few = _record_with(personas, "Few", 1)
    many = _record_with(personas, "Many", 4)
    assert few.contacts.count() == 3 and many.contacts.count() == 12
    # 12 per batch: site settings; the savepoint of the purge and its release; the token
    # check; the batch chosen and locked; the records merged into it; the batch row inside
    # its own savepoint (3); the batch's audit row; the counts of records and of unlinked
    # referrals still due (no referral was listed, so none is chosen or locked).
    # 46 per record: the record cleared; for each kind of linked row one query for its ids
    # and one update or delete when there are any (aliases, episodes, care team, releases and
    # their scans, assessment, merges, referrals, plan, goals, steps, progress notes, plan
    # reviews, contacts and the voided ones, check-ins, legal events, consultations), one
    # update each for status changes, filing flags, agenda items, action items, previewed
    # uploads and inbox notes; one delete of history for each of the 11 kinds of tracked row
    # these records have; the record's audit row. Rows are changed in bulk, never one by one.
    # 5 for discarding the report snapshots: their savepoint and its release, the lock, the
    # delete and its audit row.
    assert _purge_queries(personas, few) == _purge_queries(personas, many) == 12 + 46 + 5


def test_a_purge_keeps_the_other_rows_of_a_previewed_upload(personas):
    person = _exited(personas, "Ada", date(2018, 1, 1))
    other = {"participant_id": personas.participant.pk, "source_id": "B1"}
    mine = {"participant_id": person.pk, "source_id": "A1"}
    preview = ImportBatch.objects.create(
        uploaded_by=personas.program_manager,
        filename="events.csv",
        rows=[other, mine, other | {"source_id": "B2"}],
        new_count=3,
    )
    committed = ImportBatch.objects.create(
        uploaded_by=personas.program_manager,
        filename="done.csv",
        rows=[mine],
        new_count=1,
        state=ImportBatch.State.COMMITTED,
    )
    with _travel(PURGE_DAY):
        retention_purge(
            purged_by=personas.program_manager, participant_ids=[person.pk], token=uuid.uuid4()
        )
    preview.refresh_from_db()
    assert preview.rows == [other, other | {"source_id": "B2"}] and preview.new_count == 2
    committed.refresh_from_db()
    assert committed.rows == [mine]


# A merge of a purged record stays


@pytest.fixture
def merged_then_purged(personas):
    """Ada's duplicate record was merged into hers; then her record was purged with it."""
    with _travel(ENROLLED):
        ada, twin = (
            participant_create(
                created_by=personas.supervisor,
                agency=personas.provider,
                first_name="Ada",
                last_name=last_name,
            )
            for last_name in ("Example", "Exampel")
        )
        record = participant_merge(
            survivor=ada, merged=twin, merged_by=personas.supervisor, reason="Same person"
        )
    with _travel(_aware(2018, 1, 1, 12)):
        participant_change_status(
            participant=ada, changed_by=personas.supervisor, status="exited", reason="Moved"
        )
    with _travel(PURGE_DAY):
        result = retention_purge(
            purged_by=personas.program_manager, participant_ids=[ada.pk], token=uuid.uuid4()
        )
    assert result.purged == 2
    return record


def test_a_merge_of_a_purged_record_cannot_be_undone(personas, merged_then_purged):
    record = merged_then_purged
    with pytest.raises(ValidationError) as error:
        participant_merge_undo(record=record, undone_by=personas.supervisor)
    assert error.value.messages == [UNDO_PURGED_MESSAGE]
    record.refresh_from_db()
    assert not record.is_undone
    assert Participant.objects.get(pk=record.merged_id).merged_into_id == record.survivor_id


def test_the_merge_page_says_a_purged_merge_cannot_be_undone(client_for, merged_then_purged):
    record = merged_then_purged
    client = client_for("supervisor")
    page = client.get(reverse("participants:merge_record", args=[record.pk]))
    assert page.status_code == 200
    assert b'id="undo-refused"' in page.content
    assert UNDO_PURGED_MESSAGE.encode() in page.content
    undo_url = reverse("participants:merge_undo", args=[record.pk])
    assert undo_url.encode() not in page.content
    # A post from a page loaded before the purge is refused with the same words.
    refused = client.post(undo_url, follow=True)
    assert refused.status_code == 200
    assert [str(m) for m in refused.context["messages"]] == [UNDO_PURGED_MESSAGE]
    record.refresh_from_db()
    assert not record.is_undone


def test_the_merge_page_offers_undo_while_no_record_is_purged(client_for, personas):
    with _travel(ENROLLED):
        twin = participant_create(
            created_by=personas.supervisor,
            agency=personas.provider,
            first_name="Pat",
            last_name="Exampel",
        )
        record = participant_merge(
            survivor=personas.participant,
            merged=twin,
            merged_by=personas.supervisor,
            reason="Same person",
        )
    page = client_for("supervisor").get(reverse("participants:merge_record", args=[record.pk]))
    assert reverse("participants:merge_undo", args=[record.pk]).encode() in page.content
    assert b'id="undo-refused"' not in page.content


def test_a_purged_record_cannot_be_merged(personas):
    ada = _exited(personas, "Ada", date(2018, 1, 1))
    with _travel(PURGE_DAY):
        retention_purge(
            purged_by=personas.program_manager, participant_ids=[ada.pk], token=uuid.uuid4()
        )
    with pytest.raises(ValidationError, match="purged under the retention policy"):
        participant_merge(
            survivor=personas.participant,
            merged=ada,
            merged_by=personas.supervisor,
            reason="Same person",
        )
    assert not MergeRecord.objects.exists()
