from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lead import audit
from lead.access import Action, can, require
from lead.models import SiteSettings
from lead.roles import PARTNER_ROLES, Role
from referrals import services
from referrals.filters import OfficerReferralFilter, ReferralFilter
from referrals.forms import DecisionForm, ReferralForm
from referrals.models import Decision
from referrals.selectors import (
    can_review,
    get_referral_for,
    officer_referrals,
    review_queue,
    staff_referrals,
)

PAGE_SIZE = 25


@require(Action.FILE_REFERRALS)
@require_http_methods(["GET", "POST"])
def referral_create(request):
    site = SiteSettings.load()
    form = ReferralForm(request.POST or None, site=site, officer=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral, created = services.referral_submit(
                submitted_by=request.user, token=data["token"], data=data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(request, f"Referral {referral.reference} submitted.")
            else:
                messages.info(request, f"Referral {referral.reference} was already submitted.")
            return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/form.html", {"form": form})


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def referral_list(request):
    """An officer's own referrals, or the program's full list for staff."""
    user = request.user
    if user.role == Role.OFFICER:
        referral_filter = OfficerReferralFilter(
            request.GET or None, queryset=officer_referrals(user)
        )
    elif can(user, Action.VIEW_REFERRALS):
        referral_filter = ReferralFilter(request.GET or None, queryset=staff_referrals(user))
    else:
        raise PermissionDenied
    page, query = _page(request, referral_filter.qs)
    return render(
        request,
        "referrals/list.html",
        {"filter": referral_filter, "page": page, "query": query},
    )


def review_list(request):
    if not can_review(request.user):
        raise PermissionDenied
    page, query = _page(request, review_queue(request.user))
    return render(request, "referrals/queue.html", {"page": page, "query": query})


@require(Action.VIEW_REFERRALS)
def waitlist(request):
    referrals = staff_referrals(request.user).waitlist()
    page, query = _page(request, referrals)
    return render(request, "referrals/waitlist.html", {"page": page, "query": query})


def referral_detail(request, pk):
    user = request.user
    referral = get_referral_for(user, pk)
    audit.record(
        actor=user, action="referral.view", obj=referral, participant_id=referral.participant_id
    )
    if user.role == Role.OFFICER:
        # An officer sees what they filed and its outcome: nothing about the person's record.
        return render(request, "referrals/detail_officer.html", {"referral": referral})
    context = {
        "referral": referral,
        "reasons": list(referral.decision_reasons.all()),
        "can_decide": referral.decision == Decision.PENDING and can_review(user),
        "can_match": can(user, Action.MATCH_REFERRALS)
        and referral.decision == Decision.APPROVED
        and referral.participant_id is None
        and referral.person_declined_at is None,
        # Partners learn the outcome, never which participant record it attached to.
        "show_participant": user.role not in PARTNER_ROLES,
    }
    return render(request, "referrals/detail.html", context)


@require_http_methods(["GET", "POST"])
def referral_decide(request, pk):
    referral = get_referral_for(request.user, pk, action=Action.REVIEW_REFERRALS)
    if not can_review(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST or None)
    if referral.decision != Decision.PENDING:
        messages.warning(
            request,
            f"Referral {referral.reference} was already {referral.get_decision_display().lower()}"
            f" by {referral.decided_by}.",
        )
        return redirect("referrals:detail", pk=referral.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_decide(
                referral=referral,
                decided_by=request.user,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                note=form.cleaned_data["note"],
            )
        except services.AlreadyDecided as already:
            decided = already.referral
            messages.warning(
                request,
                f"Referral {decided.reference} was decided by {decided.decided_by} while you "
                f"were reviewing it ({decided.get_decision_display().lower()}); your decision "
                "was not recorded.",
            )
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "referrals/decide.html", {"referral": referral, "form": form})
        else:
            messages.success(request, f"Referral {referral.reference} decided.")
        return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/decide.html", {"referral": referral, "form": form})
