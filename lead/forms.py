from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm

from lead.models import Agency, SiteSettings, User


class BannerAuthenticationForm(AuthenticationForm):
    acknowledge = forms.BooleanField(
        label="I have read the notice above and agree to its terms.",
        error_messages={"required": "Please acknowledge the notice to sign in."},
    )


class SiteSettingsForm(forms.ModelForm):
    eligibility_exclusions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One presumptive exclusion per line. Officers answer these on every referral.",
    )

    class Meta:
        model = SiteSettings
        fields = [
            "intake_deadline_days",
            "social_contact_lookback_months",
            "drug_quantity_threshold_grams",
            "caseload_warn",
            "caseload_block",
            "no_contact_alert_days",
            "arrest_diversion_enabled",
            "social_contact_enabled",
            "community_referral_enabled",
            "referral_reviewer",
            "program_capacity",
            "account_inactivity_days",
            "retention_years_after_exit",
            "login_banner",
            "eligibility_exclusions",
        ]
        widgets = {"login_banner": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["eligibility_exclusions"] = "\n".join(self.instance.eligibility_exclusions)

    def clean_eligibility_exclusions(self):
        lines = [line.strip() for line in self.cleaned_data["eligibility_exclusions"].splitlines()]
        exclusions = list(dict.fromkeys(line for line in lines if line))
        if not exclusions:
            raise forms.ValidationError("List at least one exclusion.")
        return exclusions

    def clean(self):
        cleaned = super().clean()
        warn, block = cleaned.get("caseload_warn"), cleaned.get("caseload_block")
        if warn is not None and block is not None and block < warn:
            self.add_error("caseload_block", "The block level cannot be below the warning level.")
        if not (cleaned.get("arrest_diversion_enabled") or cleaned.get("social_contact_enabled")):
            self.add_error(None, "Turn on at least one of the two required referral pathways.")
        if cleaned.get("intake_deadline_days") == 0:
            self.add_error("intake_deadline_days", "The intake deadline must be at least one day.")
        return cleaned


class UserCreateForm(BaseUserCreationForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.filter(is_active=True))

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "phone", "role", "agency"]


class UserEditForm(forms.ModelForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.all())

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "role", "agency", "is_active"]


class PasswordConfirmForm(forms.Form):
    """Asks for the account's password again before a change to how it signs in."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class MFASetupForm(PasswordConfirmForm):
    code = forms.CharField(
        label="Six-digit code from the app",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class MFAVerifyForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
