"""Writing the audit trail.

The request's IP and path come from a context variable that AuditContextMiddleware sets, so
services record them without taking the request as an argument.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from lead.models import AuditEvent, AuditOutcome


@dataclass(frozen=True)
class RequestContext:
    ip: str | None
    path: str


_request_context: ContextVar[RequestContext | None] = ContextVar("audit_request", default=None)


def set_request_context(context: RequestContext | None):
    return _request_context.set(context)


def reset_request_context(token) -> None:
    _request_context.reset(token)


def record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str | int = "",
    participant_id: int | None = None,
    outcome: str = AuditOutcome.OK,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    context = _request_context.get()
    authenticated = actor is not None and actor.is_authenticated
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        participant_id=participant_id,
        ip=context.ip if context else None,
        path=context.path[:300] if context else "",
        outcome=outcome,
    )


def record_view(*, actor, action: str, participant_id: int, obj=None) -> AuditEvent:
    """A page or fragment showing a participant's record was rendered for `actor`.

    `action` names the page and `obj` what it showed (default: the participant's record). Only
    ids go in the row, never names or clinical text. Views call this just before rendering, so
    a GET and a POST that shows the form again with its errors are both recorded, while a POST
    that saved and redirects leaves only the write service's own row.
    """
    if obj is None:
        return record(
            actor=actor,
            action=action,
            object_type="participants.participant",
            object_id=participant_id,
            participant_id=participant_id,
        )
    return record(actor=actor, action=action, obj=obj, participant_id=participant_id)
