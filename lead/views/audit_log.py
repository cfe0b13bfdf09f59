from datetime import UTC

from django.core.paginator import Paginator
from django.shortcuts import render

from lead import audit, csv_safe
from lead.access import Action, require
from lead.filters import AuditEventFilter
from lead.models import AuditEvent
from lead.ratelimits import EXPORT, limited
from lead.selectors import accounting_of_disclosures


@require(Action.VIEW_AUDIT_LOG)
def audit_log(request):
    # Usernames and participant ids are not clinical, so the filter may travel in the URL.
    event_filter = AuditEventFilter(request.GET or None, queryset=AuditEvent.objects.all())
    events = event_filter.qs if event_filter.is_bound else AuditEvent.objects.all()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "lead/audit_log.html",
        {
            "filter": event_filter,
            "page": page,
            "query": query.urlencode(),
            "participant_id": _filtered_participant(event_filter),
        },
    )


def _filtered_participant(event_filter) -> int | None:
    if not (event_filter.is_bound and event_filter.form.is_valid()):
        return None
    value = event_filter.form.cleaned_data.get("participant")
    return int(value) if value is not None and value == int(value) and value > 0 else None


@require(Action.VIEW_AUDIT_LOG)
@limited(EXPORT)
def disclosure_accounting(request, participant_id):
    """CSV of who saw or changed a participant's record and what partners were shown."""
    rows = accounting_of_disclosures(participant_id)
    audit.record(
        actor=request.user,
        action="audit.export_disclosures",
        object_type="participants.participant",
        object_id=participant_id,
        participant_id=participant_id,
    )
    response, writer = csv_safe.csv_response(f"accounting-of-disclosures-{participant_id}.csv")
    writer.writerow(
        [
            "when (UTC)",
            "user",
            "role",
            "agency",
            "action",
            "object",
            "recipient agency",
            "categories shown",
            "under releases",
            "42 CFR Part 2",
        ]
    )
    for row in rows:
        event, actor = row.event, row.event.actor
        writer.writerow(
            [
                event.occurred_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                event.actor_username or "system",
                actor.get_role_display() if actor else "",
                actor.agency.name if actor else "",
                event.action,
                f"{event.object_type} {event.object_id}".strip(),
                row.recipient_agency,
                "; ".join(row.categories),
                "; ".join(str(pk) for pk in row.consent_ids),
                "" if row.part2 is None else ("yes" if row.part2 else "no"),
            ]
        )
    return response
