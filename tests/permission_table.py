"""Permissions are data: for every URL name, what each persona gets from a GET.

tests/test_permission_table.py walks every URL pattern of the project and fails when a URL is
missing here, or when any persona gets anything other than what this table says. Each app
keeps its rows in tests/<app>/permissions.py; this module joins them.
"""

from tests.casework.permissions import PERMISSIONS as CASEWORK_PERMISSIONS
from tests.coordination.permissions import PERMISSIONS as COORDINATION_PERMISSIONS
from tests.participants.permissions import PERMISSIONS as PARTICIPANT_PERMISSIONS
from tests.permission_rules import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    Row,
    admin_only,
    everyone,
    only,
)
from tests.personas import Personas
from tests.referrals.permissions import PERMISSIONS as REFERRAL_PERMISSIONS
from tests.reports.permissions import PERMISSIONS as REPORT_PERMISSIONS


def _officer_account(p: Personas) -> dict:
    return {"pk": p.officer.pk}


def _agency_on_site(p: Personas) -> dict:
    # Agencies have no public page, so "view on site" finds nothing to show.
    from django.contrib.contenttypes.models import ContentType

    return {
        "content_type_id": ContentType.objects.get_for_model(p.police).pk,
        "object_id": p.police.pk,
    }


def _object(attr):
    return lambda p: {"object_id": getattr(p, attr).pk}


PERMISSIONS: dict[str, Row] = PARTICIPANT_PERMISSIONS | {
    "home": Row(everyone(OK)),
    "healthz": Row(everyone(OK, anonymous=OK)),
    "login": Row(everyone(REDIRECT, anonymous=OK)),
    "logout": Row(everyone(NOT_ALLOWED)),
    "password_change": Row(everyone(OK)),
    "mfa_manage": Row(everyone(OK)),
    "mfa_setup": Row(everyone(OK)),
    "mfa_verify": Row(everyone(OK)),
    "mfa_recovery_codes": Row(everyone(NOT_ALLOWED)),
    "mfa_remove": Row(everyone(NOT_ALLOWED)),
    "site_settings": Row(only({"program_manager": OK})),
    "users": Row(only({"admin": OK})),
    "user_create": Row(only({"admin": OK})),
    "user_edit": Row(only({"admin": OK}), kwargs=_officer_account),
    "user_unlock": Row(only({"admin": NOT_ALLOWED}), kwargs=_officer_account),
    "user_lock": Row(only({"admin": NOT_ALLOWED}), kwargs=_officer_account),
    "user_end_sessions": Row(only({"admin": NOT_ALLOWED}), kwargs=_officer_account),
    "user_mfa_reset": Row(only({"admin": NOT_ALLOWED}), kwargs=_officer_account),
    "audit_log": Row(only({"admin": OK})),
    "audit_disclosures": Row(
        only({"admin": OK}), kwargs=lambda p: {"participant_id": p.participant.pk}
    ),
    "admin:index": admin_only(anonymous=REDIRECT),
    "admin:login": Row(everyone(LOGIN)),
    "admin:logout": admin_only(NOT_ALLOWED, anonymous=REDIRECT),
    "admin:password_change": admin_only(anonymous=REDIRECT),
    "admin:password_change_done": admin_only(anonymous=REDIRECT),
    "admin:autocomplete": admin_only(FORBIDDEN, anonymous=REDIRECT),
    "admin:jsi18n": admin_only(anonymous=REDIRECT),
    "admin:app_list": admin_only(anonymous=REDIRECT, kwargs=lambda p: {"app_label": "lead"}),
    "admin:view_on_site": admin_only(NOT_FOUND, anonymous=REDIRECT, kwargs=_agency_on_site),
    "admin:lead_agency_changelist": admin_only(),
    "admin:lead_agency_add": admin_only(),
    "admin:lead_agency_change": admin_only(kwargs=_object("police")),
    "admin:lead_agency_history": admin_only(kwargs=_object("police")),
    "admin:lead_agency_delete": admin_only(FORBIDDEN, kwargs=_object("police")),
    "admin:lead_user_changelist": admin_only(),
    "admin:lead_user_add": admin_only(),
    "admin:lead_user_change": admin_only(kwargs=_object("officer")),
    "admin:lead_user_history": admin_only(kwargs=_object("officer")),
    "admin:lead_user_delete": admin_only(FORBIDDEN, kwargs=_object("officer")),
    "admin:auth_user_password_change": admin_only(kwargs=lambda p: {"id": p.officer.pk}),
    # The audit trail is read-only even here.
    "admin:lead_auditevent_changelist": admin_only(),
    "admin:lead_auditevent_add": admin_only(FORBIDDEN),
    "admin:lead_auditevent_change": admin_only(kwargs=lambda p: {"object_id": p.audit_event_pk}),
    "admin:lead_auditevent_history": admin_only(kwargs=lambda p: {"object_id": p.audit_event_pk}),
    "admin:lead_auditevent_delete": admin_only(
        FORBIDDEN, kwargs=lambda p: {"object_id": p.audit_event_pk}
    ),
}
PERMISSIONS |= REFERRAL_PERMISSIONS
PERMISSIONS |= CASEWORK_PERMISSIONS
PERMISSIONS |= COORDINATION_PERMISSIONS
PERMISSIONS |= REPORT_PERMISSIONS
