"""Forms validate and put each message beside its field; services apply the change."""

import uuid
from datetime import date, timedelta

from django import forms
from django.utils import timezone

from casework.choices import (
    ContactMode,
    Domain,
    Employment,
    GoalStatus,
    HousingStatus,
    IncomeSource,
    LocationType,
    ServiceKind,
    StepOwner,
)
from casework.models import Goal, ServiceType
from casework.services import rules
from casework.services.contacts import contact_staff_choices

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Answer yes or no."},
    )


class OnceForm(forms.Form):
    """Carries a one-time token, so that submitting the same form twice adds one row."""

    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GoalForm(OnceForm):
    text = forms.CharField(
        label="Goal, in the participant's own words",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    domain = forms.ChoiceField(choices=[("", "Pick a domain"), *Domain.choices])
    status = forms.ChoiceField(choices=GoalStatus.choices, initial=GoalStatus.NOT_STARTED)

    def clean_text(self):
        return rules.require_text(
            self.cleaned_data["text"], "Write the goal, in the participant's own words."
        )


class GoalEditForm(GoalForm):
    token = None
    version = forms.IntegerField(widget=forms.HiddenInput)


class StepForm(OnceForm):
    text = forms.CharField(label="What", max_length=300, required=False)
    owner = forms.ChoiceField(label="Who", choices=StepOwner.choices, widget=forms.RadioSelect)
    partner_name = forms.CharField(
        label="Which partner", max_length=120, required=False, help_text="When a partner does it."
    )
    due_on = forms.DateField(label="By when (optional)", required=False, widget=_date_input())

    def __init__(self, *args, plan_started_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_started_on = plan_started_on

    def clean_text(self):
        return rules.require_text(self.cleaned_data["text"], "Say what the step is.")

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        rules.step_date_ok(due_on, self.plan_started_on)
        return due_on


class ProgressNoteForm(OnceForm):
    noted_on = forms.DateField(label="Date", widget=_date_input(), initial=timezone.localdate)
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_noted_on(self):
        rules.day_not_in_future(self.cleaned_data["noted_on"])
        return self.cleaned_data["noted_on"]

    def clean_text(self):
        return rules.require_text(self.cleaned_data["text"], "Write the note.")


class PlanReviewForm(OnceForm):
    reviewed_on = forms.DateField(label="Date", widget=_date_input(), initial=timezone.localdate)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def clean_reviewed_on(self):
        rules.day_not_in_future(self.cleaned_data["reviewed_on"])
        return self.cleaned_data["reviewed_on"]

    def clean_summary(self):
        return rules.require_text(
            self.cleaned_data["summary"], "Write a short summary of the review."
        )


class ContactForm(OnceForm):
    occurred_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    mode = forms.ChoiceField(
        choices=ContactMode.choices, widget=forms.RadioSelect(attrs={"class": "btn-check"})
    )
    location_type = forms.ChoiceField(label="Where", choices=LocationType.choices)
    duration_minutes = forms.IntegerField(
        label="Minutes", widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    substantive = forms.BooleanField(label="Substantive", required=False)
    staff = forms.ModelChoiceField(queryset=None, empty_label=None, label="Staff", required=False)
    domains = forms.MultipleChoiceField(
        label="Domains addressed",
        choices=Domain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    goals = forms.ModelMultipleChoiceField(
        label="Goals served", queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    services = forms.ModelMultipleChoiceField(
        label="Services given and referrals made",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    is_part2 = forms.BooleanField(
        label="Substance-use treatment (Part 2)",
        required=False,
        help_text="Marks the note as covered by 42 CFR Part 2: only the care team and the "
        "supervisor see it.",
    )

    def __init__(self, *args, participant, user, **kwargs):
        super().__init__(*args, **kwargs)
        staff = self.fields["staff"]
        staff.queryset = contact_staff_choices(participant, user)
        # A handful of people; listing them once keeps the select from querying per render.
        staff.choices = [(u.pk, str(u)) for u in staff.queryset]
        self.fields["goals"].queryset = Goal.objects.filter(plan__participant=participant)
        self.fields["services"].queryset = ServiceType.objects.filter(is_active=True)

    def clean_occurred_at(self):
        rules.not_in_future(self.cleaned_data["occurred_at"])
        return self.cleaned_data["occurred_at"]

    def clean_duration_minutes(self):
        rules.duration_ok(self.cleaned_data["duration_minutes"])
        return self.cleaned_data["duration_minutes"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_part2") and not (cleaned.get("note") or "").strip():
            self.add_error("is_part2", "Only a note can be marked Part 2; write the note first.")
        return cleaned


class VoidForm(forms.Form):
    reason = forms.CharField(label="Why is this contact void?", max_length=300, required=False)

    def clean_reason(self):
        return rules.require_text(self.cleaned_data["reason"], "Say why this contact is voided.")


def _recent_months(count=3):
    first = timezone.localdate().replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return [(m.isoformat(), m.strftime("%B %Y")) for m in months]


class CheckInForm(forms.Form):
    month = forms.TypedChoiceField(
        choices=_recent_months,
        coerce=date.fromisoformat,
    )
    housing = forms.ChoiceField(
        label="Housing status", choices=HousingStatus.choices, widget=forms.RadioSelect
    )
    employment = forms.ChoiceField(choices=Employment.choices, widget=forms.RadioSelect)
    has_income = _yes_no("Income or benefits")
    income_sources = forms.MultipleChoiceField(
        label="Which",
        choices=IncomeSource.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    has_insurance = _yes_no("Health insurance")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("income_sources") and cleaned.get("has_income") is False:
            self.add_error("has_income", "You picked income sources: answer yes here.")
        return cleaned


class ReassignForm(forms.Form):
    to_user = forms.ModelChoiceField(
        label="New primary case manager", queryset=None, empty_label="Pick a case manager"
    )
    override_reason = forms.CharField(
        label="Reason to go past the caseload limit",
        required=False,
        max_length=300,
        help_text="Needed only when the case manager is at the block level.",
    )
    remove_previous = forms.BooleanField(
        label="Take the previous primary case manager off the team", required=False
    )

    def __init__(self, *args, case_managers, caseloads: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = case_managers
        self.fields["to_user"].label_from_instance = lambda u: (
            f"{u} ({caseloads.get(u.pk, 0)} participant"
            f"{'' if caseloads.get(u.pk, 0) == 1 else 's'})"
        )


class ServiceTypeForm(forms.Form):
    name = forms.CharField(max_length=120, required=False)
    kind = forms.ChoiceField(choices=ServiceKind.choices, widget=forms.RadioSelect)

    def clean_name(self):
        return rules.require_text(self.cleaned_data["name"], "Name the service or referral.")
