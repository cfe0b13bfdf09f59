from datetime import timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone

from lead.models import Agency, AuditEvent, User
from lead.roles import AgencyType, Role
from participants.models import Participant, ParticipantStatus


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_every_agency_role_and_status(db, settings):
    settings.DEMO_PASSWORD = "fictional demo passphrase"
    output = seed()
    assert {a.agency_type for a in Agency.objects.all()} == set(AgencyType.values)
    assert Agency.objects.filter(agency_type=AgencyType.POLICE).count() == 2
    assert Agency.objects.filter(agency_type=AgencyType.PROVIDER).count() == 2
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert set(Participant.objects.values_list("status", flat=True)) == set(
        ParticipantStatus.values
    )
    for user in User.objects.all():
        assert user.username in output
        assert user.check_password("fictional demo passphrase")
    assert "fictional demo passphrase" in output


def test_seed_demo_is_idempotent(db, settings):
    settings.DEMO_PASSWORD = "fictional demo passphrase"
    seed()
    counts = (Agency.objects.count(), User.objects.count(), Participant.objects.count())
    seed()
    assert (Agency.objects.count(), User.objects.count(), Participant.objects.count()) == counts


def test_every_demo_user_can_sign_in_to_their_home_page(db, client, settings):
    settings.DEMO_PASSWORD = "fictional demo passphrase"
    call_command("seed_demo", stdout=StringIO())
    for user in User.objects.all():
        client.logout()
        response = client.post(
            "/accounts/login/",
            {
                "username": user.username,
                "password": "fictional demo passphrase",
                "acknowledge": "on",
            },
        )
        assert response.status_code == 302, user.username
        assert client.get("/").status_code == 200, user.username


def test_run_daily_disables_accounts_unused_for_90_days(personas):
    now = timezone.now()
    User.objects.filter(pk=personas.officer.pk).update(last_login=now - timedelta(days=91))
    User.objects.filter(pk=personas.prosecutor.pk).update(last_login=now - timedelta(days=89))
    User.objects.exclude(pk__in=[personas.officer.pk, personas.prosecutor.pk]).update(
        last_login=now
    )
    with time_machine.travel(now, tick=False):
        out = StringIO()
        call_command("run_daily", stdout=out)
        call_command("run_daily", stdout=out)
    personas.officer.refresh_from_db()
    personas.prosecutor.refresh_from_db()
    assert personas.officer.is_active is False
    assert personas.prosecutor.is_active is True
    assert "disabled 1 account(s)" in out.getvalue()
    assert "disabled 0 account(s)" in out.getvalue()
    assert AuditEvent.objects.filter(action="user.disable_inactive").count() == 1
