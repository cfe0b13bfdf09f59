"""Reading an uploaded CSV file: the checks every import shares.

Name, size, binary signature and encoding are checked before a row is read, and problems are
collected on a ParsedFile so that the page can show them all at once.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
# Signatures of files people upload by mistake: spreadsheets, PDFs, images.
BINARY_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff")


@dataclass
class ParsedFile:
    rows: list[dict] = field(default_factory=list)
    row_errors: list[tuple[int, str]] = field(default_factory=list)
    file_error: str = ""
    duplicate_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.row_errors


def parse_date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


NOT_CSV = "This is not a CSV file. Export the sheet as CSV (UTF-8) and retry."


def decode_csv_upload(*, content: bytes, filename: str, result: ParsedFile) -> str | None:
    """The text of an uploaded CSV file, or None with the reason recorded on `result`.

    Shared by every CSV import: the name, size, binary-signature and encoding checks.
    """
    if not filename.lower().endswith((".csv", ".txt")):
        result.file_error = NOT_CSV
        return None
    if len(content) > MAX_BYTES:
        result.file_error = f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it."
        return None
    if content.startswith(BINARY_SIGNATURES) or b"\x00" in content[:4096]:
        result.file_error = NOT_CSV
        return None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        result.row_errors.append(
            (line, "Not UTF-8 text (wrong encoding). Save the file as CSV UTF-8 and retry.")
        )
        return None
