"""Reads of participant records. Views reach participants only through these."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils import timezone

from lead import audit
from lead.access import Action, can, check
from lead.models import AuditOutcome, SiteSettings
from participants.models import (
    CareTeamMember,
    Consent,
    Episode,
    IntakeAssessment,
    MergeRecord,
    Participant,
    ParticipantStatus,
    RetentionPurge,
)


def get_participant_for(user, pk: int, *, write: bool = False) -> Participant:
    """The participant with `pk` if `user` may see it: 404 outside scope, 403 without the role.

    A look outside scope at a real record is logged as denied, since it may be a probe.
    """
    participant = Participant.objects.visible_to(user).filter(pk=pk).select_related("agency")
    found = participant.first()
    if found is None:
        if Participant.objects.filter(pk=pk).exists():
            audit.record(
                actor=user,
                action="participant.view",
                object_type="participants.participant",
                object_id=pk,
                participant_id=pk,
                outcome=AuditOutcome.DENIED,
            )
        raise Http404("No participant matches the given query.")
    check(user, Action.EDIT_PARTICIPANTS if write else Action.VIEW_PARTICIPANTS)
    if write and found.is_purged:
        # Nothing is recorded on a purged record: a person who returns starts a new one.
        raise PermissionDenied
    return found


def participant_list_for(user):
    primaries = CareTeamMember.objects.filter(is_primary=True).select_related("user")
    return (
        Participant.objects.visible_to(user)
        .select_related("agency")
        .prefetch_related(Prefetch("care_team", queryset=primaries, to_attr="primary_members"))
    )


def primary_case_manager(participant: Participant):
    members = getattr(participant, "primary_members", None)
    if members is None:
        members = [m for m in participant.care_team.all() if m.is_primary]
    return members[0].user if members else None


def current_episode(participant: Participant) -> Episode | None:
    """The open episode, or the latest one when the person has exited."""
    return participant.episodes.order_by("closed_at", "-opened_at", "-id").first()


def consents_for_agency(participant: Participant, agency, at=None):
    """Releases of `participant` in force for `agency` at `at` (default now)."""
    return Consent.objects.filter(participant=participant).in_force(at).for_agency(agency)


def shared_categories(participant: Participant, agency, at=None) -> set[str]:
    """The categories `agency` may see about `participant` right now."""
    shared = set()
    for categories in consents_for_agency(participant, agency, at).values_list(
        "categories", flat=True
    ):
        shared.update(categories)
    return shared


def get_consent_for(user, participant: Participant, pk: int) -> Consent:
    """A release of a participant the caller already reached through get_participant_for."""
    check(user, Action.VIEW_CLINICAL)
    consent = Consent.objects.visible_to(user).filter(participant=participant, pk=pk).first()
    if consent is None:
        raise Http404("No release matches the given query.")
    return consent


def get_merge_record_for(user, pk: int) -> MergeRecord:
    record = (
        MergeRecord.objects.visible_to(user)
        .select_related("survivor", "merged", "merged_by", "undone_by")
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise Http404("No merge matches the given query.")
    check(user, Action.MERGE_PARTICIPANTS)
    return record


def caseloads(agency) -> dict[int, int]:
    """Primary caseload per case manager of `agency`, in one query."""
    rows = (
        CareTeamMember.objects.filter(
            user__agency=agency, is_primary=True, participant__merged_into__isnull=True
        )
        .exclude(participant__status=ParticipantStatus.EXITED)
        .values_list("user_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


# Two records look like one person when their names are close in spelling, sound alike with
# the same birth date, or are the same names swapped.
_PAIRS_SQL = """
SELECT a.id, b.id,
       similarity(lower(a.first_name || ' ' || a.last_name),
                  lower(b.first_name || ' ' || b.last_name)) AS score,
       (a.date_of_birth IS NOT NULL AND a.date_of_birth = b.date_of_birth) AS same_dob
