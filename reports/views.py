"""Report pages, their charts and CSV downloads. Filters travel in the query string: they are
dates, an agency and an area, never anything about a person.

When the filters are those of a stored snapshot (each report's default view, rebuilt nightly),
the page, its charts and its CSVs all read that snapshot; `live=1` computes them now instead,
and every link on a live page carries it, so a page and its charts never mix the two.
"""

from datetime import datetime

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lead import audit
from lead.access import Action, can, require
from lead.csv_safe import csv_response
from lead.ratelimits import EXPORT, limited
from reports.charts import render_svg
from reports.periods import FilterForm, Filters, agency_rows, default_filters
from reports.registry import get_report_for, reports_for
from reports.selectors.snapshots import StoredReport, snapshot_for
from reports.services.snapshots import report_snapshots_refresh

LIVE = "live"


def _filters(request, report) -> tuple[FilterForm, Filters | None]:
    """The form to show and the filters it gives, or None when the period is not usable."""
    locked = not can(request.user, Action.VIEW_PROGRAM_REPORTS)
    show_agency = bool(report.agency_types) and not locked
    show_area = report.area and not locked
    agencies = agency_rows(report.agency_types) if show_agency or show_area else []
    kwargs = {"agencies": agencies, "show_agency": show_agency, "show_area": show_area}
    lock = {"agency_id": request.user.agency_id, "agency_locked": True} if locked else {}
    if not any(name != LIVE for name in request.GET):
        default = default_filters(months=report.default_months)
        form = FilterForm(initial={"start": default.start, "end": default.end}, **kwargs)
        return form, Filters(start=default.start, end=default.end, **lock)
    form = FilterForm(request.GET, **kwargs)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    filters = Filters(
        start=data["start"],
        end=data["end"],
        agency_id=data.get("agency"),
        area=data.get("area") or "",
    )
    if locked:
        filters = Filters(start=filters.start, end=filters.end, **lock)
    return form, filters


@require(Action.VIEW_REPORTS)
def report_index(request):
    return render(
        request,
        "reports/index.html",
        {
            "reports": reports_for(request.user),
            "can_manage": can(request.user, Action.MANAGE_PROGRAM_COSTS),
        },
    )


def _live(request) -> bool:
    return request.GET.get(LIVE) == "1"


def _snapshot(request, report, filters) -> StoredReport | None:
    if filters is None or _live(request):
        return None
    return snapshot_for(report=report, filters=filters)


def report_page(request, slug):
    report = get_report_for(request.user, slug)
    form, filters = _filters(request, report)
    snapshot = _snapshot(request, report, filters)
    if snapshot is not None:
        tables = snapshot.tables
    else:
        tables = [(b.__name__, b(filters)) for b in report.tables] if filters else []
    rendered = snapshot.rendered if snapshot is not None else {}
    sections = [(key, table, rendered.get(key)) for key, table in tables]
    query = filters.querystring() if filters else ""
    template = "reports/pack.html" if slug == "pack" else "reports/report.html"
    return render(
        request,
        template,
        {
            "report": report,
            "form": form,
            "filters": filters,
            "snapshot": snapshot,
            "live": filters is not None and snapshot is None,
            # Charts and CSVs come from the same source as the page.
            "query": f"{query}&{LIVE}=1" if filters and snapshot is None else query,
            "live_query": f"{query}&{LIVE}=1",
            "tables": tables,
            # (key, table, its stored rendered rows or None)
            "sections": sections,
            "agency_locked": filters is not None and filters.agency_locked,
            "can_rebuild": can(request.user, Action.REFRESH_REPORT_SNAPSHOTS),
            "now": timezone.now(),
        },
    )


def _table(request, report, builder, filters):
    snapshot = _snapshot(request, report, filters)
    if snapshot is not None:
        return snapshot.table(builder.__name__)
    return builder(filters)


def _bad_period(form) -> HttpResponse:
    message = " ".join(e for errors in form.errors.values() for e in errors)
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


@csp_replace({"default-src": [NONE], "style-src": [UNSAFE_INLINE]})
def report_chart(request, slug, key):
    report = get_report_for(request.user, slug)
    builder = report.table(key)
    form, filters = _filters(request, report)
    if filters is None:
        return _bad_period(form)
    table = _table(request, report, builder, filters)
    return HttpResponse(render_svg(table), content_type="image/svg+xml")


@limited(EXPORT)
def report_csv(request, slug, key):
    report = get_report_for(request.user, slug)
    builder = report.table(key)
    form, filters = _filters(request, report)
    if filters is None:
        return _bad_period(form)
    table = _table(request, report, builder, filters)
    response, writer = csv_response(f"{slug}-{key}-{filters.start}-{filters.end}.csv")
    writer.writerows(table.csv_rows())
    audit.record(
        actor=request.user, action="report.csv", object_type="report", object_id=f"{slug}:{key}"
    )
    return response


@require(Action.REFRESH_REPORT_SNAPSHOTS)
@require_POST
def snapshots_rebuild(request):
    """Rebuild every report snapshot now, then go back to the report the button was on."""
    index = reverse("reports:index")
    back = request.POST.get("next", "")
    if not back.startswith(index) or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = index
    try:
        seen = datetime.fromisoformat(request.POST.get("seen_at", ""))
    except ValueError:
        seen = None
    if seen is not None and timezone.is_naive(seen):
        seen = None
    summary = report_snapshots_refresh(actor=request.user, unless_built_since=seen)
    if summary.already_built_at is not None:
        when = timezone.localtime(summary.already_built_at)
        messages.info(
            request, f"The figures were already rebuilt at {when:%H:%M:%S}; nothing to do."
        )
    else:
        messages.success(
            request, f"Rebuilt {summary.built} report snapshots in {summary.seconds:.1f} s."
        )
    return redirect(back)
