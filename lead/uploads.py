"""Checks for uploaded files: size, and type by content rather than by name.

A file's name and its browser-supplied content type are whatever the sender says. The first
bytes of the file (its "magic number") say what it really is, so an HTML page renamed
`.pdf` is refused. Use `FileTypeValidator` on any FileField or forms.FileField.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible


@dataclass(frozen=True)
class FileKind:
    label: str
    extensions: tuple[str, ...]
    signatures: tuple[bytes, ...]  # any one must match at offset 0; empty: text, checked below


PDF = FileKind("PDF", (".pdf",), (b"%PDF-",))
PNG = FileKind("PNG image", (".png",), (b"\x89PNG\r\n\x1a\n",))
JPEG = FileKind("JPEG image", (".jpg", ".jpeg"), (b"\xff\xd8\xff",))
CSV = FileKind("CSV", (".csv",), ())

KINDS = {"pdf": PDF, "png": PNG, "jpeg": JPEG, "csv": CSV}

# Markup a browser would render or run, refused in anything claimed to be text data.
_MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")
HEAD_BYTES = 2048


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character may be cut at the end of the sample.
        if exc.start < len(head) - 4:
            return False
    lowered = head.lstrip().lower()
    return not any(marker in lowered for marker in _MARKUP)


def sniff(head: bytes, kind: FileKind) -> bool:
    if kind.signatures:
        return any(head.startswith(signature) for signature in kind.signatures)
    return _looks_like_text(head.removeprefix(b"\xef\xbb\xbf"))


@deconstructible
class FileTypeValidator:
    """Accepts a file only if its name and its content both match one of `kinds`.

    `kinds` are keys of KINDS ("pdf", "png", "jpeg", "csv"); `max_bytes` caps the size.
    """

    def __init__(self, kinds: list[str], max_bytes: int = 5 * 1024 * 1024):
        self.kinds = list(kinds)
        self.max_bytes = max_bytes

    def __call__(self, uploaded) -> None:
        allowed = [KINDS[name] for name in self.kinds]
        labels = ", ".join(kind.label for kind in allowed)
        if uploaded.size > self.max_bytes:
            raise ValidationError(
                "The file is too large (the limit is %(limit)s).",
                code="file_too_large",
                params={"limit": filesizeformat(self.max_bytes)},
            )
        name = (uploaded.name or "").lower()
        matching = [kind for kind in allowed if name.endswith(kind.extensions)]
        if not matching:
            raise ValidationError(
                "Only these kinds of file are accepted: %(labels)s.",
                code="file_type",
                params={"labels": labels},
            )
        position = uploaded.tell() if hasattr(uploaded, "tell") else 0
        uploaded.seek(0)
        head = uploaded.read(HEAD_BYTES)
        uploaded.seek(position)
        if not any(sniff(head, kind) for kind in matching):
            raise ValidationError(
                "The file's content does not match its name; only %(labels)s files are accepted.",
                code="file_content",
                params={"labels": labels},
            )

    def __eq__(self, other):
        return (
            isinstance(other, FileTypeValidator)
            and self.kinds == other.kinds
            and self.max_bytes == other.max_bytes
        )
