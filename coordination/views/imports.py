from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from coordination.forms import ImportUploadForm
from coordination.models import ImportBatch
from coordination.services.imports import (
    import_batch_commit,
    import_batch_create,
    legal_event_csv_parse,
)
from lead.access import Action, require
from lead.csv_upload import MAX_ROWS


@require(Action.IMPORT_LEGAL_EVENTS)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    parsed = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = legal_event_csv_parse(content=upload.read(), filename=upload.name)
        if parsed.file_error:
            form.add_error("file", parsed.file_error)
        elif parsed.ok:
            batch = import_batch_create(
                uploaded_by=request.user, parsed=parsed, filename=upload.name
            )
            return redirect("coordination:import_preview", pk=batch.pk)
    recent = ImportBatch.objects.select_related("uploaded_by")[:10]
    return render(
        request,
        "coordination/import_upload.html",
        {"form": form, "parsed": parsed, "recent": recent, "max_rows": MAX_ROWS},
        status=400 if parsed is not None else 200,
    )


@require(Action.IMPORT_LEGAL_EVENTS)
def import_preview(request, pk):
    batch = ImportBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise Http404("No import matches the given query.")
    if request.method == "POST":
        try:
            batch = import_batch_commit(batch=batch, committed_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{batch.imported_count} legal event(s) imported.")
        return redirect("coordination:import_preview", pk=batch.pk)
    return render(
        request,
        "coordination/import_preview.html",
        {"batch": batch, "sample": batch.rows[:20]},
    )
