import pytest
import time_machine
from django.urls import reverse

from lead.models import AuditEvent
from participants.models import Consent
from tests.participants.helpers import JPEG_BYTES, big_upload, release, upload

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def release_post(**overrides):
    data = {
        "recipient_agency_types": ["police"],
        "categories": ["participation"],
        "purpose": "Coordinate with the partners",
        "signed_on": "2026-06-01",
        "expires_on": "2027-06-01",
        "submission_token": "6a1c0a5e-5555-4c1b-9e55-1a2b3c4d5e6f",
    }
    return data | overrides


def url_for(personas):
    return reverse("participants:consent_create", args=[personas.participant.pk])


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"expires_on": "2026-05-01"}, "expires_on", "cannot expire before it was signed"),
        ({"recipient_agency_types": []}, "recipient_agencies", "Name at least one agency"),
        ({"categories": []}, "categories", "Choose at least one kind"),
        (
            {"form_scan": upload(b"GIF89a not allowed", "scan.pdf")},
            "form_scan",
            "not a PDF, PNG or JPEG",
        ),
        ({"form_scan": big_upload(10 * 1024 * 1024 + 10)}, "form_scan", "the limit is 10 MB"),
    ],
)
@time_machine.travel("2026-06-01 10:00 -07:00", tick=False)
def test_bad_releases_are_refused_and_the_input_kept(
    personas, client_for, overrides, field, message
):
    response = client_for("case_manager_a").post(url_for(personas), release_post(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["purpose"].value() == "Coordinate with the partners"
    assert not Consent.objects.exists()


@time_machine.travel("2026-06-01 10:00 -07:00", tick=False)
def test_a_release_with_a_scan_is_saved_and_served_only_through_the_view(personas, client_for):
    client = client_for("case_manager_a")
    response = client.post(url_for(personas), release_post(form_scan=upload(JPEG_BYTES, "x.pdf")))
    assert response.status_code == 302
    consent = Consent.objects.get()
    file_url = reverse("participants:consent_form", args=[personas.participant.pk, consent.pk])
    response = client.get(file_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == JPEG_BYTES
    assert AuditEvent.objects.filter(action="consent.form_view").count() == 1
    assert client_for("program_manager").get(file_url).status_code == 403
    assert client_for("case_manager_b").get(file_url).status_code == 404


@time_machine.travel("2026-06-01 10:00 -07:00", tick=False)
def test_a_double_submitted_release_is_saved_once(personas, client_for):
    client = client_for("case_manager_a")
    assert client.post(url_for(personas), release_post()).status_code == 302
    assert client.post(url_for(personas), release_post()).status_code == 302
    assert Consent.objects.count() == 1


@time_machine.travel("2026-06-01 10:00 -07:00", tick=False)
def test_revoking_from_the_page_stops_sharing_now(personas, client_for):
    consent = release(personas)
    url = reverse("participants:consent_revoke", args=[personas.participant.pk, consent.pk])
    assert client_for("case_manager_a").post(url).status_code == 302
    assert not Consent.objects.in_force().exists()


def test_program_manager_cannot_record_releases(personas, client_for):
    assert client_for("program_manager").get(url_for(personas)).status_code == 403
    assert client_for("case_manager_a").get(url_for(personas)).status_code == 200
