from django import template
from django.utils.html import format_html

from participants.selectors import primary_case_manager as _primary_case_manager

register = template.Library()

STATUS_COLOURS = {
    "intake_pending": "warning",
    "active": "success",
    "inactive": "secondary",
    "in_the_wind": "info",
    "exited": "dark",
}


@register.simple_tag
def status_badge(value, label):
    colour = STATUS_COLOURS.get(value, "secondary")
    text = " text-dark" if colour in ("warning", "info") else ""
    return format_html('<span class="badge text-bg-{}{}">{}</span>', colour, text, label)


@register.filter
def primary_case_manager(participant):
    return _primary_case_manager(participant)
