"""A report is a list of tables; each table is what the page shows, the chart draws and the
CSV holds, so the three cannot disagree."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


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
