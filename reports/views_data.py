"""The data program managers give the reports: monthly spending and booking imports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from lead.access import Action, require
from reports.forms import BookingUploadForm, CostEntryForm
from reports.models import BookingImportBatch, CostEntry
from reports.services.bookings import (
    MAX_ROWS,
    booking_batch_commit,
    booking_batch_create,
    booking_csv_parse,
)
from reports.services.cost import MonthAlreadyEntered, cost_entry_save


@require(Action.MANAGE_PROGRAM_COSTS)
def cost_entries(request):
    form = CostEntryForm(request.POST or None)
    duplicate = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry, changed = cost_entry_save(
                    entered_by=request.user,
                    month=data["month"],
                    category=data["category"],
                    amount=data["amount"],
                    note=data["note"],
                    replace=data["replace"],
                )
            except MonthAlreadyEntered as exists:
                duplicate = exists.existing
                # The same form, posted again with this set, replaces the amount.
                form.data = form.data.copy()
                form.data["replace"] = "on"
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                verb = "saved" if changed else "already recorded"
                messages.success(request, f"{entry}: {entry.amount} {verb}.")
                return redirect("reports:costs")
    entries = CostEntry.objects.select_related("entered_by")[:36]
    return render(
        request,
        "reports/costs.html",
        {"form": form, "duplicate": duplicate, "entries": entries},
        status=status,
    )


@require(Action.IMPORT_BOOKINGS)
def booking_import(request):
    form = BookingUploadForm(request.POST or None, request.FILES or None)
    parsed = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = booking_csv_parse(content=upload.read(), filename=upload.name)
        if parsed.file_error:
            form.add_error("file", parsed.file_error)
        elif parsed.ok:
            batch = booking_batch_create(
                uploaded_by=request.user, parsed=parsed, filename=upload.name
            )
            return redirect("reports:booking_preview", pk=batch.pk)
    recent = BookingImportBatch.objects.select_related("uploaded_by")[:10]
    return render(
        request,
        "reports/booking_import.html",
        {"form": form, "parsed": parsed, "recent": recent, "max_rows": MAX_ROWS},
        status=400 if request.method == "POST" else 200,
    )


@require(Action.IMPORT_BOOKINGS)
def booking_import_preview(request, pk):
    batch = BookingImportBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise Http404("No import matches the given query.")
    if request.method == "POST":
        try:
            batch = booking_batch_commit(batch=batch, committed_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{batch.imported_count} booking(s) imported.")
        return redirect("reports:booking_preview", pk=batch.pk)
    return render(
        request, "reports/booking_preview.html", {"batch": batch, "sample": batch.rows[:20]}
    )