FROM participants_participant a
JOIN participants_participant b ON a.id < b.id AND b.agency_id = a.agency_id
WHERE a.agency_id = %s
  AND a.merged_into_id IS NULL AND b.merged_into_id IS NULL
  AND a.purged_at IS NULL AND b.purged_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM participants_notduplicate n
                  WHERE n.first_id = a.id AND n.second_id = b.id)
  AND (a.date_of_birth IS NULL OR b.date_of_birth IS NULL
       OR a.date_of_birth = b.date_of_birth
       OR similarity(lower(a.first_name || ' ' || a.last_name),
                     lower(b.first_name || ' ' || b.last_name)) > 0.8)
  AND (similarity(lower(a.first_name || ' ' || a.last_name),
                  lower(b.first_name || ' ' || b.last_name)) > 0.5
       OR (dmetaphone(a.last_name) = dmetaphone(b.last_name)
           AND dmetaphone(a.first_name) = dmetaphone(b.first_name))
       OR (dmetaphone(a.first_name) = dmetaphone(b.last_name)
           AND dmetaphone(a.last_name) = dmetaphone(b.first_name)))
ORDER BY same_dob DESC, score DESC, a.id
LIMIT %s
"""


def duplicate_pairs(user, *, limit: int = 50) -> list[tuple[Participant, Participant, bool]]:
    """Likely duplicates within the supervisor's agency: (first, second, same birth date)."""
    check(user, Action.MERGE_PARTICIPANTS)
    with connection.cursor() as cursor:
        cursor.execute(_PAIRS_SQL, [user.agency_id, limit])
        rows = cursor.fetchall()
    ids = {pk for a, b, _, _ in rows for pk in (a, b)}
    people = Participant.objects.visible_to(user).in_bulk(ids)
    return [
        (people[a], people[b], same_dob)
        for a, b, _, same_dob in rows
        if a in people and b in people
    ]


def participant_page(user, participant: Participant) -> dict:
    """Everything the participant page shows, in a fixed number of queries.

    Clinical sections (the intake assessment, the releases and their scans) load only for
    users whose role may see clinical content; program managers never load them.
    """
    from referrals.models import Referral
    from referrals.status import DeadlineState

    care_team = list(
        participant.care_team.select_related("user").order_by("-is_primary", "added_at")
    )
    episode = current_episode(participant)
    clinical = can(user, Action.VIEW_CLINICAL)
    releases = Consent.objects.filter(participant=participant)
    if clinical:
        # One query for the releases, each flagged whether it is in force now.
        consents = list(
            releases.annotate(in_force=Exists(Consent.objects.filter(pk=OuterRef("pk")).in_force()))
            .select_related("revoked_by")
            .prefetch_related("recipient_agencies")
        )
        has_release = any(consent.in_force for consent in consents)
    else:
        has_release = releases.in_force().exists()
    referrals = list(
        Referral.objects.visible_to(user)
        .filter(participant=participant)
        .with_state()
        .order_by("-submitted_at")
    )
    context = {
        "participant": participant,
        "care_team": care_team,
        "primary": next((m.user for m in care_team if m.is_primary), None),
        "aliases": list(participant.aliases.all()),
        "history": list(participant.status_changes.select_related("changed_by")[:20]),
        "episode": episode,
        "has_release": has_release,
        "referrals": referrals,
        "running_deadlines": [r for r in referrals if r.deadline_status == DeadlineState.RUNNING],
        "clinical": clinical,
        "may_edit": can(user, Action.EDIT_PARTICIPANTS),
        "may_manage_team": can(user, Action.MANAGE_CARE_TEAM),
    }
    if clinical:
        context["assessment"] = (
            IntakeAssessment.objects.filter(episode=episode).first() if episode else None
        )
        context["consents"] = consents
    return context


def retention_cutoff(years: int, now: datetime | None = None) -> datetime:
    """The moment `years` before `now`: records whose last exit came before it are due.

    29 February falls back to the 28th in a year without one.
    """
    now = now or timezone.now()
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def retention_due(*, cutoff: datetime | None = None):
    """Participants whose record is due for purging under the site's retention period.

    Due means: exited, every episode closed and the last one closed before `cutoff` (by
    default the site's retention period before now), not purged yet and not merged into
    another record (a merged record is purged with the record it was merged into). Someone
    who came back has an open episode and is never due. The site has no legal holds.
    Each row carries `exited_at`, the close of their last episode.
    """
    if cutoff is None:
        cutoff = retention_cutoff(SiteSettings.load().retention_years_after_exit)
    episodes = Episode.objects.filter(participant=OuterRef("pk"))
    return (
        Participant.objects.filter(
            status=ParticipantStatus.EXITED, purged_at__isnull=True, merged_into__isnull=True
        )
        .filter(Exists(episodes))
        .exclude(Exists(episodes.filter(closed_at__isnull=True)))
        .exclude(Exists(episodes.filter(closed_at__gte=cutoff)))
        .annotate(exited_at=Subquery(episodes.order_by("-closed_at").values("closed_at")[:1]))
    )


