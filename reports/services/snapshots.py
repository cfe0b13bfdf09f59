"""Report snapshots: every report's default view, computed once a night by `run_daily` (and
on a program manager's "Rebuild now"), so the page a user opens reads a stored result instead
of aggregating the whole program's period at request time.

A snapshot's key is the normalised filters. Supervisors' views are locked to their own agency,
and the key says so and names the agency, so one agency's view cannot answer for another's.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from lead import audit
from lead.access import Action, check
from lead.models import Agency
from lead.roles import AgencyType
from reports.models import ReportSnapshot
from reports.periods import Filters, default_filters
from reports.registry import REPORTS, Report
from reports.tables import table_to_json

# pg_advisory_xact_lock key: one rebuild (or discard) at a time, so a double-submitted
# "Rebuild now" waits for the first and then finds nothing left to do.
_LOCK = 7_310_011


def snapshot_key(filters: Filters) -> str:
    """The filters in one canonical string. The free-text area goes last, so no area can make
    a key that reads as another agency's or as a locked view."""
    return (
        f"start={filters.start:%Y-%m-%d};end={filters.end:%Y-%m-%d};"
        f"locked={int(filters.agency_locked)};agency={filters.agency_id or ''};"
        f"area={filters.area}"
    )


def snapshot_views() -> list[tuple[Report, Filters]]:
    """The views a snapshot is kept for: each report's default period, program-wide, and for
    reports that supervisors open, each provider agency's locked view exactly as
    reports.views._filters builds it for that agency's supervisors."""
    providers = list(
        Agency.objects.filter(agency_type=AgencyType.PROVIDER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    views = []
    for report in REPORTS.values():
        default = default_filters(months=report.default_months)
        views.append((report, default))
        if report.for_supervisors:
            for agency_id in providers:
                locked = Filters(
                    start=default.start, end=default.end, agency_id=agency_id, agency_locked=True
                )
                views.append((report, locked))
    return views


TABLE_BODY = "reports/_table_body.html"


def table_body_version() -> str:
    """Which version of the table markup a stored fragment was rendered with."""
    source = get_template(TABLE_BODY).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def snapshot_build(report: Report, filters: Filters) -> ReportSnapshot:
    """Compute one view's tables now (unsaved).

    Each table is stored as data, which the charts and CSVs read, and also as its rendered
    rows (the part of the page that grows with the program: one row per officer or case
    manager), so the page costs the same at any size. Both come from the same Table.
    """
    built_at = timezone.now()
    started = time.perf_counter()
    tables = []
    for builder in report.tables:
        table = builder(filters)
        html = render_to_string(TABLE_BODY, {"key": builder.__name__, "table": table})
        tables.append({"builder": builder.__name__, "table": table_to_json(table), "html": html})
    return ReportSnapshot(
        slug=report.slug,
        key=snapshot_key(filters),
        tables=tables,
        markup_version=table_body_version(),
        built_at=built_at,
        build_duration=timedelta(seconds=time.perf_counter() - started),
    )


@dataclass(frozen=True)
class RefreshSummary:
    built: int
    seconds: float
    # Set when a rebuild was asked for figures someone had already rebuilt since.
    already_built_at: datetime | None = None

    def __str__(self) -> str:
        if self.already_built_at is not None:
            return f"already rebuilt at {self.already_built_at:%Y-%m-%d %H:%M:%S}; nothing built"
        return f"built {self.built} report snapshot(s) in {self.seconds:.1f} s"


def _lock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])


def report_snapshots_refresh(
    *, actor=None, unless_built_since: datetime | None = None
) -> RefreshSummary:
    """Rebuild every snapshot and replace the old ones in one transaction.

    `actor` is None for the nightly job. `unless_built_since` makes a button safe to press
    twice: when snapshots were built after that moment (the page the button was on), the
    rebuild is already done and nothing happens.
    """
    if actor is not None:
        check(actor, Action.REFRESH_REPORT_SNAPSHOTS)
    started = time.perf_counter()
    with transaction.atomic():
        _lock()
        if unless_built_since is not None:
            latest = ReportSnapshot.objects.aggregate(latest=Max("built_at"))["latest"]
            if latest is not None and latest >= unless_built_since:
                return RefreshSummary(built=0, seconds=0.0, already_built_at=latest)
        snapshots = [snapshot_build(report, filters) for report, filters in snapshot_views()]
        ReportSnapshot.objects.all().delete()
        ReportSnapshot.objects.bulk_create(snapshots)
        audit.record(
            actor=actor,
            action="report.snapshots_refresh",
            object_type="report_snapshot",
            object_id=len(snapshots),
        )
    return RefreshSummary(built=len(snapshots), seconds=time.perf_counter() - started)


def discard_all(*, actor=None) -> int:
    """Delete every snapshot, so no purged record survives in stored figures. Pages compute
    live until the next rebuild. Returns how many were deleted.

    Call it in the purge's transaction, after its deletes: it waits for a rebuild in progress
    (which may have read the purged rows) and then deletes what that rebuild stored.
    """
    with transaction.atomic():
        _lock()
        deleted, _ = ReportSnapshot.objects.all().delete()
        audit.record(
            actor=actor,
            action="report.snapshots_discard",
            object_type="report_snapshot",
            object_id=deleted,
        )
    return deleted


def discard_after_purge(*, batch, participant_ids) -> None:
    """The retention purge's callback (registered in ReportsConfig.ready)."""
    discard_all(actor=batch.purged_by)


def report_snapshots_daily() -> str:
    """The nightly job (lead.daily_jobs)."""
    return str(report_snapshots_refresh())
