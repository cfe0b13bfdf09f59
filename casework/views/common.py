from django.core.exceptions import ValidationError

from lead import audit


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names, the rest at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def record_form_view(request, participant_id: int) -> None:
    """A form page shows the participant's record too, so opening one is an audited view."""
    if request.method == "GET":
        audit.record(
            actor=request.user,
            action="casework.form_view",
            object_type="participants.participant",
            object_id=participant_id,
            participant_id=participant_id,
        )
