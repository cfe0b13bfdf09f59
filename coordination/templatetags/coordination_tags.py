from django import template

register = template.Library()


@register.filter
def duration_hours(value) -> str:
    """A timedelta as hours and minutes, e.g. "26 h 05 min"."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"
