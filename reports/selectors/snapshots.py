"""Reading a stored report snapshot for the filters a request asks for."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.safestring import SafeString, mark_safe

from reports.models import ReportSnapshot
from reports.periods import Filters
from reports.registry import Report
from reports.services.snapshots import snapshot_key, table_body_version
from reports.tables import Table, table_from_json


@dataclass(frozen=True)
class StoredReport:
    built_at: datetime
    tables: list[tuple[str, Table]]
    # Each table's stored rows, by builder name; empty when the markup has changed since.
    rendered: dict[str, SafeString]

    def table(self, name: str) -> Table:
        return dict(self.tables)[name]


def snapshot_for(*, report: Report, filters: Filters) -> StoredReport | None:
    """The stored tables for exactly these filters, in one query; None when there are none,
    or when the report's tables have changed since they were stored (then it is computed live
    until the next rebuild)."""
    row = (
        ReportSnapshot.objects.filter(slug=report.slug, key=snapshot_key(filters))
        .values_list("built_at", "tables", "markup_version")
        .first()
    )
    if row is None:
        return None
    built_at, stored, markup_version = row
    if [t["builder"] for t in stored] != [b.__name__ for b in report.tables]:
        return None
    rendered = {}
    if markup_version == table_body_version():
        # Rendered by snapshot_build from this same table with autoescaping on, and written
        # only by the snapshot service: never text from a request.
        rendered = {t["builder"]: mark_safe(t["html"]) for t in stored}  # noqa: S308  # nosec B308 B703
    return StoredReport(
        built_at=built_at,
        tables=[(t["builder"], table_from_json(t["table"])) for t in stored],
        rendered=rendered,
    )
