"""Geometry of the reports' charts, drawn by the templates as inline SVG (no JS library).

The same approach as the principal's dashboard (core_school.dashboard.charts), which reporting
may not import: plain Python, values in, rectangles out; coordinates are strings formatted with
a dot, and every shape keeps its label and value for the <title> and the table beside it.
"""

from collections.abc import Sequence
from dataclasses import dataclass

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
