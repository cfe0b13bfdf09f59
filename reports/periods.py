"""The filters every report takes: a period, and an agency and area where they apply."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.utils import timezone

from lead.models import Agency

MAX_PERIOD_DAYS = 366 * 20


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the end of a shorter month (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def month_starts(start: date, end: date) -> list[date]:
    """The first day of every calendar month that the period touches."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    agency_id: int | None = None
    area: str = ""
    # Set by the view for supervisors: their agency, whatever the form said.
    agency_locked: bool = field(default=False, compare=False)

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_before(self) -> datetime:
        """The first moment after the period (the end date is included)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Filters":
        """The period of the same length just before this one."""
        return Filters(
            start=self.start - timedelta(days=self.days),
            end=self.start - timedelta(days=1),
            agency_id=self.agency_id,
            area=self.area,
        )

    def querystring(self) -> str:
        params = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.agency_id and not self.agency_locked:
            params["agency"] = self.agency_id
        if self.area:
            params["area"] = self.area
        return urlencode(params)


def agency_rows(agency_types) -> list[tuple[int, str, str]]:
    """(pk, name, area) of the agencies a report may be filtered by, in one query."""
    if not agency_types:
        return []
    return list(
        Agency.objects.filter(agency_type__in=agency_types)
        .order_by("name")
        .values_list("pk", "name", "area")
    )


class FilterForm(forms.Form):
    start = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="From"
    )
    end = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="To"
    )
    agency = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Agency")
    area = forms.ChoiceField(required=False, label="Area")

    def __init__(self, *args, agencies, show_agency: bool, show_area: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if show_agency:
            self.fields["agency"].choices = [("", "All agencies")] + [
                (pk, name) for pk, name, _ in agencies
            ]
        else:
            del self.fields["agency"]
        if show_area:
            areas = sorted({area for _, _, area in agencies if area})
            self.fields["area"].choices = [("", "All areas")] + [(a, a) for a in areas]
        else:
            del self.fields["area"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if "start" in self.errors or "end" in self.errors:
            return data
        if start is None or end is None:
            raise forms.ValidationError(
                "The period is empty: choose both a start date and an end date."
            )
        if end < start:
            raise forms.ValidationError(
                f"The period ends ({end:%Y-%m-%d}) before it starts ({start:%Y-%m-%d}). "
                "Choose an end date on or after the start date."
            )
        if (end - start).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError("Choose a period of twenty years or less.")
        return data


def default_filters(*, months: int) -> Filters:
    today = timezone.localdate()
    return Filters(start=add_months(today, -months) + timedelta(days=1), end=today)
