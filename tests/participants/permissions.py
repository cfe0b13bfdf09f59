"""Permission-table rows for the participants app (see tests/permission_table.py)."""

from tests.permission_rules import NOT_FOUND, OK, Row, only
from tests.personas import Personas

CARE_AND_PROGRAM = {
    "case_manager_a": OK,
    "case_manager_b": OK,
    "case_manager_other": OK,
    "supervisor": OK,
    "program_manager": OK,
}


def _pat(p: Personas) -> dict:
    return {"pk": p.participant.pk}


PERMISSIONS: dict[str, Row] = {
    "participants:list": Row(only(CARE_AND_PROGRAM)),
    # Outside a persona's scope the record does not exist for them: 404, never 403.
    "participants:detail": Row(
        only(
            {"case_manager_a": OK, "supervisor": OK, "program_manager": OK},
            others=NOT_FOUND,
        ),
        kwargs=_pat,
    ),
}
