from datetime import date

from django import forms

from reports.models import CostCategory
from reports.services.bookings import MAX_BYTES


class MonthField(forms.DateField):
    """A calendar month typed as YYYY-MM (the browser's month picker), kept as its first day."""

    widget = forms.DateInput(attrs={"type": "month"})
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if isinstance(day, date) else day


class CostEntryForm(forms.Form):
    month = MonthField(help_text="The month the spending covers (YYYY-MM).")
    category = forms.ChoiceField(choices=CostCategory.choices)
    amount = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=2, help_text="In dollars; zero or more."
    )
    note = forms.CharField(max_length=200, required=False)
    # Set when the person has seen that the month already has an amount and chose to replace it.
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].error_messages["invalid"] = "Enter a month as YYYY-MM."
        self.fields["amount"].error_messages["min_value"] = "Spending cannot be negative."


class BookingUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "UTF-8 CSV with columns source_id, date, race_ethnicity and optionally agency, "
            "area, offence. One row per eligible arrest that was booked, not diverted. "
            "No names or dates of birth."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it."
            )
        return upload
