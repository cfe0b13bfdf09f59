"""Forms validate input; the services in participants.services apply it."""

import uuid

from django import forms

from lead.models import Agency, User
from lead.roles import AgencyType, Role
from participants.models import (
    ConsentCategory,
    ConsentExpiryEvent,
    IntakeAssessment,
    Participant,
    ParticipantStatus,
    RaceEthnicity,
)
from participants.models.consent import RECIPIENT_CLASS_LABELS
from participants.models.intake import ANSWER_FIELDS, SECTIONS
from participants.services.records import EDITABLE_FIELDS
from participants.uploads import sniff_form_type

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SearchForm(forms.Form):
    text = forms.CharField(
        label="Name, alias or street name",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    date_of_birth = forms.DateField(required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("date_of_birth"):
            raise forms.ValidationError("Enter a name or a date of birth.")
        return data


class PersonForm(forms.ModelForm):
    race_ethnicity = forms.MultipleChoiceField(
        label="Race and ethnicity (self-reported; choose any)",
        choices=RaceEthnicity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Participant
        fields = EDITABLE_FIELDS
        widgets = {
            "date_of_birth": DATE,
            "best_way_to_find": forms.Textarea(attrs={"rows": 2}),
            "coordination_summary": forms.Textarea(attrs={"rows": 3}),
        }


class ParticipantCreateForm(PersonForm):
    aliases = forms.CharField(
        label="Aliases and street names",
        required=False,
        max_length=500,
        help_text="Separate with commas.",
    )
    confirm_new = forms.BooleanField(
        label="None of the records shown is this person: create a new record.", required=False
    )
    creation_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    class Meta(PersonForm.Meta):
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "gender_identity",
            "gender_identity_detail",
            "race_ethnicity",
            "preferred_language",
            "phone",
            "best_way_to_find",
            "booking_number",
        ]

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data.get("aliases", "").split(",") if a.strip()]


class AliasForm(forms.Form):
    name = forms.CharField(max_length=150)
    is_street_name = forms.BooleanField(label="Street name", required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ParticipantStatus.choices)
    reason = forms.CharField(max_length=300, widget=forms.TextInput)

    def __init__(self, *args, may_exit: bool, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v, label) for v, label in ParticipantStatus.choices if v != current]
        if not may_exit:
            # Supervisors approve exits (domain.md, The people and what they do).
            choices = [(v, label) for v, label in choices if v != ParticipantStatus.EXITED]
        self.fields["status"].choices = choices


class CareTeamForm(forms.Form):
    user = forms.ModelChoiceField(label="Case manager", queryset=User.objects.none())
    primary = forms.BooleanField(label="Primary case manager", required=False)
    override_reason = forms.CharField(
        label="Reason to assign past the caseload limit",
        required=False,
        max_length=300,
        help_text="Needed only when the case manager is past the site's caseload block.",
    )

    def __init__(self, *args, agency, caseloads: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = User.objects.filter(
            agency=agency, role=Role.CASE_MANAGER, is_active=True
        ).order_by("last_name", "first_name")
        field.label_from_instance = lambda u: f"{u} ({caseloads.get(u.pk, 0)} as primary)"


class ConsentForm(forms.Form):
    recipient_agencies = forms.ModelMultipleChoiceField(
        label="Named agencies",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_agency_types = forms.MultipleChoiceField(
        label="Classes of agency",
        choices=[
            (t.value, RECIPIENT_CLASS_LABELS[t])
            for t in (AgencyType.POLICE, AgencyType.PROSECUTOR, AgencyType.PROVIDER)
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.MultipleChoiceField(
        label="What may be shared",
        choices=ConsentCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one kind of information to share."},
    )
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="Coordinate services and legal matters among the LEAD partners.",
    )
    signed_on = forms.DateField(label="Date signed", widget=DATE)
    expires_on = forms.DateField(label="Expires on", required=False, widget=DATE)
    expiry_event = forms.ChoiceField(
        label="Or expires at",
        choices=[("", "—"), *ConsentExpiryEvent.choices],
        required=False,
    )
    covers_part2 = forms.BooleanField(
        label="Covers substance-use treatment information (42 CFR Part 2)", required=False
    )
    form_scan = forms.FileField(
        label="Scan of the signed form (PDF, PNG or JPEG, up to 10 MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_agencies"].queryset = Agency.objects.filter(
            is_active=True,
            agency_type__in=[AgencyType.POLICE, AgencyType.PROSECUTOR, AgencyType.PROVIDER],
        ).order_by("agency_type", "name")

    def clean_form_scan(self):
        scan = self.cleaned_data.get("form_scan")
        if scan:
            sniff_form_type(scan)
        return scan

    def clean(self):
        data = super().clean()
        if not data.get("recipient_agencies") and not data.get("recipient_agency_types"):
            self.add_error("recipient_agencies", "Name at least one agency or kind of agency.")
        signed, expires = data.get("signed_on"), data.get("expires_on")
        if signed and expires and expires < signed:
            self.add_error("expires_on", "The release cannot expire before it was signed.")
        if not expires and not data.get("expiry_event") and "expires_on" not in self.errors:
            self.add_error(
                "expires_on", "Enter an expiry date or choose the event that ends the release."
            )
        return data


class IntakeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = IntakeAssessment
        fields = ANSWER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ANSWER_FIELDS:
            model_field = IntakeAssessment._meta.get_field(name)
            if hasattr(model_field, "base_field"):
                self.fields[name] = forms.MultipleChoiceField(
                    label=model_field.verbose_name.capitalize(),
                    choices=model_field.base_field.choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
            elif isinstance(self.fields[name].widget, forms.Textarea):
                self.fields[name].widget.attrs["rows"] = 2
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["version"].initial = 1

    def sections(self):
        """(title, bound fields) in the order of the assessment."""
        return [(title, [self[n] for n in [*answers, notes]]) for title, answers, notes in SECTIONS]


class MergeForm(forms.Form):
    survivor = forms.ChoiceField(label="Keep this record", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why these are the same person", max_length=300, widget=forms.TextInput
    )

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (str(p.pk), f"{p.legal_name} (record {p.pk})") for p in pair
        ]


class RetentionConfirmForm(forms.Form):
    """The program manager's confirmation of a purge of the records listed on the page."""

    confirm = forms.BooleanField(
        label=(
            "I confirm that the records listed are past the site's retention period and that "
            "their clinical and identifying content is to be purged. This cannot be undone."
        ),
        error_messages={"required": "Tick the box to confirm the purge."},
    )
    participant_ids = forms.CharField(widget=forms.HiddenInput, required=False)
    # Referrals never linked to a participant, purged in the same confirmation.
    referral_ids = forms.CharField(widget=forms.HiddenInput, required=False)
    # One per page view: a second submit of the same form purges nothing twice.
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, due_ids=(), referral_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["participant_ids"] = ",".join(str(pk) for pk in due_ids)
            self.initial["referral_ids"] = ",".join(str(pk) for pk in referral_ids)
            self.initial["token"] = uuid.uuid4()

    def clean(self):
        data = super().clean()
        # The lists are hidden fields, so their error goes above the form where it is seen.
        lists = {}
        for name in ("participant_ids", "referral_ids"):
            parts = [p.strip() for p in (data.get(name) or "").split(",") if p.strip()]
            lists[name] = [int(p) for p in parts] if all(p.isdigit() for p in parts) else None
        if None in lists.values() or not any(lists.values()):
            self.add_error(None, "The list of records was not recognised. Reload the page.")
            data.pop("participant_ids", None)
            data.pop("referral_ids", None)
        else:
            data.update(lists)
        return data
