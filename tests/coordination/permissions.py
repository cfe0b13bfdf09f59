"""Permission-table rows for the coordination app (see tests/permission_table.py)."""

from tests.coordination import fixtures
from tests.permission_rules import NOT_ALLOWED, NOT_FOUND, OK, Row, everyone, only
from tests.personas import Personas

PARTNERS = {"officer": OK, "prosecutor": OK}
CARE_AND_PROGRAM = {
    "case_manager_a": OK,
    "case_manager_b": OK,
    "case_manager_other": OK,
    "supervisor": OK,
    "program_manager": OK,
}
PM = {"program_manager": OK}


def _pat(p: Personas) -> dict:
    return {"pk": p.participant.pk}


def _pat_with_partner_consent(p: Personas) -> dict:
    fixtures.give_consent(p, agencies=[p.police, p.prosecutors])
    return {"pk": p.participant.pk}


def _event(p: Personas) -> dict:
    return {"pk": fixtures.police_arrest(p).pk}


def _consultation(p: Personas) -> dict:
    return {"pk": fixtures.open_consultation(p).pk}


def _meeting(p: Personas) -> dict:
    return {"pk": fixtures.workgroup_meeting(p).pk}


def _meeting_item(p: Personas) -> dict:
    meeting = fixtures.workgroup_meeting(p)
    item = meeting.items.create(section="other", text="Any other business")
    return {"pk": meeting.pk, "item_pk": item.pk}


def _action_item(p: Personas) -> dict:
    meeting = fixtures.workgroup_meeting(p)
    item = meeting.action_items.create(
        description="Call the shelter",
        owner=p.case_manager_a,
        due_on=meeting.scheduled_for.date(),
        created_by=p.program_manager,
    )
    return {"pk": item.pk}


def _batch(p: Personas) -> dict:
    return {"pk": fixtures.import_batch(p).pk}


# Meeting pages: attendees (officer, prosecutor, case manager A) and the program manager.
ATTENDEES = {"officer": OK, "prosecutor": OK, "case_manager_a": OK, "program_manager": OK}
# The minutes are the program manager's working copy, notes included.
MINUTES = {
    "officer": 403,
    "prosecutor": 403,
    "case_manager_a": 403,
    "program_manager": OK,
}

PERMISSIONS: dict[str, Row] = {
    "coordination:lookup": Row(only(PARTNERS)),
    "coordination:prosecutor_queue": Row(only({"prosecutor": OK})),
    "coordination:participant_section": Row(
        only({"case_manager_a": OK, "supervisor": OK, "program_manager": OK}, others=NOT_FOUND),
        kwargs=_pat,
    ),
    # Only where a release names the partner's agency; the 404 without one is tested apart.
    "coordination:legal_event_create": Row(only(PARTNERS), kwargs=_pat_with_partner_consent),
    "coordination:flag_clear": Row(everyone(NOT_ALLOWED), kwargs=_pat),
    "coordination:legal_event_list": Row(only(PARTNERS | CARE_AND_PROGRAM)),
    # Recorded by the police persona, without any release: the prosecutor does not see it.
    "coordination:legal_event_detail": Row(
        only(
            {"officer": OK, "case_manager_a": OK, "supervisor": OK, "program_manager": OK},
            others=NOT_FOUND,
        ),
        kwargs=_event,
    ),
    "coordination:consultation_create": Row(everyone(NOT_ALLOWED), kwargs=_event),
    "coordination:import_upload": Row(only(PM)),
    "coordination:import_preview": Row(only(PM), kwargs=_batch),
    "coordination:consultation_list": Row(only({"prosecutor": OK} | CARE_AND_PROGRAM)),
    "coordination:consultation_detail": Row(
        only(
            {"prosecutor": OK, "case_manager_a": OK, "supervisor": OK, "program_manager": OK},
            others=NOT_FOUND,
        ),
        kwargs=_consultation,
    ),
    "coordination:consultation_answer": Row(everyone(NOT_ALLOWED), kwargs=_consultation),
    "coordination:consultation_decide": Row(everyone(NOT_ALLOWED), kwargs=_consultation),
    "coordination:meeting_list": Row(only(PARTNERS | CARE_AND_PROGRAM)),
    "coordination:meeting_create": Row(only(PM)),
    "coordination:meeting_detail": Row(only(ATTENDEES, others=NOT_FOUND), kwargs=_meeting),
    "coordination:agenda_generate": Row(everyone(NOT_ALLOWED), kwargs=_meeting),
    "coordination:agenda_item_update": Row(everyone(NOT_ALLOWED), kwargs=_meeting_item),
    "coordination:action_item_add": Row(everyone(NOT_ALLOWED), kwargs=_meeting),
    "coordination:action_item_close": Row(everyone(NOT_ALLOWED), kwargs=_action_item),
    "coordination:meeting_minutes": Row(only(MINUTES, others=NOT_FOUND), kwargs=_meeting),
    "coordination:meeting_minutes_download": Row(only(MINUTES, others=NOT_FOUND), kwargs=_meeting),
}
