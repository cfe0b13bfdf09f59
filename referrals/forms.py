import uuid
from datetime import date, timedelta

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row
from django import forms
from django.utils import timezone

from referrals.models import Decision, Flag, Pathway, ReasonCode, Referral
from referrals.selectors import enabled_pathways

# Fields that belong to one pathway only; they are cleared when another pathway is chosen,
# so that a referral never carries leftovers from a section the officer switched away from.
PATHWAY_FIELDS = {
    Pathway.ARREST_DIVERSION: ["offenses", "drug_type", "drug_quantity_grams", "hold_requested"],
    Pathway.SOCIAL_CONTACT: [
        "verification",
        "activity_date",
        "activity_place",
        "activity_inside_area",
    ],
    Pathway.COMMUNITY: ["community_referrer"],
}
REQUIRED_FOR = {
    Pathway.ARREST_DIVERSION: ["incident_number", "offenses"],
    Pathway.SOCIAL_CONTACT: ["verification", "activity_date", "activity_place"],
    Pathway.COMMUNITY: ["community_referrer"],
}
# A few minutes of slack for a phone whose clock runs a little ahead of the server's.
EMPTY_VALUES = {
    "hold_requested": False,
    "activity_inside_area": False,
    "drug_quantity_grams": None,
    "activity_date": None,
}
CLOCK_SLACK = timedelta(minutes=5)
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class ReferralForm(forms.ModelForm):
    token = forms.UUIDField(widget=forms.HiddenInput)
    exclusions = forms.MultipleChoiceField(
        label="Presumptive exclusions that apply",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick any that apply. A ticked item does not stop the referral; the reviewer "
        "decides.",
    )

    class Meta:
        model = Referral
        fields = [
            "pathway",
            "first_name",
            "last_name",
            "aliases",
            "date_of_birth",
            "approximate_age",
            "physical_description",
            "how_to_find",
            "incident_number",
            "incident_at",
            "location",
            "area",
            "offenses",
            "drug_type",
            "drug_quantity_grams",
            "hold_requested",
            "verification",
            "activity_date",
            "activity_place",
            "activity_inside_area",
            "community_referrer",
            "handoff_called_at",
            "handoff_arrived_at",
            "narrative",
            "flag_reason",
        ]
        widgets = {
            "pathway": forms.RadioSelect,
            "verification": forms.RadioSelect,
            "date_of_birth": DATE_WIDGET,
            "activity_date": DATE_WIDGET,
            "incident_at": DATETIME_WIDGET,
            "handoff_called_at": DATETIME_WIDGET,
            "handoff_arrived_at": DATETIME_WIDGET,
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "flag_reason": forms.Textarea(attrs={"rows": 2}),
            "drug_quantity_grams": forms.NumberInput(
                attrs={"step": "0.01", "inputmode": "decimal"}
            ),
            "approximate_age": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        labels = {"flag_reason": "Why refer anyway (when a flag or exclusion applies)"}

    def __init__(self, *args, site, officer, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        pathways = enabled_pathways(site)
        self.fields["pathway"].choices = [c for c in Pathway.choices if c[0] in pathways]
        self.fields["verification"].choices = self.fields["verification"].choices[1:]
        self.fields["exclusions"].choices = [(e, e) for e in site.eligibility_exclusions]
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            self.initial.setdefault("pathway", pathways[0] if pathways else "")
            self.initial.setdefault(
                "incident_at", timezone.localtime().replace(second=0, microsecond=0)
            )
            self.initial.setdefault("area", officer.agency.area)
            self.initial.setdefault("hold_requested", True)
        threshold = site.drug_quantity_threshold_grams
        self.fields["drug_quantity_grams"].help_text = f"Over {threshold} g is flagged."
        self.fields[
            "activity_date"
        ].help_text = f"Within the last {site.social_contact_lookback_months} months."
        for name in ("incident_number", "offenses", "community_referrer"):
            self.fields[name].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "token",
            Fieldset("Pathway", InlineRadios("pathway")),
            Fieldset(
                "The person",
                Row(
                    Column("first_name", css_class="col-sm-6"),
                    Column("last_name", css_class="col-sm-6"),
                ),
                "aliases",
                Row(
                    Column("date_of_birth", css_class="col-7"),
                    Column("approximate_age", css_class="col-5"),
                ),
                "physical_description",
                "how_to_find",
            ),
            Fieldset(
                "The incident",
                Row(
                    Column("incident_number", css_class="col-sm-6"),
                    Column("incident_at", css_class="col-sm-6"),
                ),
                "location",
                "area",
            ),
            Div(
                Fieldset(
                    "Arrest diversion",
                    "offenses",
                    Row(
                        Column("drug_type", css_class="col-7"),
                        Column("drug_quantity_grams", css_class="col-5"),
                    ),
                    "hold_requested",
                ),
                data_pathway=Pathway.ARREST_DIVERSION,
            ),
            Div(
                Fieldset(
                    "Social contact: the qualifying activity",
                    "verification",
                    "activity_date",
                    "activity_place",
                    "activity_inside_area",
                ),
                data_pathway=Pathway.SOCIAL_CONTACT,
            ),
            Div(
                Fieldset("Community referral", "community_referrer"),
                data_pathway=Pathway.COMMUNITY,
            ),
            Fieldset(
                "Warm hand-off",
                Row(
                    Column("handoff_called_at", css_class="col-sm-6"),
                    Column("handoff_arrived_at", css_class="col-sm-6"),
                ),
            ),
            Fieldset("Narrative", "narrative"),
            Fieldset("Eligibility", "exclusions", "flag_reason"),
        )

    def _not_future(self, name, *, is_date=False):
        value = self.cleaned_data.get(name)
        now = timezone.now()
        limit = timezone.localdate() if is_date else now + CLOCK_SLACK
        if value is not None and value > limit:
            raise forms.ValidationError("This cannot be in the future.")
        return value

    def clean_date_of_birth(self):
        return self._not_future("date_of_birth", is_date=True)

    def clean_activity_date(self):
        return self._not_future("activity_date", is_date=True)

    def clean_incident_at(self):
        return self._not_future("incident_at")

    def clean_handoff_called_at(self):
        return self._not_future("handoff_called_at")

    def clean_handoff_arrived_at(self):
        return self._not_future("handoff_arrived_at")

    def clean_drug_quantity_grams(self):
        value = self.cleaned_data.get("drug_quantity_grams")
        if value is not None and value < 0:
            raise forms.ValidationError("A quantity cannot be negative.")
        return value

    def clean_approximate_age(self):
        value = self.cleaned_data.get("approximate_age")
        if value is not None and not 10 <= value <= 110:
            raise forms.ValidationError("Give an age between 10 and 110.")
        return value

    def clean(self):
        cleaned = super().clean()
        pathway = cleaned.get("pathway")
        if pathway is None:
            return cleaned
        for other, fields in PATHWAY_FIELDS.items():
            if other == pathway:
                continue
            for name in fields:
                self.errors.pop(name, None)
                cleaned[name] = EMPTY_VALUES.get(name, "")
        for name in REQUIRED_FOR[pathway]:
            if name not in self.errors and not cleaned.get(name):
                self.add_error(name, "This field is required for this pathway.")
        if pathway == Pathway.SOCIAL_CONTACT and not cleaned.get("activity_inside_area"):
            self.add_error(
                "activity_inside_area", "The qualifying activity must be inside the LEAD area."
            )
        if (
            "date_of_birth" not in self.errors
            and "approximate_age" not in self.errors
            and not cleaned.get("date_of_birth")
            and not cleaned.get("approximate_age")
        ):
            self.add_error("date_of_birth", "Give a date of birth, or an approximate age below.")
        called, arrived = cleaned.get("handoff_called_at"), cleaned.get("handoff_arrived_at")
        if arrived and not called and "handoff_called_at" not in self.errors:
            self.add_error("handoff_called_at", "Say when you called, too.")
        if called and arrived and arrived < called:
            self.add_error("handoff_arrived_at", "The case manager cannot arrive before the call.")
        self._flag(cleaned, pathway)
        return cleaned

    def _flag(self, cleaned, pathway):
        """Presumptive exclusions: flagged, never blocked, but the officer must say why."""
        site, today, flags = self.site, timezone.localdate(), {}
        born = cleaned.get("date_of_birth")
        if born and age_on(born, today) < 18:
            flags[Flag.UNDER_18] = "date_of_birth"
        quantity = cleaned.get("drug_quantity_grams")
        if quantity is not None and quantity > site.drug_quantity_threshold_grams:
            flags[Flag.QUANTITY] = "drug_quantity_grams"
        activity = cleaned.get("activity_date")
        lookback = site.social_contact_lookback_months
        if activity and activity < months_before(today, lookback):
            flags[Flag.LOOKBACK] = "activity_date"
        cleaned["flags"] = list(flags)
        cleaned["exclusions_marked"] = cleaned.get("exclusions") or []
        if (flags or cleaned["exclusions_marked"]) and not cleaned.get("flag_reason", "").strip():
            messages = {
                Flag.UNDER_18: "Under 18: a presumptive exclusion.",
                Flag.QUANTITY: f"Over the {site.drug_quantity_threshold_grams} g threshold: "
                "a presumptive exclusion.",
                Flag.LOOKBACK: f"Outside the {lookback}-month look-back period.",
            }
            for flag, field in flags.items():
                if field not in self.errors:
                    self.add_error(field, f"{messages[flag]} To refer anyway, give a reason below.")
            self.add_error(
                "flag_reason", "A flag or exclusion applies: say why you are referring anyway."
            )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(Decision.APPROVED, "Approve"), (Decision.DECLINED, "Decline")],
        widget=forms.RadioSelect,
    )
    reasons = forms.ModelMultipleChoiceField(
        queryset=ReasonCode.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        label="Reason codes",
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        cleaned = super().clean()
        decision, reasons = cleaned.get("decision"), cleaned.get("reasons")
        if decision and reasons:
            wrong = [r for r in reasons if r.applies_to not in (decision, "both")]
            if wrong:
                self.add_error("reasons", f"“{wrong[0]}” is not a reason for this decision.")
        return cleaned
