"""Geometry of the reports' charts, drawn by the templates as inline SVG (no JS library).

The same approach as the principal's dashboard (core_school.dashboard.charts), which reporting
may not import: plain Python, values in, rectangles out; coordinates are strings formatted with
a dot, and every shape keeps its label and value for the <title> and the table beside it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 400
# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
PALETTE = ("#D55E00", "#E69F00", "#F0E442", "#56B4E9", "#009E73", "#0072B2", "#8A8F98")
COLOURS = {
    "M": "#0072B2",
    "F": "#E69F00",
    "tot": "#009E73",
    "kha": "#56B4E9",
    "dat": "#F0E442",
    "chua_dat": "#D55E00",
    "promoted": "#009E73",
    "reassess": "#E69F00",
    "summer_training": "#F0E442",
    "retained": "#D55E00",
    "manual": "#8A8F98",
    "band0": "#D55E00",
    "band1": "#E69F00",
    "band2": "#F0E442",
    "band3": "#56B4E9",
    "band4": "#009E73",
    "rate": "#0072B2",
}
DARK_INK = {"#56B4E9", "#F0E442", "#E69F00"}
EMPTY_COLOUR = "#c9ced6"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Segment:
    key: str
    name: str
    value: int
    colour: str
    ink: str
    x: str
    width: str
    text_x: str
    show_text: bool


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    y: str
    text_y: str
    segments: list[Segment]
    total_x: str


@dataclass(frozen=True)
class BarChart:
    """Horizontal stacked bars, the label in a column at the left."""

    bars: list[Bar]
    height: str
    label_x: str
    bar_height: str
    width: str = str(WIDTH)

    @property
    def legend(self) -> list[Segment]:
        return self.bars[0].segments if self.bars else []


def bar_chart(
    rows: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    *,
    names: dict[str, str] | None = None,
    full_scale: bool = False,
    label_width: int = 90,
    bar_height: int = 22,
    gap: int = 8,
) -> BarChart:
    """Stacked bars for (label, [(series, value), ...]); with `full_scale` every bar fills the
    width (shares of its own total), otherwise the longest total does."""
    right = 0 if full_scale else 50
    span = WIDTH - label_width - right
    longest = max((sum(v for _, v in series) for _, series in rows), default=0) or 1
    bars = []
    for i, (label, series) in enumerate(rows):
        total = sum(v for _, v in series)
        scale = span / (total or 1) if full_scale else span / longest
        y = gap / 2 + i * (bar_height + gap)
        x = float(label_width)
        segments = []
        for key, value in series:
            width = value * scale
            colour = COLOURS.get(key, PALETTE[-1])
            segments.append(
                Segment(
                    key=key,
                    name=(names or {}).get(key, key),
                    value=value,
                    colour=colour,
                    ink="#1d2433" if colour in DARK_INK else "#ffffff",
                    x=_n(x),
                    width=_n(width),
                    text_x=_n(x + width / 2),
                    show_text=width >= 8 * len(str(value)) + 6,
                )
            )
            x += width
        bars.append(
            Bar(
                label=label,
                total=total,
                y=_n(y),
                text_y=_n(y + bar_height / 2),
                segments=segments,
                total_x=_n(x + 4),
            )
        )
    return BarChart(
        bars=bars,
        height=_n(max(len(rows), 1) * (bar_height + gap)),
        label_x=_n(label_width - 6),
        bar_height=_n(bar_height),
    )


@dataclass(frozen=True)
class Column:
    label: str  # the week, for the <title>
    text: str  # the value as shown ("—" for no data)
    x: str
    y: str
    width: str
    height: str
    empty: bool


@dataclass(frozen=True)
class ColumnChart:
    """Small vertical columns, one per week (a sparkline a screen reader can still read)."""

    columns: list[Column]
    width: str
    height: str


def column_chart(
    points: Sequence[tuple[str, float | None, str]],
    *,
    top: float | None = 100,
    width: int = 168,
    height: int = 36,
    gap: int = 1,
) -> ColumnChart:
    """Columns for (label, value or None, text); scaled to `top` (a percentage's 100), or to
    the largest value when `top` is None. A week with no data is a thin grey mark."""
    scale_top = top or max((v for _, v, _ in points if v is not None), default=0) or 1
    step = width / max(len(points), 1)
    columns = []
    for i, (label, value, text) in enumerate(points):
        size = 1.0 if value is None else max(1.0, min(value, scale_top) / scale_top * height)
        columns.append(
            Column(
                label=label,
                text=text,
                x=_n(i * step),
                y=_n(height - size),
                width=_n(max(step - gap, 1)),
                height=_n(size),
                empty=value is None,
            )
        )
    return ColumnChart(columns=columns, width=str(width), height=str(height))


def column_svg(chart: ColumnChart, *, chart_id: str, title: str) -> str:
    """The chart as inline SVG markup (safe to output as is): built here rather than by a
    template, as a dashboard of hundreds of small charts would spend most of its time in the
    template engine. Every text is escaped."""
    rects = "".join(
        f'<rect x="{c.x}" y="{c.y}" width="{c.width}" height="{c.height}" '
        f'fill="{EMPTY_COLOUR if c.empty else COLOURS["rate"]}"><title>'
        f"{escape(c.label)}: {escape(c.text)}</title></rect>"
        for c in chart.columns
    )
    ident = escape(chart_id)
    return (
        f'<svg class="spark" viewBox="0 0 {chart.width} {chart.height}" width="{chart.width}" '
        f'height="{chart.height}" role="img" aria-labelledby="{ident}-title" '
        f'preserveAspectRatio="none" data-testid="{ident}"><title id="{ident}-title">'
        f"{escape(title)}</title>{rects}</svg>"
    )
