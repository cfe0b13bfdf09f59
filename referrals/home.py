"""What the officer's and the prosecutor's home pages show of referrals."""

from lead.models import SiteSettings
from lead.roles import Role
from referrals.selectors import (
    can_review,
    deadline_queue,
    may_file_queue,
    officer_referrals,
    review_queue,
)

HOME_ROWS = 20


def referral_home_context(user) -> dict:
    if user.role == Role.OFFICER:
        return {"referrals": list(officer_referrals(user)[:HOME_ROWS])}
    if user.role == Role.PROSECUTOR:
        reviewer = can_review(user, SiteSettings.load())
        return {
            "is_reviewer": reviewer,
            "review_referrals": list(review_queue(user)[:HOME_ROWS]) if reviewer else [],
            "deadline_referrals": list(deadline_queue(user)[:HOME_ROWS]),
            "may_file_referrals": list(may_file_queue(user)[:HOME_ROWS]),
        }
    return {}
