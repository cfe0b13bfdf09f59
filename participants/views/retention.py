"""The program manager's retention page: records due for purging, and the confirmation."""

from django.contrib import messages
from django.shortcuts import redirect, render

from lead.access import Action, require
from participants.forms import RetentionConfirmForm
from participants.selectors import retention_page
from participants.services.retention import PurgeResult, retention_purge


def _records(n: int) -> str:
    return f"{n} record{'' if n == 1 else 's'}"


def _referrals(n: int) -> str:
    return f"{n} unlinked referral{'' if n == 1 else 's'}"


def _both(records: int, referrals: int) -> str:
    if records and referrals:
        return f"{_records(records)} and {_referrals(referrals)}"
    return _referrals(referrals) if referrals else _records(records)


def _outcome(result: PurgeResult) -> str:
    count = result.purged + result.referrals_purged
    if result.repeated:
        done = (
            "This confirmation was already carried out: "
            f"{_both(result.purged, result.referrals_purged)} "
            f"{'was' if count == 1 else 'were'} purged then. Nothing more was purged."
        )
    elif count:
        done = f"Purged {_both(result.purged, result.referrals_purged)}."
    else:
        done = "None of the listed records is still due: nothing purged."
    if result.remaining and result.referrals_remaining:
        return (
            f"{done} {_both(result.remaining, result.referrals_remaining)} are still due "
            "— confirm the next batch."
        )
    if result.referrals_remaining:
        left = result.referrals_remaining
        verb = "is" if left == 1 else "are"
        return f"{done} {_referrals(left)} {verb} still due — confirm the next batch."
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
                referral_ids=form.cleaned_data["referral_ids"],
                token=form.cleaned_data["token"],
            )
            level = messages.SUCCESS if result.purged and not result.repeated else messages.INFO
            messages.add_message(request, level, _outcome(result))
            return redirect("participants:retention")
        context = retention_page()
    else:
        context = retention_page()
        form = RetentionConfirmForm(
            due_ids=[p.pk for p in context["batch"]],
            referral_ids=[r.pk for r in context["referral_batch"]],
        )
    return render(request, "participants/retention.html", context | {"form": form})
