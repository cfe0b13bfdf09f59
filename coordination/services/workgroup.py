from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coordination.models import ActionItem, AgendaItem, Meeting
from coordination.selectors.agenda import agenda_lines, previous_meeting
from lead import audit


@transaction.atomic
def meeting_schedule(*, scheduled_by, scheduled_for, area: str, attendees) -> Meeting:
    meeting = Meeting.objects.create(
        scheduled_for=scheduled_for, area=area.strip(), created_by=scheduled_by
    )
    meeting.attendees.set(attendees)
    audit.record(actor=scheduled_by, action="meeting.schedule", obj=meeting)
    return meeting


@transaction.atomic
def agenda_generate(*, meeting: Meeting, generated_by) -> Meeting:
    """Build the agenda from the data. Refused once the meeting has recorded anything."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    items = AgendaItem.objects.filter(meeting=locked)
    if items.exclude(notes="", decision="").exists() or locked.action_items.exists():
        raise ValidationError("Notes or action items are recorded: the agenda is kept as it is.")
    items.delete()
    previous = previous_meeting(locked)
    now = timezone.now()
    since = previous.scheduled_for if previous else None
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=locked, position=n, **line)
        for n, line in enumerate(agenda_lines(since=since, now=now))
    )
    locked.covers_since = since
    locked.agenda_generated_at = now
    locked.save(update_fields=["covers_since", "agenda_generated_at"])
    audit.record(actor=generated_by, action="meeting.agenda_generate", obj=locked)
    return locked


@transaction.atomic
def agenda_item_record(
    *, item: AgendaItem, recorded_by, notes: str, decision: str, version: int
) -> AgendaItem:
    """Save notes and a decision. A stale version (someone else saved first) is refused."""
    updated = AgendaItem.objects.filter(pk=item.pk, version=version).update(
        notes=notes.strip(), decision=decision.strip(), version=version + 1
    )
    if not updated:
        raise ValidationError("Someone else saved this item first. Reload to see their notes.")
    item.refresh_from_db()
    audit.record(actor=recorded_by, action="agenda_item.record", obj=item)
    return item


@transaction.atomic
def action_item_create(
    *,
    meeting: Meeting,
    created_by,
    description: str,
    owner,
    due_on,
    agenda_item: AgendaItem | None = None,
    submission_token=None,
) -> ActionItem:
    if submission_token is not None:
        already = ActionItem.objects.filter(submission_token=submission_token).first()
        if already is not None:
            return already
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("That agenda item belongs to another meeting.")
    item = ActionItem(
        meeting=meeting,
        agenda_item=agenda_item,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        created_by=created_by,
        submission_token=submission_token,
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        return ActionItem.objects.get(submission_token=submission_token)
    audit.record(actor=created_by, action="action_item.create", obj=item)
    return item


@transaction.atomic
def action_item_done(*, item: ActionItem, done_by) -> ActionItem:
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if locked.done_at is None:
        locked.done_at = timezone.now()
        locked.save(update_fields=["done_at"])
        audit.record(actor=done_by, action="action_item.done", obj=locked)
    return locked
