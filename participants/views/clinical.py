"""Intake assessment and releases of information: care team and supervisor only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_POST

from lead import audit
from lead.access import Action, check
from participants import services
from participants.forms import ConsentForm, IntakeForm
from participants.models import IntakeAssessment
from participants.selectors import current_episode, get_consent_for, get_participant_for
from participants.services import IntakeConflict
from participants.views.helpers import apply_errors


def _clinical_participant(request, pk):
    participant = get_participant_for(request.user, pk, write=True)
    check(request.user, Action.VIEW_CLINICAL)
    return participant


def intake(request, pk):
    participant = _clinical_participant(request, pk)
    episode = current_episode(participant)
    assessment = None
    if episode is not None and episode.is_open:
        assessment = IntakeAssessment.objects.filter(episode=episode).first()
    form = IntakeForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        completing = "complete" in request.POST
        answers = {name: form.cleaned_data[name] for name in form.Meta.fields}
        target = assessment or services.intake_start(
            participant=participant, started_by=request.user
        )
        save = services.intake_complete if completing else services.intake_save
        who = "completed_by" if completing else "saved_by"
        try:
            save(
                assessment=target,
                version=form.cleaned_data["version"],
                answers=answers,
                **{who: request.user},
            )
        except IntakeConflict as error:
            form.add_error(None, error)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            participant.refresh_from_db()
            if completing:
                messages.success(request, _completion_message(participant))
            else:
                messages.success(request, "Draft saved. You can finish it later.")
            return redirect("participants:detail", participant.pk)
    # Before any assessment exists the page shows the participant's record and a blank form.
    audit.record_view(
        actor=request.user, action="intake.view", participant_id=participant.pk, obj=assessment
    )
    return render(
        request,
        "participants/intake.html",
        {"form": form, "participant": participant, "assessment": assessment},
    )


def _completion_message(participant) -> str:
    episode = current_episode(participant)
    if episode and episode.intake_completed_at:
        return "Intake complete: the assessment is done and a release is signed."
    return "Assessment complete. Intake completes once a signed release is recorded."


def consent_create(request, pk):
    participant = _clinical_participant(request, pk)
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_create(
                participant=participant,
                created_by=request.user,
                recipient_agencies=list(data["recipient_agencies"]),
                recipient_agency_types=data["recipient_agency_types"],
                categories=data["categories"],
                purpose=data["purpose"],
                signed_on=data["signed_on"],
                expires_on=data["expires_on"],
                expiry_event=data["expiry_event"],
                covers_part2=data["covers_part2"],
                form_scan=data["form_scan"],
                submission_token=data["submission_token"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "duplicate":
                return redirect("participants:detail", participant.pk)
            apply_errors(form, error)
        else:
            participant.refresh_from_db()
            episode = current_episode(participant)
            done = episode and episode.intake_completed_at
            messages.success(
                request,
                "Release recorded." + (" Intake is complete." if done else ""),
            )
            return redirect("participants:detail", participant.pk)
    if form.errors and request.FILES:
        form.add_error(None, "Browsers cannot keep a chosen file: choose the scan again.")
    audit.record_view(
        actor=request.user, action="consent.create_form_view", participant_id=participant.pk
    )
    return render(
        request, "participants/consent_form.html", {"form": form, "participant": participant}
    )


@require_POST
def consent_revoke(request, pk, consent_pk):
    participant = _clinical_participant(request, pk)
    consent = get_consent_for(request.user, participant, consent_pk)
    try:
        services.consent_revoke(consent=consent, revoked_by=request.user)
        messages.success(request, "Release revoked. Sharing under it stopped now.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("participants:detail", participant.pk)


def consent_form_file(request, pk, consent_pk):
    """The signed form's scan, only through this view, never cached."""
    participant = _clinical_participant(request, pk)
    consent = get_consent_for(request.user, participant, consent_pk)
    if not consent.form_scan:
        raise Http404("This release has no scan.")
    audit.record(
        actor=request.user,
        action="consent.form_view",
        obj=consent,
        participant_id=participant.pk,
    )
    response = FileResponse(consent.form_scan.open("rb"), content_type=consent.form_content_type)
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        consent.form_content_type, "bin"
    )
    response["Content-Disposition"] = f'inline; filename="release-{consent.pk}.{extension}"'
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response
