"""Merging a duplicate record into the one that survives, and undoing it.

Every row of every model with a foreign key to Participant moves, whichever app wrote it
(referrals, contacts, plans, legal events...). The relations are found at run time from
Participant._meta.related_objects, so an app added later is covered without touching this
module. History rows (pghistory events) stay as they were: they record the past.
"""

import pghistory.models
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lead import audit
from participants.models import (
    CareTeamMember,
    Episode,
    MergeRecord,
    NotDuplicate,
    Participant,
)

MERGE_CLOSE_REASON = "Merged into another record"
UNDO_PURGED_MESSAGE = (
    "This merge can no longer be undone: the record was purged under the retention policy."
)


def movable_relations():
    """(model, field name) for every foreign key to Participant whose rows a merge moves."""
    relations = []
    for rel in Participant._meta.related_objects:
        model = rel.related_model
        # One-to-one rows (a plan, say) move too; when the survivor already has its own, the
        # uniqueness rule keeps the row with the merged record and the merge record says so.
        if rel.many_to_many:
            continue
        if issubclass(model, pghistory.models.Event) or model in (MergeRecord, NotDuplicate):
            continue
        relations.append((model, rel.field.name))
    return relations


@transaction.atomic
def participant_merge(*, survivor, merged, merged_by, reason: str) -> MergeRecord:
    if not reason.strip():
        raise ValidationError({"reason": "Say why these are the same person."})
    if survivor.pk == merged.pk:
        raise ValidationError("Choose two different records.")
    # Lock both in id order so two merges of the same pair cannot interleave.
    locked = {
        p.pk: p
        for p in Participant.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])
    }
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    if survivor.merged_into_id or merged.merged_into_id:
        raise ValidationError("One of these records was already merged.")
    if survivor.is_purged or merged.is_purged:
        raise ValidationError("A record purged under the retention policy cannot be merged.")

    closed = _close_extra_open_episode(survivor, merged)
    moved, kept, demoted = [], [], []
    for model, field in movable_relations():
        rows = model._base_manager.filter(**{field: merged})
        if model is CareTeamMember:
            # The survivor's own team and primary stay; the others join as team members.
            on_team = CareTeamMember.objects.filter(participant=survivor).values("user_id")
            kept += _refs(model, field, rows.filter(user_id__in=on_team))
            rows = rows.exclude(user_id__in=on_team)
            demoted = list(rows.filter(is_primary=True).values_list("pk", flat=True))
            rows.filter(pk__in=demoted).update(is_primary=False)
        moved_here, kept_here = _move(model, field, rows, survivor)
        moved += moved_here
        kept += kept_here

    merged.merged_into = survivor
    merged.save(update_fields=["merged_into", "updated_at"])
    record = MergeRecord.objects.create(
        survivor=survivor,
        merged=merged,
        reason=reason.strip(),
        merged_by=merged_by,
        moved_rows=moved,
        kept_rows=kept,
        closed_episode_ids=closed,
        demoted_primary_ids=demoted,
    )
    for participant in (survivor, merged):
        audit.record(
            actor=merged_by, action="participant.merge", obj=record, participant_id=participant.pk
        )
    return record


def _close_extra_open_episode(survivor, merged) -> list[int]:
    if not Episode.objects.filter(participant=survivor, closed_at__isnull=True).exists():
        return []
    extra = list(
        Episode.objects.filter(participant=merged, closed_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    Episode.objects.filter(pk__in=extra).update(
        closed_at=timezone.now(), close_reason=MERGE_CLOSE_REASON
    )
    return extra


def _refs(model, field, rows) -> list[dict]:
    return [
        {"model": model._meta.label_lower, "pk": pk, "field": field}
        for pk in rows.values_list("pk", flat=True)
    ]


def _move(model, field, rows, survivor):
    refs = _refs(model, field, rows)
    if not refs:
        return [], []
    try:
        with transaction.atomic():
            model._base_manager.filter(pk__in=[r["pk"] for r in refs]).update(**{field: survivor})
        return refs, []
    except IntegrityError:
        pass
    # Some row clashes with a uniqueness rule on the survivor: move the rest one by one.
    moved, kept = [], []
    for ref in refs:
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=ref["pk"]).update(**{field: survivor})
            moved.append(ref)
        except IntegrityError:
            kept.append(ref)
    return moved, kept


@transaction.atomic
def participant_merge_undo(*, record, undone_by) -> MergeRecord:
    record = MergeRecord.objects.select_for_update().get(pk=record.pk)
    if record.undone_at is not None:
        raise ValidationError("This merge was already undone.")
    pair = Participant.objects.select_for_update().filter(
        pk__in=[record.survivor_id, record.merged_id]
    )
    locked = {p.pk: p for p in pair.order_by("pk")}
    merged = locked[record.merged_id]
    if any(p.is_purged for p in locked.values()):
        # The purge cleared both records as one person; splitting them would bring back a
        # record with nothing of its own and no way to tell the two apart.
        raise ValidationError(UNDO_PURGED_MESSAGE)
    for ref in record.moved_rows:
        model = apps.get_model(ref["model"])
        model._base_manager.filter(pk=ref["pk"], **{ref["field"]: record.survivor_id}).update(
            **{ref["field"]: merged.pk}
        )
    CareTeamMember.objects.filter(pk__in=record.demoted_primary_ids).update(is_primary=True)
    Episode.objects.filter(
        pk__in=record.closed_episode_ids, close_reason=MERGE_CLOSE_REASON
    ).update(closed_at=None, close_reason="")
    merged.merged_into = None
    merged.save(update_fields=["merged_into", "updated_at"])
    record.undone_at = timezone.now()
    record.undone_by = undone_by
    record.save(update_fields=["undone_at", "undone_by"])
    for participant_id in (record.survivor_id, record.merged_id):
        audit.record(
            actor=undone_by,
            action="participant.merge_undo",
            obj=record,
            participant_id=participant_id,
        )
    return record


@transaction.atomic
def not_duplicate_mark(*, first, second, decided_by) -> NotDuplicate:
    low, high = sorted([first.pk, second.pk])
    mark, _ = NotDuplicate.objects.get_or_create(
        first_id=low, second_id=high, defaults={"decided_by": decided_by}
    )
    audit.record(actor=decided_by, action="participant.not_duplicate", obj=mark, participant_id=low)
    audit.record(
        actor=decided_by, action="participant.not_duplicate", obj=mark, participant_id=high
    )
    return mark
