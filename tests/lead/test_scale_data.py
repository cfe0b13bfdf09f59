"""generate_scale_data: every table in proportion, refusal on real data, no half-built runs."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from casework.models import CheckIn, Contact, Goal, Plan
from coordination.models import LegalEvent, Meeting
from lead.models import Agency, AuditEvent, User
from lead.roles import Role
from lead.scale import work
from lead.scale.people import PREFIX
from participants.models import CareTeamMember, Consent, Episode, Participant, StatusChange
from referrals.models import Referral

N = 20


def generate(*args):
    out = io.StringIO()
    call_command("generate_scale_data", "--participants", str(N), *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_generate_builds_every_table_in_proportion():
    output = generate()

    assert "casework_contact" in output and "rows/s" in output
    assert Participant.objects.count() == N
    assert Referral.objects.count() == N * 5 // 2
    assert LegalEvent.objects.count() == N * 6
    # Contacts and check-ins follow time in the program, so they land near, not on, the target.
    assert N * 100 * 0.8 <= Contact.objects.count() <= N * 100 * 1.2
    assert N * 12 * 0.5 <= CheckIn.objects.count() <= N * 12
    assert AuditEvent.objects.count() == N * 10
    assert Meeting.objects.exists() and Goal.objects.exists() and Consent.objects.exists()
    # Everyone has a primary case manager, an episode and a status history.
    assert CareTeamMember.objects.filter(is_primary=True).count() == N
    assert Episode.objects.values("participant").distinct().count() == N
    assert StatusChange.objects.values("participant").distinct().count() == N
    # Most people have exited over ten years; some are still open.
    assert set(Participant.objects.values_list("status", flat=True)) > {"exited"}
    assert Plan.objects.count() == Participant.objects.exclude(status="intake_pending").count()
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    assert not Agency.objects.exclude(name__startswith=PREFIX).exists()


@pytest.mark.django_db
def test_generated_rows_keep_their_references():
    """The bulk load may skip foreign-key triggers, so check the references it wrote."""
    generate()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM casework_contact c "
            "LEFT JOIN participants_participant p ON p.id = c.participant_id "
            "LEFT JOIN lead_user u ON u.id = c.staff_id "
            "WHERE p.id IS NULL OR u.id IS NULL"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM referrals_referral r "
            "LEFT JOIN participants_episode e ON e.id = r.episode_id "
            "WHERE r.episode_id IS NOT NULL AND (e.id IS NULL OR e.participant_id <> "
            "r.participant_id)"
        )
        assert cursor.fetchone()[0] == 0
    # New rows made by the app after the load get ids past the generated ones.
    agency = Agency.objects.create(name="Later agency", agency_type="police")
    assert agency.pk > Agency.objects.filter(name__startswith=PREFIX).latest("pk").pk


@pytest.mark.django_db
def test_refuses_a_database_with_real_data_unless_forced(personas):
    with pytest.raises(CommandError, match="real \\(non-generated\\) data"):
        generate()
    assert not Agency.objects.filter(name__startswith=PREFIX).exists()

    generate("--force")

    assert Participant.objects.filter(agency__name__startswith=PREFIX).count() == N


@pytest.mark.django_db
def test_running_again_with_the_same_size_changes_nothing():
    generate()
    contacts = Contact.objects.count()

    output = generate()

    assert "Already generated" in output
    assert Contact.objects.count() == contacts
    assert Participant.objects.count() == N


@pytest.mark.django_db
def test_refuses_to_add_a_second_generation_of_another_size():
    generate()

    with pytest.raises(CommandError, match="already holds generated data"):
        call_command("generate_scale_data", "--participants", str(N + 5), stdout=io.StringIO())
    assert Participant.objects.count() == N


@pytest.mark.django_db
def test_an_interrupted_run_leaves_nothing(monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(work, "write_contacts", interrupted)

    with pytest.raises(KeyboardInterrupt):
        generate()

    assert not Agency.objects.exists()
    assert not Participant.objects.exists()
    assert not Referral.objects.exists()
