"""Matching an approved referral to a person: program staff only, never shown to partners.

Search terms travel by POST and are never put in a URL or a log.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lead.access import Action
from referrals import services
from referrals.models import Decision
from referrals.selectors import get_referral_for, match_candidates

MAX_SEARCH = 100


def _ready_to_match(referral) -> bool:
    return (
        referral.decision == Decision.APPROVED
        and referral.participant_id is None
        and referral.person_declined_at is None
    )


@require_http_methods(["GET", "POST"])
def referral_match(request, pk):
    user = request.user
    referral = get_referral_for(user, pk, action=Action.MATCH_REFERRALS)
    if not _ready_to_match(referral):
        messages.info(request, f"Referral {referral.reference} has nothing left to match.")
        return redirect("referrals:detail", pk=referral.pk)
    search_text = request.POST.get("search_text", "").strip()[:MAX_SEARCH]
    action = request.POST.get("action")
    candidates = match_candidates(user=user, referral=referral, text=search_text)
    error = ""
    if request.method == "POST" and action in ("attach", "create", "person_declined"):
        try:
            if action == "attach":
                chosen = {str(c.pk): c for c in candidates}.get(request.POST.get("participant"))
                if chosen is None:
                    raise ValidationError("Choose one of the people listed.")
                services.referral_match_existing(
                    referral=referral, matched_by=user, participant=chosen
                )
                messages.success(request, f"Referral {referral.reference} attached.")
            elif action == "create":
                services.referral_create_participant(referral=referral, matched_by=user)
                messages.success(request, f"New person created from {referral.reference}.")
            else:
                services.referral_record_person_declined(referral=referral, recorded_by=user)
                messages.success(request, "Recorded that the person declined.")
            return redirect("referrals:detail", pk=referral.pk)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "referrals/match.html",
        {
            "referral": referral,
            "candidates": candidates,
            "search_text": search_text,
            "error": error,
        },
    )
