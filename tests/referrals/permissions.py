"""Permission-table rows for the referrals app (see tests/permission_table.py).

Each row's kwargs make the referral it needs: filed by the officer persona, unless said.
"""

from tests.permission_rules import FORBIDDEN, NOT_FOUND, OK, Row, admin_only, only
from tests.personas import Personas
from tests.referrals.factories import ReferralFactory

STAFF_VIEW = {
    "prosecutor": OK,
    "case_manager_a": OK,
    "case_manager_b": OK,
    "case_manager_other": OK,
    "supervisor": OK,
    "program_manager": OK,
}


def _pending_arrest(p: Personas) -> dict:
    return {"pk": ReferralFactory(referred_by=p.officer).pk}


def _approved_unmatched(p: Personas) -> dict:
    return {"pk": ReferralFactory(referred_by=p.officer, decision="approved").pk}


def _reason_code(p: Personas) -> dict:
    from referrals.models import ReasonCode

    return {"object_id": ReasonCode.objects.order_by("pk").first().pk}


PERMISSIONS: dict[str, Row] = {
    "referrals:list": Row(only({"officer": OK} | STAFF_VIEW)),
    "referrals:create": Row(only({"officer": OK})),
    # The reviewer is the prosecutor by default (site setting).
    "referrals:queue": Row(only({"prosecutor": OK})),
    "referrals:waitlist": Row(only(STAFF_VIEW)),
    # A pending arrest diversion: its officer, the prosecutor (arrest diversions, reviewer)
    # and the program manager; case managers see referrals only once approved.
    "referrals:detail": Row(
        only({"officer": OK, "prosecutor": OK, "program_manager": OK}, others=NOT_FOUND),
        kwargs=_pending_arrest,
    ),
    "referrals:decide": Row(
        only(
            {"officer": FORBIDDEN, "prosecutor": OK, "program_manager": FORBIDDEN},
            others=NOT_FOUND,
        ),
        kwargs=_pending_arrest,
    ),
    # Approved and not yet matched: every case manager and supervisor may pick it up.
    "referrals:match": Row(
        only(
            {
                "officer": FORBIDDEN,
                "prosecutor": FORBIDDEN,
                "case_manager_a": OK,
                "case_manager_b": OK,
                "case_manager_other": OK,
                "supervisor": OK,
                "program_manager": FORBIDDEN,
            },
            others=NOT_FOUND,
        ),
        kwargs=_approved_unmatched,
    ),
    "admin:referrals_reasoncode_changelist": admin_only(),
    "admin:referrals_reasoncode_add": admin_only(),
    "admin:referrals_reasoncode_change": admin_only(kwargs=_reason_code),
    "admin:referrals_reasoncode_history": admin_only(kwargs=_reason_code),
    "admin:referrals_reasoncode_delete": admin_only(FORBIDDEN, kwargs=_reason_code),
}
