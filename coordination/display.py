"""How workgroup agendas and titles write moments: as the day in the site's time zone
(settings.TIME_ZONE), the way every page shows dates, never the UTC day they are stored in."""

import math
from datetime import datetime

from django.utils import timezone


def local_day(moment: datetime) -> str:
    return f"{timezone.localdate(moment):%Y-%m-%d}"


def days_left(deadline: datetime, now: datetime) -> str:
    # Whole days rounded up, as the referral pages count them: 2 days and 23 hours is 3.
    days = math.ceil((deadline - now).total_seconds() / 86400)
    if days <= 0:
        return "due now"
    return f"{days} day{'s' if days != 1 else ''} left"
