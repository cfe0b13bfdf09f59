"""Permission-table rows for the reports app (see tests/permission_table.py)."""

from reports.models import BookingImportBatch
from tests.permission_rules import NOT_ALLOWED, OK, Row, only
from tests.personas import Personas

PM = {"program_manager": OK}
PM_AND_SUPERVISOR = {"program_manager": OK, "supervisor": OK}


def _program_report(p: Personas) -> dict:
    return {"slug": "outcomes"}


def _program_table(p: Personas) -> dict:
    return {"slug": "outcomes", "key": "legal_6"}


def _batch(p: Personas) -> dict:
    batch = BookingImportBatch.objects.create(uploaded_by=p.program_manager, filename="b.csv")
    return {"pk": batch.pk}


PERMISSIONS: dict[str, Row] = {
    "reports:index": Row(only(PM_AND_SUPERVISOR)),
    # The walk needs one row per URL name, so each generic route is checked on a program-only
    # report; tests/reports/test_access.py checks the supervisor's caseload report.
    "reports:report": Row(only(PM), kwargs=_program_report),
    "reports:chart": Row(only(PM), kwargs=_program_table),
    "reports:csv": Row(only(PM), kwargs=_program_table),
    "reports:costs": Row(only(PM)),
    "reports:booking_import": Row(only(PM)),
    "reports:booking_preview": Row(only(PM), kwargs=_batch),
    # POST only: program managers get 405 for a GET, everyone else 403 before that.
    "reports:snapshots_rebuild": Row(only({"program_manager": NOT_ALLOWED})),
}
