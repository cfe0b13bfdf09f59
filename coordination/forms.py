import uuid

from django import forms
from django.db.models import Q

from coordination.models import (
    ActionItem,
    AgendaItem,
    Consultation,
    Decision,
    LegalEvent,
    Meeting,
    Recommendation,
)
from coordination.services.legal_events import legal_event_validate
from lead.csv_upload import MAX_BYTES
from lead.models import User
from lead.roles import Role

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TokenMixin(forms.Form):
    """A hidden token per rendered form: a second submit of the same form does nothing new."""

    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["token"] = uuid.uuid4()


class PartnerLookupForm(forms.Form):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    date_of_birth = forms.DateField(widget=DATE)


class LegalEventForm(TokenMixin, forms.ModelForm):
    class Meta:
        model = LegalEvent
        fields = [
            "event_type",
            "occurred_on",
            "case_number",
            "offence",
            "level",
            "release_date",
            "notes",
        ]
        widgets = {
            "occurred_on": DATE,
            "release_date": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"notes": "Coordination facts only."}

    def clean(self):
        cleaned = super().clean()
        errors = legal_event_validate(
            event_type=cleaned.get("event_type", ""),
            occurred_on=cleaned.get("occurred_on"),
            release_date=cleaned.get("release_date"),
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned


class FlagClearForm(forms.Form):
    reason = forms.CharField(max_length=300)


class ConsultationOpenForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["question"]
        widgets = {"question": forms.Textarea(attrs={"rows": 3})}
        labels = {"question": "What would you like to know? (optional)"}


class ConsultationAnswerForm(forms.Form):
    recommendation = forms.ChoiceField(choices=Recommendation.choices)
    summary = forms.CharField(
        label="Partner-safe summary",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The prosecutor reads this. Coordination facts only: nothing clinical.",
    )


class ConsultationDecideForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices)
    note = forms.CharField(max_length=300, required=False)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "UTF-8 CSV with columns source_id, participant_id, event_type, date, agency and "
            "optionally case_number, offence, level, release_date, notes."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it."
            )
        return upload


def attendee_choices():
    return (
        User.objects.filter(is_active=True)
        .exclude(role=Role.ADMIN)
        .order_by("role", "last_name", "first_name")
    )


class MeetingForm(forms.ModelForm):
    attendees = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Meeting
        fields = ["scheduled_for", "area", "attendees"]
        widgets = {
            "scheduled_for": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = attendee_choices()
        self.fields["attendees"].label_from_instance = lambda u: (
            f"{u} ({u.get_role_display()}, {u.agency})"
        )


class AgendaItemForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AgendaItem
        fields = ["notes", "decision"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 2}),
            "decision": forms.Textarea(attrs={"rows": 1}),
        }


def action_owner_choices(meeting: Meeting):
    """Who may own an action item: the meeting's attendees and the program managers who run
    the workgroup. Not every user: the list stays the size of a meeting as staff grows."""
    return (
        User.objects.filter(is_active=True)
        .exclude(role=Role.ADMIN)
        .filter(Q(pk__in=meeting.attendees.values("pk")) | Q(role=Role.PROGRAM_MANAGER))
        .order_by("role", "last_name", "first_name")
    )


class ActionItemForm(TokenMixin, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "owner", "due_on", "agenda_item"]
        widgets = {"due_on": DATE}
        labels = {"agenda_item": "About agenda item (optional)"}
        help_texts = {"owner": "An attendee of this meeting, or a program manager."}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = action_owner_choices(meeting)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)
        self.fields["agenda_item"].required = False
