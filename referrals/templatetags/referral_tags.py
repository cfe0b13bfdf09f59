from django import template
from django.utils import timezone
from django.utils.html import format_html

from referrals.status import DeadlineState

register = template.Library()

OUTCOME_COLOURS = {
    "submitted": "secondary",
    "approved": "primary",
    "waitlisted": "info",
    "declined": "dark",
    "intake_pending": "warning",
    "intake_complete": "success",
    "deadline_missed": "danger",
    "person_declined": "dark",
}


@register.simple_tag
def outcome_badge(referral):
    status = referral.status
    colour = OUTCOME_COLOURS[status]
    text = " text-dark" if colour in ("warning", "info") else ""
    return format_html('<span class="badge text-bg-{}{}">{}</span>', colour, text, status.label)


@register.simple_tag
def countdown(referral):
    """The intake clock of an arrest diversion: days left, or what its end means."""
    state = referral.deadline_status
    if state == DeadlineState.NONE:
        return ""
    if state == DeadlineState.COMPLETE:
        return format_html('<span class="badge text-bg-success">{}</span>', state.label)
    if state == DeadlineState.MISSED:
        return format_html('<span class="badge text-bg-danger">{}</span>', state.label)
    days = referral.days_left
    level = referral.countdown_level
    text = " text-dark" if level == "warning" else ""
    words = "due today" if days <= 0 else f"{days} day{'s' if days != 1 else ''} left"
    return format_html(
        '<span class="badge text-bg-{}{}" title="Intake deadline {}">Intake: {}</span>',
        level,
        text,
        f"{timezone.localtime(referral.deadline):%Y-%m-%d %H:%M}",
        words,
    )
