"""The program manager's retention page: records due for purging, and the confirmation."""

from django.contrib import messages
from django.shortcuts import redirect, render

from lead.access import Action, require
from participants.forms import RetentionConfirmForm
from participants.selectors import retention_page
from participants.services.retention import PurgeResult, retention_purge


def _records(n: int) -> str:
    return f"{n} record{'' if n == 1 else 's'}"


def _outcome(result: PurgeResult) -> str:
    if result.repeated:
        done = (
            f"This confirmation was already carried out: {_records(result.purged)} "
            f"{'was' if result.purged == 1 else 'were'} purged then. Nothing more was purged."
        )
    elif result.purged:
        done = f"Purged {_records(result.purged)}."
    else:
        done = "None of the listed records is still due: nothing purged."
    if result.remaining:
        verb = "is" if result.remaining == 1 else "are"
        return f"{done} {result.remaining} {verb} still due — confirm the next batch."
    return f"{done} No more records are due."


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
            level = messages.SUCCESS if result.purged and not result.repeated else messages.INFO
            messages.add_message(request, level, _outcome(result))
            return redirect("participants:retention")
        context = retention_page()
    else:
        context = retention_page()
        form = RetentionConfirmForm(due_ids=[p.pk for p in context["batch"]])
    return render(request, "participants/retention.html", context | {"form": form})
