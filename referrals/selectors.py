"""Reads of referrals. Views reach referrals only through these and Referral.objects."""

from django.http import Http404

from lead import audit
from lead.access import Action, can, check
from lead.models import AuditOutcome, ReviewerKind, SiteSettings
from lead.roles import Role

REVIEWER_ROLES = {
    ReviewerKind.PROSECUTOR: {Role.PROSECUTOR},
    ReviewerKind.PROGRAM: {Role.SUPERVISOR, Role.PROGRAM_MANAGER},
}


def enabled_pathways(site: SiteSettings) -> list[str]:
    pathways = []
    if site.arrest_diversion_enabled:
        pathways.append("arrest_diversion")
    if site.social_contact_enabled:
        pathways.append("social_contact")
    if site.community_referral_enabled:
        pathways.append("community")
    return pathways


def can_review(user, site: SiteSettings | None = None) -> bool:
    """Whether `user` is the site's designated reviewer (a setting: prosecutor or program)."""
    if not can(user, Action.REVIEW_REFERRALS):
        return False
    site = site or SiteSettings.load()
    return user.role in REVIEWER_ROLES[site.referral_reviewer]


def enrolled_count() -> int:
    # Participants cannot fail out: inactive and "in the wind" people still hold a place on a
    # caseload, so everyone not exited counts against capacity.
    from participants.models import Participant, ParticipantStatus

    return Participant.objects.exclude(status=ParticipantStatus.EXITED).count()


def capacity_is_full() -> bool:
    return enrolled_count() >= SiteSettings.load().program_capacity


def waitlist_head_id() -> int | None:
    """The approved waitlisted referral that takes the next free place."""
    from referrals.models import Referral

    return (
        Referral.objects.waitlist().filter(decision="approved").values_list("pk", flat=True).first()
    )


def get_referral_for(user, pk: int, *, action: Action | None = None):
    """The referral with `pk` if `user` may see it: 404 outside scope, 403 without `action`.

    Outcome states come annotated, so the detail page never computes them again.
    """
    from referrals.models import Referral

    found = (
        Referral.objects.visible_to(user)
        .with_state()
        .select_related("referring_agency", "referred_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        if Referral.objects.filter(pk=pk).exists():
            audit.record(
                actor=user,
                action="referral.view",
                object_type="referrals.referral",
                object_id=pk,
                outcome=AuditOutcome.DENIED,
            )
        raise Http404("No referral matches the given query.")
    if action is not None:
        check(user, action)
    return found


def officer_referrals(user):
    """An officer's own referrals, with only what an officer may see: no participant joins."""
    from referrals.models import Referral

    return (
        Referral.objects.visible_to(user)
        .with_state()
        .only(
            "id",
            "pathway",
            "first_name",
            "last_name",
            "submitted_at",
            "incident_number",
            "decision",
            "person_declined_at",
            "purged_at",
            "waitlisted_at",
            "waitlist_released_at",
            "participant_id",
            "episode_id",
        )
    )


def staff_referrals(user):
    from referrals.models import Referral

    return Referral.objects.visible_to(user).with_state().select_related("referring_agency")


def deadline_queue(user):
    """Arrest diversions whose intake clock is running, soonest first."""
    return (
        staff_referrals(user)
        .filter(deadline_state="running", person_declined_at__isnull=True)
        .order_by("deadline_at", "id")
    )


def awaiting_match(user):
    """Approved referrals that no one has matched to a person yet, oldest first."""
    return (
        staff_referrals(user)
        .filter(decision="approved", participant__isnull=True, person_declined_at__isnull=True)
        .order_by("submitted_at", "id")
    )


def may_file_queue(user):
    """Arrest diversions whose deadline passed before intake: back to the prosecutor."""
    return staff_referrals(user).filter(deadline_state="missed").order_by("deadline_at", "id")


def review_queue(user):
    return staff_referrals(user).awaiting_review().order_by("submitted_at", "id")


def match_candidates(*, user, referral, text: str = "") -> list:
    """People on record who may be the referred person, across every agency (a person
    referred again must attach to their existing record). Names and aliases from the referral,
    plus any extra text the staff member typed, ranked by participants' fuzzy search."""
    from participants.search import participant_search_for_matching

    queries = [" ".join([referral.first_name, referral.last_name])]
    queries += [alias.strip() for alias in referral.aliases.split(",") if alias.strip()]
    if text:
        queries.append(text)
    found = {}
    for query in queries:
        for person in participant_search_for_matching(
            user=user, text=query, date_of_birth=referral.date_of_birth
        ):
            best = found.get(person.pk)
            if best is None or person.search_score > best.search_score:
                found[person.pk] = person
    return sorted(found.values(), key=lambda p: -p.search_score)[:20]
