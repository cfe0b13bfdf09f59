"""Permission-table rows for casework (see tests/permission_table.py).

Casework is clinical: only Pat's care team (case manager A) and the agency's supervisor see
it. A program manager sees Pat but not Pat's casework, so pages under Pat's record answer 403;
casework rows themselves are outside their scope altogether, so those answer 404.
"""

from casework.services import notification_create
from tests.casework.fixtures import pat_contact, pat_goal, pat_step
from tests.permission_rules import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, Row, everyone, only
from tests.personas import Personas

CARE = {"case_manager_a": OK, "supervisor": OK}
UNDER_PAT = only(CARE | {"program_manager": FORBIDDEN}, others=NOT_FOUND)
CASEWORK_ROW = only(CARE, others=NOT_FOUND)


def _pat(p: Personas) -> dict:
    return {"pk": p.participant.pk}


def _goal(p: Personas) -> dict:
    return {"pk": pat_goal(p).pk}


def _step(p: Personas) -> dict:
    return {"pk": pat_step(p).pk}


def _contact(p: Personas) -> dict:
    return {"pk": pat_contact(p).pk}


def _notification(p: Personas) -> dict:
    return {"pk": notification_create(user=p.case_manager_a, kind="other", text="Hello").pk}


def _service_type(p: Personas) -> dict:
    from casework.models import ServiceType

    return {"pk": ServiceType.objects.order_by("id").first().pk}


PERMISSIONS: dict[str, Row] = {
    "casework:section": Row(UNDER_PAT, kwargs=_pat),
    "casework:plan": Row(UNDER_PAT, kwargs=_pat),
    "casework:goal_create": Row(UNDER_PAT, kwargs=_pat),
    "casework:review_create": Row(UNDER_PAT, kwargs=_pat),
    "casework:contacts": Row(UNDER_PAT, kwargs=_pat),
    "casework:contact_create": Row(UNDER_PAT, kwargs=_pat),
    "casework:checkin": Row(UNDER_PAT, kwargs=_pat),
    "casework:reassign": Row(
        only(
            {"supervisor": OK, "case_manager_a": FORBIDDEN, "program_manager": FORBIDDEN},
            others=NOT_FOUND,
        ),
        kwargs=_pat,
    ),
    "casework:goal_edit": Row(CASEWORK_ROW, kwargs=_goal),
    "casework:step_create": Row(CASEWORK_ROW, kwargs=_goal),
    "casework:note_create": Row(CASEWORK_ROW, kwargs=_goal),
    "casework:contact_void": Row(CASEWORK_ROW, kwargs=_contact),
    # State changes answer POST only; tests/casework/test_access.py covers who may post.
    "casework:step_done": Row(everyone(NOT_ALLOWED), kwargs=_step),
    "casework:notification_done": Row(everyone(NOT_ALLOWED), kwargs=_notification),
    "casework:service_type_toggle": Row(everyone(NOT_ALLOWED), kwargs=_service_type),
    # Everyone has an inbox of their own.
    "casework:notifications": Row(everyone(OK)),
    "casework:service_types": Row(only({"program_manager": OK})),
}
