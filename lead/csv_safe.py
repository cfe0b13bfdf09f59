"""CSV writing that spreadsheet programs cannot turn into formulas (CSV/formula injection).

A cell that starts with =, +, -, @, a tab or a carriage return is read as a formula by Excel,
LibreOffice and Google Sheets. Such cells get a leading apostrophe, which those programs show
as plain text. Every export in the project should write through `writer()` or `csv_response()`.
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class SafeWriter:
    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([escape_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **kwargs) -> SafeWriter:
    return SafeWriter(stream, **kwargs)


def csv_response(filename: str) -> tuple[HttpResponse, SafeWriter]:
    """An attachment response and a safe writer into it. `filename` must hold no names."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, SafeWriter(response)
