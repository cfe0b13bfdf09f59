"""A report is a list of tables; each table is what the page shows, the chart draws and the
CSV holds, so the three cannot disagree."""

import math
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise


@dataclass(frozen=True)
class Chart:
    """Which columns to draw: the first column labels the bars, `series` are column indexes."""

    kind: str  # "bar", "hbar", "line" or "stacked"
    series: tuple[int, ...]
    # Rows to leave out of the chart, such as a totals row.
    skip_last_row: bool = False
    # Only these rows, when the table mixes units that one axis cannot show.
    rows: tuple[int, ...] | None = None


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    note: str = ""
    chart: Chart | None = None
    footer: list[list] = field(default_factory=list)

    def csv_rows(self) -> list[list]:
        return [self.columns, *self.rows, *self.footer]


def percent(part, whole) -> Decimal:
    """A share in percent, one decimal; 0 when the denominator is 0 (never a division by 0)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def ratio(part, whole, places: int = 2) -> Decimal:
    """part / whole rounded; 0 when the denominator is 0."""
    quantum = Decimal(1).scaleb(-places)
    if not whole:
        return Decimal(0).quantize(quantum)
    return (Decimal(part) / Decimal(whole)).quantize(quantum, ROUND_HALF_UP)


def change(before, after) -> str:
    """Relative change from before to after, as the evaluations report it ("-40.0%")."""
    if not before:
        return "n/a" if after else "0.0%"
    value = (Decimal(after) - Decimal(before)) * 100 / Decimal(before)
    return f"{value.quantize(Decimal('0.1'), ROUND_HALF_UP):+}%"


# Stored snapshots (reports.models.ReportSnapshot) hold tables as JSON. Cells that JSON cannot
# carry exactly are tagged, so a stored table renders, charts and exports exactly as the live
# one: a Decimal keeps its digits ("12.50" stays "12.50"), a date stays a date, and a float
# keeps every bit (jsonb would turn 1e20 into an integer).
_TAG = "$"


def _cell_to_json(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Promise):  # a lazily translated label renders as its text
        return str(value)
    if isinstance(value, Decimal):
        return {_TAG: "decimal", "v": str(value)}
    if isinstance(value, float):
        return {_TAG: "float", "v": repr(value) if math.isfinite(value) else str(value)}
    if isinstance(value, datetime):
        return {_TAG: "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {_TAG: "date", "v": value.isoformat()}
    raise TypeError(f"A report cell of type {type(value).__name__} cannot be stored: {value!r}")


_DECODERS = {
    "decimal": Decimal,
    "float": float,
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
}


def _cell_from_json(value):
    if isinstance(value, dict):
        return _DECODERS[value[_TAG]](value["v"])
    return value


def table_to_json(table: Table) -> dict:
    return {
        "key": table.key,
        "title": str(table.title),
        "columns": [_cell_to_json(c) for c in table.columns],
        "rows": [[_cell_to_json(c) for c in row] for row in table.rows],
        "footer": [[_cell_to_json(c) for c in row] for row in table.footer],
        "note": str(table.note),
        "chart": asdict(table.chart) if table.chart else None,
    }


def table_from_json(data: dict) -> Table:
    chart = data["chart"]
    if chart is not None:
        rows = chart["rows"]
        chart = Chart(
            kind=chart["kind"],
            series=tuple(chart["series"]),
            skip_last_row=chart["skip_last_row"],
            rows=tuple(rows) if rows is not None else None,
        )
    return Table(
        key=data["key"],
        title=data["title"],
        columns=[_cell_from_json(c) for c in data["columns"]],
        rows=[[_cell_from_json(c) for c in row] for row in data["rows"]],
        footer=[[_cell_from_json(c) for c in row] for row in data["footer"]],
        note=data["note"],
        chart=chart,
    )
