"""Per-person limits on the pages that could copy participants' records in bulk.

Searching for people, the partner lookup and CSV downloads each allow a number of requests per
signed-in person per time window (settings RATE_LIMIT_SEARCH, _LOOKUP and _EXPORT, e.g.
"60/m"). django-ratelimit counts them in the PostgreSQL counter cache
(`lead.ratelimit_cache`); past the limit it raises `Ratelimited`, which `RateLimitMiddleware`
turns into the 429 page with a Retry-After header and an audit row.
"""

import math
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core import checks
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from lead import audit
from lead.models import AuditOutcome


@dataclass(frozen=True)
class Limit:
    setting: str
    # Completes "You have made more ... than one person may".
    requests: str


SEARCH = "search"
LOOKUP = "lookup"
EXPORT = "export"
LIMITS = {
    SEARCH: Limit("RATE_LIMIT_SEARCH", "searches for people"),
    LOOKUP: Limit("RATE_LIMIT_LOOKUP", "partner look-ups"),
    EXPORT: Limit("RATE_LIMIT_EXPORT", "downloads"),
}
KEY = "user"  # the signed-in person; the limited pages all require sign-in
RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_for(group: str, request=None) -> str:
    return getattr(settings, LIMITS[group].setting)


def limited(group: str, *, method=ALL):
    """Counts the view's requests (those with `method`, default all) against the group's
    limit; past it the view does not run and the person gets the 429 page."""

    def decorator(view):
        counted = ratelimit(group=group, key=KEY, rate=rate_for, method=method)(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.rate_limit = (group, method)
            return counted(request, *args, **kwargs)

        return wrapped

    return decorator


def window_seconds(rate: str) -> int:
    count, multiple, unit = RATE.match(rate).groups()
    return int(multiple or 1) * UNIT_SECONDS[unit]


def describe(rate: str) -> str:
    """ "60/m" -> "60 a minute", "20/h" -> "20 an hour", "5/10m" -> "5 per 10 minutes"."""
    count, multiple, unit = RATE.match(rate).groups()
    name = {"s": "second", "m": "minute", "h": "hour", "d": "day"}[unit]
    if int(multiple or 1) == 1:
        return f"{count} {'an' if unit == 'h' else 'a'} {name}"
    return f"{count} per {multiple} {name}s"


def wait_text(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def too_many_requests(request):
    """The 429 page. It names the kind of limit and when to come back, never what was asked."""
    group, method = getattr(request, "rate_limit", (None, ALL))
    limit = LIMITS.get(group)
    retry_after = 60
    if limit is not None:
        rate = rate_for(group)
        usage = get_usage(request, group=group, key=KEY, rate=rate, method=method)
        # The window still counts in its last second, hence the +1.
        left = usage["time_left"] if usage else -1
        retry_after = left + 1 if left >= 0 else window_seconds(rate)
    match = request.resolver_match
    audit.record(
        actor=request.user,
        action="ratelimit.exceeded",
        object_type="view",
        object_id=(match.view_name if match else "")[:40],
        outcome=AuditOutcome.DENIED,
    )
    context = {
        "requests": limit.requests if limit else "requests of this kind",
        "allowed": describe(rate_for(group)) if limit else "",
        "wait": wait_text(retry_after),
        "retry_at": timezone.localtime() + timedelta(seconds=retry_after),
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    if getattr(request, "htmx", False):
        # Searches are sent by htmx: show the notice in place of the page's content
        # (base.html's htmx-config lets htmx swap a 429).
        response["HX-Retarget"] = "#main"
        response["HX-Reswap"] = "innerHTML"
        response["HX-Reselect"] = "#rate-limit"
    return response


class RateLimitMiddleware:
    """Answers django-ratelimit's `Ratelimited` (a PermissionDenied) with 429, not 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Ratelimited):
            return too_many_requests(request)
        return None


@checks.register(checks.Tags.security)
def check_rate_settings(app_configs, **kwargs):
    return [
        checks.Error(
            f"{limit.setting} = {getattr(settings, limit.setting)!r} is not a rate.",
            hint='Write requests per period, e.g. "60/m", "20/h" or "5/10m" (s, m, h, d).',
            id="lead.E001",
        )
        for limit in LIMITS.values()
        if not RATE.match(str(getattr(settings, limit.setting, "")))
    ]
