from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lead import mfa_services, services
from lead.access import Action, require
from lead.forms import UserCreateForm, UserEditForm
from lead.models import User, UserSession


def _locked_usernames(usernames) -> set[str]:
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).values_list("username", flat=True)
    )


@require(Action.MANAGE_USERS)
def user_list(request):
    users = User.objects.select_related("agency").order_by("agency__name", "username")
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    locked = _locked_usernames([u.username for u in page])
    rows = [(u, u.username in locked) for u in page]
    return render(request, "lead/users/list.html", {"page": page, "rows": rows})


@require(Action.MANAGE_USERS)
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_create(form=form, created_by=request.user)
        messages.success(request, f"Account {user.username} created.")
        return redirect("users")
    return render(request, "lead/users/form.html", {"form": form, "title": "New account"})


@require(Action.MANAGE_USERS)
def user_edit(request, pk):
    account = get_object_or_404(User, pk=pk)
    form = UserEditForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        services.user_update(form=form, updated_by=request.user)
        messages.success(request, f"Account {account.username} saved.")
        return redirect("users")
    is_locked = bool(_locked_usernames([account.username]))
    return render(
        request,
        "lead/users/form.html",
        {
            "form": form,
            "title": f"Account {account.username}",
            "account": account,
            "is_locked": is_locked,
            "session_count": UserSession.objects.filter(user=account).count(),
            "mfa_enrolled": mfa_services.mfa_is_enrolled(account),
        },
    )


@require(Action.MANAGE_USERS)
@require_POST
def user_unlock(request, pk):
    account = get_object_or_404(User, pk=pk)
    services.user_unlock(user=account, unlocked_by=request.user)
    messages.success(request, f"Account {account.username} unlocked.")
    return redirect("user_edit", pk=account.pk)


@require(Action.MANAGE_USERS)
@require_POST
def user_lock(request, pk):
    account = get_object_or_404(User, pk=pk)
    services.user_lock(user=account, locked_by=request.user)
    messages.success(request, f"Account {account.username} locked and signed out.")
    return redirect("user_edit", pk=account.pk)


@require(Action.MANAGE_USERS)
@require_POST
def user_end_sessions(request, pk):
    account = get_object_or_404(User, pk=pk)
    # An admin ending their own sessions keeps the one they are using.
    ended = services.user_end_sessions(
        user=account,
        ended_by=request.user,
        keep_session_key=request.session.session_key,
    )
    messages.success(request, f"Ended {ended} session(s) of {account.username}.")
    return redirect("user_edit", pk=account.pk)


@require(Action.MANAGE_USERS)
@require_POST
def user_mfa_reset(request, pk):
    account = get_object_or_404(User, pk=pk)
    mfa_services.mfa_reset(user=account, reset_by=request.user)
    messages.success(
        request, f"Two-step sign-in reset for {account.username}; they enrol again at sign-in."
    )
    return redirect("user_edit", pk=account.pk)
