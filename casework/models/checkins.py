import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from casework.choices import Employment, HousingStatus, IncomeSource
from casework.models.scope import CaseworkQuerySet
from participants.models import Participant


@pghistory.track()
class CheckIn(models.Model):
    """The monthly outcome check-in the evaluation counts (domain.md, Outcomes)."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="checkins")
    month = models.DateField(help_text="The first day of the month the check-in covers.")
    housing = models.CharField(max_length=20, choices=HousingStatus.choices)
    employment = models.CharField(max_length=20, choices=Employment.choices)
    has_income = models.BooleanField("income or benefits")
    income_sources = ArrayField(
        models.CharField(max_length=30, choices=IncomeSource.choices), default=list, blank=True
    )
    has_insurance = models.BooleanField("health insurance")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseworkQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "month"], name="one_checkin_a_month"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="checkin_month_is_first_day"
            ),
        ]

    def __str__(self):
        return f"Check-in {self.month:%Y-%m} of participant {self.participant_id}"

    def get_income_sources_display(self) -> list[str]:
        return [IncomeSource(s).label for s in self.income_sources if s in IncomeSource.values]
