from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lead.roles import AgencyType
from participants.models import Consent, ConsentCategory, ConsentExpiryEvent, ParticipantStatus
from participants.selectors import consents_for_agency
from participants.services import consent_revoke, participant_change_status
from tests.factories import AgencyFactory
from tests.participants.helpers import (
    JPEG_BYTES,
    PNG_BYTES,
    big_upload,
    release,
    upload,
)

PARTICIPATION = ConsentCategory.PARTICIPATION


def in_force_for(agency, category=PARTICIPATION):
    return Consent.objects.in_force().for_agency(agency).covering(category)


@time_machine.travel("2026-06-01 12:00 -07:00", tick=False)
def test_a_release_names_agencies_directly_or_by_kind(personas):
    consent = release(personas)
    another_police = AgencyFactory(name="Second Police", agency_type=AgencyType.POLICE)
    assert list(in_force_for(personas.police)) == [consent]
    assert list(in_force_for(another_police)) == [consent]
    assert list(in_force_for(personas.prosecutors)) == [consent]
    assert not in_force_for(personas.other_provider).exists()


@time_machine.travel("2026-06-01 12:00 -07:00", tick=False)
def test_a_release_covers_only_its_categories(personas):
    release(personas)
    assert in_force_for(personas.police, ConsentCategory.CASE_MANAGER_CONTACT).exists()
    assert not in_force_for(personas.police, ConsentCategory.COORDINATION_SUMMARY).exists()
    assert not in_force_for(personas.police, ConsentCategory.ENGAGEMENT).exists()


def test_expiry_takes_effect_at_once(personas):
    with time_machine.travel("2026-06-01 12:00 -07:00", tick=False) as traveller:
        release(personas, expires_on=date(2026, 6, 30))
        assert in_force_for(personas.police).exists()
        traveller.move_to("2026-06-30 23:59 -07:00")
        assert in_force_for(personas.police).exists()
        traveller.move_to("2026-07-01 00:00:01 -07:00")
        assert not in_force_for(personas.police).exists()


def test_revocation_takes_effect_at_once(personas):
    with time_machine.travel("2026-06-01 12:00 -07:00", tick=False) as traveller:
        consent = release(personas)
        traveller.move_to("2026-06-02 09:00 -07:00")
        assert in_force_for(personas.police).exists()
        consent_revoke(consent=consent, revoked_by=personas.case_manager_a)
        assert not in_force_for(personas.police).exists()
        consent.refresh_from_db()
        assert consent.revoked_by == personas.case_manager_a
        # A look back at a time before the revocation still sees the release.
        assert Consent.objects.in_force(at=consent.created_at).exists()


@time_machine.travel("2026-06-01 12:00 -07:00", tick=False)
def test_a_release_ending_at_exit_stops_when_the_person_exits(personas):
    release(personas, expires_on=None, expiry_event=ConsentExpiryEvent.PROGRAM_EXIT)
    assert in_force_for(personas.police).exists()
    participant_change_status(
        participant=personas.participant,
        changed_by=personas.supervisor,
        status=ParticipantStatus.EXITED,
        reason="Moved away",
    )
    assert not in_force_for(personas.police).exists()


@time_machine.travel("2026-06-01 12:00 -07:00", tick=False)
def test_a_release_signed_in_the_future_is_refused_and_none_counts_before_signing(personas):
    with pytest.raises(ValidationError) as error:
        release(personas, signed_on=date(2026, 6, 2))
    assert "signed_on" in error.value.message_dict
    consent = release(personas, signed_on=date(2026, 6, 1))
    assert not Consent.objects.in_force(at=consent.created_at.replace(year=2025)).exists()


@time_machine.travel("2026-06-01 12:00 -07:00", tick=False)
def test_consents_for_agency_is_per_participant(personas):
    release(personas)
    assert consents_for_agency(personas.participant, personas.police).count() == 1
    assert consents_for_agency(personas.participant, personas.other_provider).count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"expires_on": date(2026, 1, 9)}, "expires_on"),
        ({"recipient_agencies": [], "recipient_agency_types": []}, "recipient_agencies"),
        ({"categories": []}, "categories"),
        ({"purpose": "  "}, "purpose"),
        ({"expires_on": None}, "expires_on"),
    ],
)
@time_machine.travel("2026-06-01 12:00 -07:00", tick=False)
def test_bad_releases_are_refused_with_a_message(personas, overrides, field):
    with pytest.raises(ValidationError) as error:
        release(personas, **overrides)
    assert field in error.value.message_dict
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (PNG_BYTES, "scan.png", "image/png"),
        (JPEG_BYTES, "scan.pdf", "image/jpeg"),
    ],
)
@time_machine.travel("2026-06-01 12:00 -07:00", tick=False)
def test_scans_are_typed_by_content(personas, settings, tmp_path, content, name, expected):
    settings.MEDIA_ROOT = tmp_path
    consent = release(personas, form_scan=upload(content, name))
    assert consent.form_content_type == expected
    assert name not in consent.form_scan.name
    assert (tmp_path / consent.form_scan.name).read_bytes() == content


@pytest.mark.parametrize(
    "scan",
    [
        pytest.param(upload(b"MZ\x90\x00 not a pdf", "release.pdf"), id="exe-named-pdf"),
        pytest.param(upload(b"<html><script>", "release.png", "image/png"), id="html-named-png"),
        pytest.param(big_upload(10 * 1024 * 1024 + 1), id="over-10-MB"),
    ],
)
@time_machine.travel("2026-06-01 12:00 -07:00", tick=False)
def test_bad_uploads_are_refused(personas, settings, tmp_path, scan):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as error:
        release(personas, form_scan=scan)
    assert "form_scan" in error.value.message_dict
    assert not Consent.objects.exists()
    assert not any(tmp_path.rglob("*.*")) and not any(p.is_file() for p in tmp_path.rglob("*"))


@time_machine.travel("2026-06-01 12:00 -07:00", tick=False)
def test_a_second_submit_of_the_same_form_is_refused(personas):
    import uuid

    token = uuid.uuid4()
    release(personas, submission_token=token)
    with pytest.raises(ValidationError):
        release(personas, submission_token=token)
    assert Consent.objects.count() == 1
