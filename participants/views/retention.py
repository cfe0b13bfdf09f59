"""The program manager's retention page: records due for purging, and the confirmation."""

from django.contrib import messages
from django.shortcuts import redirect, render

from lead.access import Action, require
from participants.forms import RetentionConfirmForm
from participants.selectors import retention_page
from participants.services.retention import retention_purge


@require(Action.PURGE_RECORDS)
def retention(request):
    if request.method == "POST":
        form = RetentionConfirmForm(request.POST)
        if form.is_valid():
            result = retention_purge(
                purged_by=request.user,
                participant_ids=form.cleaned_data["participant_ids"],
                token=form.cleaned_data["token"],
            )
            if result.repeated:
                messages.info(
                    request,
                    f"This confirmation was already carried out: {result.purged} record(s) "
                    "were purged then. Nothing more was purged.",
                )
            elif result.purged:
                messages.success(
                    request,
                    f"{result.purged} record(s) purged under the retention policy.",
                )
            else:
                messages.info(request, "None of the listed records is still due: nothing purged.")
            return redirect("participants:retention")
        context = retention_page()
    else:
        context = retention_page()
        form = RetentionConfirmForm(due_ids=[p.pk for p in context["due"]])
    return render(request, "participants/retention.html", context | {"form": form})
