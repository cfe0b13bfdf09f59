"""Report pages, their charts and CSV downloads. Filters travel in the query string: they are
dates, an agency and an area, never anything about a person."""

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.http import HttpResponse
from django.shortcuts import render

from lead import audit
from lead.access import Action, can, require
from lead.csv_safe import csv_response
from lead.ratelimits import EXPORT, limited
from reports.charts import render_svg
from reports.periods import FilterForm, Filters, agency_rows, default_filters
from reports.registry import get_report_for, reports_for


def _filters(request, report) -> tuple[FilterForm, Filters | None]:
    """The form to show and the filters it gives, or None when the period is not usable."""
    locked = not can(request.user, Action.VIEW_PROGRAM_REPORTS)
    show_agency = bool(report.agency_types) and not locked
    show_area = report.area and not locked
    agencies = agency_rows(report.agency_types) if show_agency or show_area else []
    kwargs = {"agencies": agencies, "show_agency": show_agency, "show_area": show_area}
    lock = {"agency_id": request.user.agency_id, "agency_locked": True} if locked else {}
    if not request.GET:
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


def report_page(request, slug):
    report = get_report_for(request.user, slug)
    form, filters = _filters(request, report)
    tables = [(b.__name__, b(filters)) for b in report.tables] if filters else []
    template = "reports/pack.html" if slug == "pack" else "reports/report.html"
    return render(
        request,
        template,
        {
            "report": report,
            "form": form,
            "filters": filters,
            "query": filters.querystring() if filters else "",
            "tables": tables,
            "agency_locked": filters is not None and filters.agency_locked,
        },
    )


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
    return HttpResponse(render_svg(builder(filters)), content_type="image/svg+xml")


@limited(EXPORT)
def report_csv(request, slug, key):
    report = get_report_for(request.user, slug)
    builder = report.table(key)
    form, filters = _filters(request, report)
    if filters is None:
        return _bad_period(form)
    table = builder(filters)
    response, writer = csv_response(f"{slug}-{key}-{filters.start}-{filters.end}.csv")
    writer.writerows(table.csv_rows())
    audit.record(
        actor=request.user, action="report.csv", object_type="report", object_id=f"{slug}:{key}"
    )
    return response
