from django.urls import reverse

from lead.models import AuditEvent, User
from lead.roles import Role


def new_account(personas, **changes):
    data = {
        "username": "new.officer",
        "first_name": "Nia",
        "last_name": "Novak",
        "email": "nia@example.org",
        "phone": "555-0199",
        "role": Role.OFFICER,
        "agency": personas.police.pk,
        "password1": "a long and unusual passphrase",
        "password2": "a long and unusual passphrase",
    }
    return data | changes


def test_admin_creates_an_account(personas, client_for):
    response = client_for("admin").post(reverse("user_create"), new_account(personas))
    assert response.status_code == 302
    user = User.objects.get(username="new.officer")
    assert (user.role, user.agency) == (Role.OFFICER, personas.police)
    assert user.check_password("a long and unusual passphrase")
    assert AuditEvent.objects.filter(action="user.create", object_id=str(user.pk)).exists()


def test_a_role_must_fit_its_agency(personas, client_for):
    response = client_for("admin").post(
        reverse("user_create"), new_account(personas, agency=personas.provider.pk)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "must belong to a police agency" in page
    assert 'value="new.officer"' in page
    assert not User.objects.filter(username="new.officer").exists()


def test_disabling_an_account_ends_its_sessions(personas, client_for):
    officer_client = client_for("officer")
    edit = {
        "first_name": "O",
        "last_name": "Officer",
        "email": "",
        "phone": "",
        "role": Role.OFFICER,
        "agency": personas.police.pk,
    }
    response = client_for("admin").post(reverse("user_edit", args=[personas.officer.pk]), edit)
    assert response.status_code == 302
    personas.officer.refresh_from_db()
    assert personas.officer.is_active is False
    assert officer_client.get(reverse("home")).status_code == 302


def test_officer_cannot_manage_accounts(personas, client_for):
    response = client_for("officer").post(reverse("user_create"), new_account(personas))
    assert response.status_code == 403
    assert not User.objects.filter(username="new.officer").exists()
