"""Input rules shared by forms (to put the message beside the field) and services (to hold)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

MAX_CONTACT_MINUTES = 24 * 60
# Phones' clocks drift; a contact logged "now" must not be refused for a minute's difference.
CLOCK_SKEW = timedelta(minutes=5)


def require_text(value: str, message: str) -> str:
    if not (value or "").strip():
        raise ValidationError(message)
    return value.strip()


def not_in_future(when: datetime) -> None:
    if when > timezone.now() + CLOCK_SKEW:
        raise ValidationError("This is in the future. Enter when the contact happened.")


def day_not_in_future(day: date) -> None:
    if day > timezone.localdate():
        raise ValidationError("This date is in the future.")


def duration_ok(minutes: int | None) -> None:
    if minutes is None or minutes < 0:
        raise ValidationError("Enter the duration in minutes (0 or more).")
    if minutes > MAX_CONTACT_MINUTES:
        raise ValidationError("A contact cannot last more than 24 hours (1440 minutes).")


def step_date_ok(due_on: date | None, plan_started_on: date | None) -> None:
    if due_on and plan_started_on and due_on < plan_started_on:
        raise ValidationError(
            f"This is before the plan began ({plan_started_on:%Y-%m-%d}). Pick a later date "
            "or leave it empty."
        )


def first_of_month(day: date) -> date:
    return day.replace(day=1)