def referral_retention_due(*, cutoff: datetime | None = None):
    """Referrals never linked to a participant that are due for purging.

    A referral declined by the reviewer, declined by the person, approved but never matched,
    or never decided keeps the person's name and the officer's account until purged. It is
    due once its last event (the latest of submission, decision, the person's decline and
    the waitlist times) came before `cutoff`, the site's retention period before now by
    default, as for a participant's exit. A referral matched to a participant is purged with
    that record and never on its own. Each row carries `last_event_at`.
    """
    from referrals.models import Referral

    if cutoff is None:
        cutoff = retention_cutoff(SiteSettings.load().retention_years_after_exit)
    # PostgreSQL's GREATEST skips NULLs; submission is always set.
    return (
        Referral.objects.filter(participant__isnull=True, purged_at__isnull=True)
        .annotate(
            last_event_at=Greatest(
                "submitted_at",
                "decided_at",
                "person_declined_at",
                "waitlisted_at",
                "waitlist_released_at",
            )
        )
        .filter(last_event_at__lt=cutoff)
    )


# A purge runs in the request, at a fixed number of queries per record, so one confirmation
# covers at most this many records: a site's first run with hundreds due goes in batches.
PURGE_BATCH_SIZE = 100


def retention_next_batch(due):
    """The records of `due` (a retention_due queryset) that the next purge covers: those who
    exited longest ago, at most PURGE_BATCH_SIZE."""
    return due.order_by("exited_at", "pk")[:PURGE_BATCH_SIZE]


def referral_retention_next_batch(due):
    """The referrals of `due` (a referral_retention_due queryset) that the next purge covers:
    those whose last event is oldest, at most PURGE_BATCH_SIZE (a cap of their own)."""
    return due.order_by("last_event_at", "pk")[:PURGE_BATCH_SIZE]


def retention_page() -> dict:
    """What the program manager's retention page shows, in a fixed number of queries.

    `batch` is what the next confirmation purges, `due_count` every record due; likewise
    `referral_batch` and `referral_due_count` for referrals never linked to a participant. The list
    names the record number, exit date and agency; program managers may see names
    (domain.md), and the name helps them recognise someone. Nothing clinical is loaded.
    """
    site = SiteSettings.load()
    cutoff = retention_cutoff(site.retention_years_after_exit)
    due = retention_due(cutoff=cutoff)
    batch = list(
        retention_next_batch(
            due.select_related("agency").only(
                "pk",
                "first_name",
                "last_name",
                "preferred_name",
                "status",
                "purged_at",
                "agency__name",
            )
        )
    )
    due_count = len(batch) if len(batch) < PURGE_BATCH_SIZE else due.count()
    # Unlinked referrals are listed by reference, pathway, agency and date: no names.
    referrals_due = referral_retention_due(cutoff=cutoff)
    referral_batch = list(
        referral_retention_next_batch(
            referrals_due.select_related("referring_agency").only(
                "pk", "pathway", "submitted_at", "referring_agency__name"
            )
        )
    )
    referral_due_count = (
        len(referral_batch) if len(referral_batch) < PURGE_BATCH_SIZE else referrals_due.count()
    )
    batches = list(RetentionPurge.objects.select_related("purged_by")[:10])
    return {
        "site": site,
        "cutoff": cutoff,
        "batch": batch,
        "due_count": due_count,
        "later_count": due_count - len(batch),
        "referral_batch": referral_batch,
        "referral_due_count": referral_due_count,
        "referral_later_count": referral_due_count - len(referral_batch),
        "batch_size": PURGE_BATCH_SIZE,
        "batches": batches,
    }
