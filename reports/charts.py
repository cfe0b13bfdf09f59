"""Server-rendered SVG charts (pygal), served from their own URL as an <img>.

pygal writes a <style> element and a few style attributes into the SVG, which the pages'
strict CSP would block if the SVG were inlined; as an image document it has its own response
and policy, and it never runs scripts. pygal's config <script> is removed all the same.
"""

import re
from decimal import Decimal

import pygal
from pygal.style import Style

from reports.tables import Table

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#dc3545", "#20c997", "#6c757d"),
    font_family="system-ui, sans-serif",
    title_font_size=20,
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=16,
    value_font_size=14,
)
KINDS = {
    "bar": pygal.Bar,
    "hbar": pygal.HorizontalBar,
    "line": pygal.Line,
    "stacked": pygal.StackedBar,
}


def _number(value):
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return None


def render_svg(table: Table) -> str:
    spec = table.chart
    chart_class = KINDS[spec.kind if spec else "bar"]
    chart = chart_class(
        js=[],
        style=STYLE,
        width=720,
        height=420,
        show_legend=bool(spec) and len(spec.series) > 1,
        legend_at_bottom=True,
        x_label_rotation=30 if spec and spec.kind != "hbar" else 0,
        truncate_label=30,
        print_values=False,
        no_data_text="No data for this period",
    )
    chart.title = table.title
    rows = table.rows[:-1] if spec and spec.skip_last_row else table.rows
    if spec and spec.rows is not None:
        rows = [rows[i] for i in spec.rows if i < len(rows)]
    chart.x_labels = [str(row[0]) for row in rows]
    if spec:
        for index in spec.series:
            values = [_number(row[index]) for row in rows]
            if any(v is not None for v in values):
                chart.add(table.columns[index], values)
    return SCRIPT.sub("", chart.render(is_unicode=True))
