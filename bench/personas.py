"""The generated staff and records each benchmarked page is opened with.

Chosen by rule, not by id, so both scales pick the same kind of person: a case manager with a
typical open caseload, their supervisor, the busiest officer, the first prosecutor and program
manager, and the participant with the most contacts on that case manager's team.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from casework.models import Contact
from coordination.models import Meeting
from lead.models import User
from lead.roles import Role
from lead.scale.people import PREFIX
from participants.models import CareTeamMember, Consent, Participant
from referrals.models import Referral


@dataclass
class BenchPeople:
    case_manager: User
    supervisor: User
    officer: User
    prosecutor: User
    program_manager: User
    participant: Participant
    lookup_target: Participant
    search_text: str
    meeting: Meeting

    def by_role(self, role: str) -> User:
        return getattr(self, role)


def pick() -> BenchPeople:
    generated = User.objects.filter(agency__name__startswith=PREFIX, is_active=True)
    open_load = Count("care_assignments", filter=~Q(care_assignments__participant__status="exited"))
    cms = list(
        generated.filter(role=Role.CASE_MANAGER)
        .annotate(load=open_load)
        .order_by("load", "id")
        .values_list("pk", "load")
    )
    cm = User.objects.get(pk=cms[len(cms) // 2][0])
    supervisor = generated.filter(role=Role.SUPERVISOR, agency=cm.agency).order_by("id").first()
    busiest = (
        Referral.objects.values("referred_by")
        .annotate(n=Count("id"))
        .order_by("-n", "referred_by")
        .first()
    )
    officer = User.objects.get(pk=busiest["referred_by"])
    team = CareTeamMember.objects.filter(user=cm, participant__status="active")
    participant_id = (
        Contact.objects.filter(participant__in=team.values("participant"))
        .values("participant")
        .annotate(n=Count("id"))
        .order_by("-n", "participant")
        .values_list("participant", flat=True)
        .first()
    )
    participant = Participant.objects.get(pk=participant_id)
    # Someone whose release names all police agencies, so the lookup has a card to show.
    consented = (
        Consent.objects.in_force()
        .covering("participation")
        .filter(recipient_agency_types__contains=["police"])
        .order_by("participant_id")
        .values_list("participant_id", flat=True)
    )
    lookup_target = Participant.objects.get(pk=consented[len(consented) // 2])
    meeting = (
        Meeting.objects.filter(agenda_generated_at__isnull=False).order_by("-scheduled_for").first()
    )
    return BenchPeople(
        case_manager=cm,
        supervisor=supervisor,
        officer=officer,
        prosecutor=generated.filter(role=Role.PROSECUTOR).order_by("id").first(),
        program_manager=generated.filter(role=Role.PROGRAM_MANAGER).order_by("id").first(),
        participant=participant,
        lookup_target=lookup_target,
        search_text=participant.last_name,
        meeting=meeting,
    )
