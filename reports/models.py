"""What reports need beyond the other apps' records: program spending and the booking data
of eligible arrests that were not diverted. Neither holds anything clinical or identifying."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lead.models import Agency


class CostCategory(models.TextChoices):
    STAFF = "staff", "Staff"
    HOUSING = "housing", "Housing assistance"
    CLIENT_SUPPORT = "client_support", "Client support funds"
    OPERATIONS = "operations", "Operations and overhead"
    EVALUATION = "evaluation", "Evaluation and data"
    OTHER = "other", "Other"


class CostEntry(models.Model):
    """The program's spending in one category for one calendar month."""

    month = models.DateField(help_text="The first day of the month the spending covers.")
    category = models.CharField(max_length=20, choices=CostCategory.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "category"]
        constraints = [
            models.UniqueConstraint(fields=["month", "category"], name="cost_once_per_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_not_negative"),
            models.CheckConstraint(condition=Q(month__day=1), name="cost_month_is_first_day"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.month:%Y-%m}"


class BookingRecord(models.Model):
    """One arrest that was eligible for diversion but was booked instead (imported).

    The booking system's own identifier makes a second import of the same row a no-op. Only
    the facts the equity report counts are kept: no names, no dates of birth.
    """

    source_id = models.CharField(max_length=100, unique=True)
    booked_on = models.DateField()
    race_ethnicity = models.CharField(max_length=20)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.CharField(max_length=100, blank=True)
    offence = models.CharField(max_length=200, blank=True)
    batch = models.ForeignKey(
        "BookingImportBatch", on_delete=models.PROTECT, related_name="records"
    )

    class Meta:
        ordering = ["-booked_on", "-id"]
        indexes = [models.Index(fields=["booked_on"], name="booking_record_day")]

    def __str__(self):
        return f"Booking {self.source_id}"


class BookingImportBatch(models.Model):
    """One uploaded CSV of bookings: previewed first, then committed all at once."""

    class State(models.TextChoices):
        PREVIEW = "preview", "Awaiting confirmation"
        COMMITTED = "committed", "Imported"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=200)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rows = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PREVIEW)
    committed_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"Booking import {self.pk}: {self.filename}"


class ReportSnapshot(models.Model):
    """One report's tables for one set of filters, computed by `run_daily` (or "Rebuild now")
    so that the page a user opens reads a stored result instead of aggregating the program.

    The key is the normalised filters (reports.services.snapshots.snapshot_key): it names the
    agency and whether it was locked to a supervisor's own agency, so one agency's locked view
    can never be served for another's. Tables hold aggregates only, as every report does.
    """

    slug = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    # Per table: its builder's name, the table as data and its rendered rows.
    tables = models.JSONField()
    # The table markup's version when the rows were rendered; another version re-renders.
    markup_version = models.CharField(max_length=16, blank=True)
    built_at = models.DateTimeField()
    build_duration = models.DurationField()

    class Meta:
        ordering = ["slug", "key"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "key"], name="report_snapshot_once_per_key")
        ]

    def __str__(self):
        return f"{self.slug} [{self.key}] as of {self.built_at:%Y-%m-%d %H:%M}"
