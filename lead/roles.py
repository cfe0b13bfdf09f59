"""The six roles, the four kinds of agency, and which kind of agency each role works for."""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    PROSECUTOR = "prosecutor", "Prosecutor"
    CASE_MANAGER = "case_manager", "Case manager"
    SUPERVISOR = "supervisor", "Supervisor"
    PROGRAM_MANAGER = "program_manager", "Program manager"
    ADMIN = "admin", "Admin"


class AgencyType(models.TextChoices):
    POLICE = "police", "Police agency"
    PROSECUTOR = "prosecutor", "Prosecutor's office"
    PROVIDER = "provider", "Provider agency"
    PROGRAM = "program", "Program"


AGENCY_TYPE_FOR_ROLE = {
    Role.OFFICER: AgencyType.POLICE,
    Role.PROSECUTOR: AgencyType.PROSECUTOR,
    Role.CASE_MANAGER: AgencyType.PROVIDER,
    Role.SUPERVISOR: AgencyType.PROVIDER,
    Role.PROGRAM_MANAGER: AgencyType.PROGRAM,
    Role.ADMIN: AgencyType.PROGRAM,
}

PARTNER_ROLES = frozenset({Role.OFFICER, Role.PROSECUTOR})
CARE_ROLES = frozenset({Role.CASE_MANAGER, Role.SUPERVISOR})
