"""Checking an uploaded consent form by its content, whatever its name claims."""

from django.core.exceptions import ValidationError

MAX_FORM_BYTES = 10 * 1024 * 1024

# Leading bytes of the file kinds a scanned, signed form may be.
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]


def sniff_form_type(upload) -> str:
    """The content type of `upload`, or ValidationError if it is too big or not PDF/PNG/JPEG."""
    if upload.size > MAX_FORM_BYTES:
        raise ValidationError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_FORM_BYTES // 1024 // 1024} MB. Scan at a lower resolution or as a PDF.",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    raise ValidationError(
        "The file is not a PDF, PNG or JPEG, whatever its name says. Upload the scan of the "
        "signed form as a PDF or a photo.",
        code="bad_type",
    )
