"""The reports, what each one covers and who may open it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lead.access import Action, can, check
from lead.roles import AgencyType
from reports.selectors import caseload, cost, equity, outcomes, pack, plans, referrals


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    summary: str
    tables: list[Callable]
    agency_types: tuple[str, ...] = ()
    area: bool = False
    default_months: int = 12
    # Supervisors see this report, for their own agency only.
    for_supervisors: bool = False

    def table(self, key: str):
        for builder in self.tables:
            if builder.__name__ == key:
                return builder
        raise Http404("No such table.")


REPORTS = {
    r.slug: r
    for r in [
        Report(
            "referrals",
            "Referrals",
            "Volume by pathway and month, who refers, decisions, the funnel and its timing.",
            referrals.TABLES,
            agency_types=(AgencyType.POLICE,),
            area=True,
        ),
        Report(
            "caseload",
            "Caseload and engagement",
            "Participants by status, caseloads against the limits, contacts and who is "
            "out of touch.",
            caseload.TABLES,
            agency_types=(AgencyType.PROVIDER,),
            area=True,
            default_months=3,
            for_supervisors=True,
        ),
        Report(
            "plans",
            "Plans",
            "Goals by domain and status, and goals achieved in the period.",
            plans.TABLES,
            agency_types=(AgencyType.PROVIDER,),
            area=True,
        ),
        Report(
            "outcomes",
            "Outcomes",
            "Arrests, charges, jail, prison and EMS before and after enrolment; housing, "
            "income and employment at intake and now.",
            outcomes.TABLES,
            agency_types=(AgencyType.PROVIDER,),
            area=True,
            default_months=60,
        ),
        Report(
            "equity",
            "Equity",
            "Referrals, approvals, intakes, the diversion rate and outcomes by race and ethnicity.",
            equity.TABLES,
            agency_types=(AgencyType.POLICE,),
            area=True,
            default_months=60,
        ),
        Report(
            "cost",
            "Cost",
            "Spending per participant per month and per participant-year.",
            cost.TABLES,
            default_months=12,
        ),
        Report(
            "pack",
            "Workgroup pack",
            "One printable page of headline figures against the previous period.",
            pack.TABLES,
            default_months=3,
        ),
    ]
}


def reports_for(user) -> list[Report]:
    if can(user, Action.VIEW_PROGRAM_REPORTS):
        return list(REPORTS.values())
    if can(user, Action.VIEW_REPORTS):
        return [r for r in REPORTS.values() if r.for_supervisors]
    return []


def get_report_for(user, slug: str) -> Report:
    """404 for an unknown report; 403 for a role that may not open this one."""
    check(user, Action.VIEW_REPORTS)
    report = REPORTS.get(slug)
    if report is None:
        raise Http404("No such report.")
    if not can(user, Action.VIEW_PROGRAM_REPORTS) and not report.for_supervisors:
        raise PermissionDenied
    return report
