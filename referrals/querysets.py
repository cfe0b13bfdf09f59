from django.db import models
from django.db.models import Case, DateTimeField, Exists, F, Func, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from lead.models import ReviewerKind, SiteSettings
from lead.roles import Role
from referrals.status import DeadlineState, OutcomeStatus


def _reviewer_is(kind: str):
    return Exists(SiteSettings.objects.filter(pk=1, referral_reviewer=kind))


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReferralQuerySet":
        """The one scope rule for referrals (domain.md, "Coordination": referrals they made or
        reviewed, and their outcome).

        - officer: only the referrals they filed themselves, never a colleague's;
        - prosecutor: every arrest diversion (they watch its intake deadline), and every
          referral when the site names the prosecutor as the reviewer;
        - case manager: approved referrals still awaiting intake (anyone on the program may
          pick one up), and referrals attached to a participant of their own agency;
        - supervisor: the same, and, when program staff review, every referral not yet
          attached to a participant (the review queue and its declines);
        - program manager: all referrals;
        - admin: none.

        The site setting is read inside the query (EXISTS on the settings row), so the scope
        costs no extra query and follows a settings change at once.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        role = user.role
        if role == Role.OFFICER:
            return self.filter(referred_by=user)
        if role == Role.PROSECUTOR:
            return self.filter(
                Q(pathway="arrest_diversion") | Q(_reviewer_is(ReviewerKind.PROSECUTOR))
            )
        if role in (Role.CASE_MANAGER, Role.SUPERVISOR):
            scope = Q(participant__agency_id=user.agency_id) | Q(
                participant__isnull=True, decision="approved"
            )
            if role == Role.SUPERVISOR:
                scope |= Q(participant__isnull=True) & Q(_reviewer_is(ReviewerKind.PROGRAM))
            return self.filter(scope)
        if role == Role.PROGRAM_MANAGER:
            return self.all()
        return self.none()

    def with_state(self, *, now=None) -> "ReferralQuerySet":
        """Annotate deadline_at, deadline_state and outcome_status, in SQL.

        `now` comes from Python so that the database and the app agree on the time (and tests
        can move it). The site's deadline days are read by a subquery, not a separate query.
        """
        now = now or timezone.now()
        days = Coalesce(
            Subquery(SiteSettings.objects.filter(pk=1).values("intake_deadline_days")[:1]),
            Value(30),
        )
        interval = Func(days, template="make_interval(days => %(expressions)s)")
        has_deadline = Q(pathway="arrest_diversion") & ~Q(decision="declined")
        return self.annotate(
            deadline_at=Case(
                When(has_deadline, then=F("submitted_at") + interval),
                default=None,
                output_field=DateTimeField(),
            ),
        ).annotate(
            deadline_state=Case(
                When(deadline_at__isnull=True, then=Value(DeadlineState.NONE)),
                When(
                    episode__intake_completed_at__lte=F("deadline_at"),
                    then=Value(DeadlineState.COMPLETE),
                ),
                When(deadline_at__lt=Value(now), then=Value(DeadlineState.MISSED)),
                default=Value(DeadlineState.RUNNING),
            ),
            outcome_status=Case(
                When(decision="declined", then=Value(OutcomeStatus.DECLINED)),
                When(person_declined_at__isnull=False, then=Value(OutcomeStatus.PERSON_DECLINED)),
                When(
                    episode__intake_completed_at__lte=F("deadline_at"),
                    then=Value(OutcomeStatus.INTAKE_COMPLETE),
                ),
                When(deadline_at__lt=Value(now), then=Value(OutcomeStatus.DEADLINE_MISSED)),
                When(
                    episode__intake_completed_at__isnull=False,
                    then=Value(OutcomeStatus.INTAKE_COMPLETE),
                ),
                When(decision="pending", then=Value(OutcomeStatus.SUBMITTED)),
                When(
                    participant__isnull=True,
                    waitlisted_at__isnull=False,
                    waitlist_released_at__isnull=True,
                    then=Value(OutcomeStatus.WAITLISTED),
                ),
                When(participant__isnull=True, then=Value(OutcomeStatus.APPROVED)),
                default=Value(OutcomeStatus.INTAKE_PENDING),
            ),
        )

    def awaiting_review(self) -> "ReferralQuerySet":
        return self.filter(decision="pending")

    def waitlist(self) -> "ReferralQuerySet":
        """Social-contact referrals waiting for a place, first come first served."""
        return (
            self.filter(
                waitlisted_at__isnull=False,
                waitlist_released_at__isnull=True,
                participant__isnull=True,
                person_declined_at__isnull=True,
            )
            .exclude(decision="declined")
            .order_by("waitlisted_at", "id")
        )
