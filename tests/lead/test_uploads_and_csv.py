"""The shared upload check (type by content, size) and formula-safe CSV writing."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lead import csv_safe
from lead.uploads import FileTypeValidator

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML_BYTES = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_real_pdf_is_accepted():
    FileTypeValidator(["pdf"])(upload("release.pdf", PDF_BYTES))


def test_an_html_file_renamed_pdf_is_refused():
    with pytest.raises(ValidationError) as caught:
        FileTypeValidator(["pdf"])(upload("release.pdf", HTML_BYTES))
    assert caught.value.code == "file_content"


def test_a_pdf_with_another_extension_is_refused():
    with pytest.raises(ValidationError) as caught:
        FileTypeValidator(["pdf"])(upload("release.html", PDF_BYTES))
    assert caught.value.code == "file_type"


def test_the_right_kind_among_several_is_matched():
    validator = FileTypeValidator(["pdf", "png"])
    validator(upload("scan.png", PNG_BYTES))
    with pytest.raises(ValidationError):
        validator(upload("scan.png", PDF_BYTES))


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(ValidationError) as caught:
        FileTypeValidator(["pdf"], max_bytes=100)(upload("big.pdf", PDF_BYTES + b" " * 100))
    assert caught.value.code == "file_too_large"


@pytest.mark.parametrize(
    ("content", "accepted"),
    [
        (b"name,date\nA,2024-01-01\n", True),
        (b"\xef\xbb\xbfname\nJos\xc3\xa9\n", True),
        (HTML_BYTES, False),
        (b"name\n<script>alert(1)</script>\n", False),
        (PNG_BYTES, False),
    ],
)
def test_csv_uploads_must_be_plain_text(content, accepted):
    validator = FileTypeValidator(["csv"])
    if accepted:
        validator(upload("import.csv", content))
    else:
        with pytest.raises(ValidationError):
            validator(upload("import.csv", content))


def test_the_validator_leaves_the_file_readable_from_the_start():
    uploaded = upload("release.pdf", PDF_BYTES)
    FileTypeValidator(["pdf"])(uploaded)
    assert uploaded.read() == PDF_BYTES


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        (None, ""),
        (42, "42"),
    ],
)
def test_csv_cells_that_start_a_formula_are_escaped(value, written):
    assert csv_safe.escape_cell(value) == written


def test_the_safe_writer_round_trips_through_a_csv_reader():
    stream = io.StringIO()
    csv_safe.writer(stream).writerow(["=1+1", "ok", "-x"])
    assert next(csv.reader(io.StringIO(stream.getvalue()))) == ["'=1+1", "ok", "'-x"]


def test_csv_response_is_an_attachment():
    response, writer = csv_safe.csv_response("disclosures-12.csv")
    writer.writerow(["=cmd"])
    assert response["Content-Disposition"] == 'attachment; filename="disclosures-12.csv"'
    assert response.content.decode().strip() == "'=cmd"
