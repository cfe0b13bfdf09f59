"""Permission-table rows for the participants app (see tests/permission_table.py)."""

from datetime import date

from tests.permission_rules import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, Row, everyone, only
from tests.personas import Personas

CARE_AND_PROGRAM = {
    "case_manager_a": OK,
    "case_manager_b": OK,
    "case_manager_other": OK,
    "supervisor": OK,
    "program_manager": OK,
}
CARE = {
    "case_manager_a": OK,
    "case_manager_b": OK,
    "case_manager_other": OK,
    "supervisor": OK,
}
# Pat's care team and supervisor write; the program manager may look but not write; for
# everyone else the record does not exist.
PAT_WRITERS = only(
    {"case_manager_a": OK, "supervisor": OK, "program_manager": FORBIDDEN}, others=NOT_FOUND
)
# Supervisor-only pages on Pat: case manager A is in scope but lacks the role.
PAT_SUPERVISOR = only(
    {"case_manager_a": FORBIDDEN, "supervisor": OK, "program_manager": FORBIDDEN},
    others=NOT_FOUND,
)
POST_ONLY = everyone(NOT_ALLOWED)


def _pat(p: Personas) -> dict:
    return {"pk": p.participant.pk}


def _twin(p: Personas):
    from participants.services import participant_create

    return participant_create(
        created_by=p.supervisor, agency=p.provider, first_name="Patt", last_name="Example"
    )


def _pair(p: Personas) -> dict:
    return {"first": p.participant.pk, "second": _twin(p).pk}


def _merge_record(p: Personas) -> dict:
    from participants.services import participant_merge

    record = participant_merge(
        survivor=p.participant, merged=_twin(p), merged_by=p.supervisor, reason="Same person"
    )
    return {"pk": record.pk}


def _pat_alias(p: Personas) -> dict:
    from participants.services import alias_add

    alias = alias_add(participant=p.participant, added_by=p.case_manager_a, name="Patsy")
    return {"pk": p.participant.pk, "alias_pk": alias.pk}


def _pat_member(p: Personas) -> dict:
    return {"pk": p.participant.pk, "user_pk": p.case_manager_a.pk}


def _pat_release(p: Personas, *, with_scan: bool = False) -> dict:
    from lead.roles import AgencyType
    from participants.models import ConsentCategory
    from participants.services import consent_create
    from tests.participants.helpers import upload

    consent = consent_create(
        participant=p.participant,
        created_by=p.case_manager_a,
        recipient_agency_types=[AgencyType.POLICE],
        categories=[ConsentCategory.PARTICIPATION],
        purpose="Coordination",
        signed_on=date(2026, 1, 1),
        expires_on=date(2099, 1, 1),
        form_scan=upload() if with_scan else None,
    )
    return {"pk": p.participant.pk, "consent_pk": consent.pk}


PERMISSIONS: dict[str, Row] = {
    "participants:list": Row(only(CARE_AND_PROGRAM)),
    "participants:search": Row(only(CARE)),
    "participants:create": Row(only(CARE)),
    "participants:duplicates": Row(only({"supervisor": OK})),
    # Only program managers see records due under the retention policy and confirm a purge.
    "participants:retention": Row(only({"program_manager": OK})),
    "participants:merge": Row(only({"supervisor": OK}), kwargs=_pair),
    "participants:not_duplicate": Row(POST_ONLY, kwargs=_pair),
    # The merged record is out of every case manager's scope: 404 before any role check.
    "participants:merge_record": Row(
        only({"supervisor": OK, "program_manager": FORBIDDEN}, others=NOT_FOUND),
        kwargs=_merge_record,
    ),
    "participants:merge_undo": Row(POST_ONLY, kwargs=_merge_record),
    # Outside a persona's scope the record does not exist for them: 404, never 403.
    "participants:detail": Row(
        only(
            {"case_manager_a": OK, "supervisor": OK, "program_manager": OK},
            others=NOT_FOUND,
        ),
        kwargs=_pat,
    ),
    "participants:edit": Row(PAT_WRITERS, kwargs=_pat),
    "participants:alias_add": Row(POST_ONLY, kwargs=_pat),
    "participants:alias_remove": Row(POST_ONLY, kwargs=_pat_alias),
    "participants:status": Row(PAT_WRITERS, kwargs=_pat),
    "participants:care_team": Row(PAT_SUPERVISOR, kwargs=_pat),
    "participants:care_team_remove": Row(POST_ONLY, kwargs=_pat_member),
    # Clinical: the care team and supervisor only, never the program manager.
    "participants:intake": Row(PAT_WRITERS, kwargs=_pat),
    "participants:consent_create": Row(PAT_WRITERS, kwargs=_pat),
    "participants:consent_revoke": Row(POST_ONLY, kwargs=_pat_release),
    "participants:consent_form": Row(PAT_WRITERS, kwargs=lambda p: _pat_release(p, with_scan=True)),
}
