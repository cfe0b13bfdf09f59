"""Small builders shared by the participants tests."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from lead.roles import AgencyType
from participants.models import ConsentCategory
from participants.services import consent_create

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def upload(content: bytes = PDF_BYTES, name="release.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def big_upload(size: int, head: bytes = PDF_BYTES):
    body = io.BytesIO(head + b"0" * (size - len(head)))
    return SimpleUploadedFile("big.pdf", body.getvalue(), content_type="application/pdf")


def release(personas, participant=None, **overrides):
    """A signed release to all police agencies and the prosecutor's office, no expiry date."""
    fields = {
        "participant": participant or personas.participant,
        "created_by": personas.case_manager_a,
        "recipient_agency_types": [AgencyType.POLICE],
        "recipient_agencies": [personas.prosecutors],
        "categories": [ConsentCategory.PARTICIPATION, ConsentCategory.CASE_MANAGER_CONTACT],
        "purpose": "Coordinate care with the LEAD partners",
        "signed_on": date(2026, 1, 10),
        "expires_on": date(2027, 1, 10),
    }
    return consent_create(**(fields | overrides))
