"""Geometry of the dashboard's charts, drawn by the templates as inline SVG.

Plain Python: values in, rectangles out. Coordinates are strings already formatted with a dot
(templates localise numbers, and "12,5" would break an SVG attribute). Each shape keeps its
series key and value, so the template writes the <title> and the text of every bar.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 400  # every chart's viewBox is WIDTH wide; it scales to the page width

# Series colours (Okabe-Ito, distinguishable with the common colour-vision deficiencies), and
# the ink that reads on each. Colour is never the only cue: every chart has labels and a table.
BLUE, SKY, GREEN, YELLOW, ORANGE, RED, GREY = (
    "#0072B2",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#E69F00",
    "#D55E00",
    "#8A8F98",
)
COLOURS = {
    "M": BLUE,
    "F": ORANGE,
    "tot": GREEN,
    "kha": SKY,
    "dat": YELLOW,
    "chua_dat": RED,
    "excused": ORANGE,
    "unexcused": RED,
    "promoted": GREEN,
    "reassess": ORANGE,
    "summer_training": YELLOW,
    "retained": RED,
    "manual": GREY,
    "xuat_sac": GREEN,
    "gioi": SKY,
    "bin0": RED,
    "bin1": ORANGE,
    "bin2": YELLOW,
    "bin3": SKY,
    "bin4": GREEN,
}
DARK_INK = {SKY, YELLOW, ORANGE}


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _ink(key: str) -> str:
    return "#1d2433" if COLOURS.get(key, GREY) in DARK_INK else "#ffffff"


@dataclass(frozen=True)
class Segment:
    key: str  # the series
    name: str  # its label, shown in the legend and the <title>
    value: int
    colour: str
    ink: str  # text colour inside the segment
    x: str
    width: str
    text_x: str  # the middle of the segment
    show_text: bool  # wide enough to print the value inside


@dataclass(frozen=True)
class HBar:
    label: str
    total: int
    y: str
    text_y: str
    label_y: str
    segments: list[Segment]
    total_x: str


@dataclass(frozen=True)
class HBarChart:
    """Horizontal stacked bars, one per row, the label at the left and the total at the right."""

    bars: list[HBar]
    height: str
    label_x: str
    label_anchor: str  # "end" for labels in a column at the left, "start" above the bars
    bar_height: str
    width: str = str(WIDTH)

    @property
    def legend(self) -> list[Segment]:
        return self.bars[0].segments if self.bars else []


def hbar_chart(
    rows: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    *,
    label_width: int = 70,
    labels_above: bool = False,
    bar_height: int = 26,
    gap: int = 10,
    full_scale: bool = False,
    names: dict[str, str] | None = None,
) -> HBarChart:
    """Stacked bars for (label, [(series, value), ...]) rows. With `full_scale` every bar fills
    the width (shares of its own total); otherwise the longest total fills it. Long labels go
    `labels_above` their bar instead of in a column at the left."""
    label_line = 20 if labels_above else 0
    left = 0 if labels_above else label_width
    right_margin = 0 if full_scale else 44
    span = WIDTH - left - right_margin
    longest = max((sum(v for _, v in series) for _, series in rows), default=0) or 1
    bars = []
    for i, (label, series) in enumerate(rows):
        total = sum(v for _, v in series)
        scale = span / (total or 1) if full_scale else span / longest
        y = gap / 2 + i * (label_line + bar_height + gap) + label_line
        x = float(left)
        segments = []
        for key, value in series:
            width = value * scale
            segments.append(
                Segment(
                    key=key,
                    name=(names or {}).get(key, key),
                    value=value,
                    colour=COLOURS.get(key, GREY),
                    ink=_ink(key),
                    x=_n(x),
                    width=_n(width),
                    text_x=_n(x + width / 2),
                    show_text=len(series) > 1 and width >= 8 * len(str(value)) + 6,
                )
            )
            x += width
        bars.append(
            HBar(
                label=label,
                total=total,
                y=_n(y),
                text_y=_n(y + bar_height / 2),
                label_y=_n(y - 6 if labels_above else y + bar_height / 2),
                segments=segments,
                total_x=_n(x + 4),
            )
        )
    return HBarChart(
        bars=bars,
        height=_n(len(rows) * (label_line + bar_height + gap)),
        label_x=_n(0 if labels_above else label_width - 6),
        label_anchor="start" if labels_above else "end",
        bar_height=_n(bar_height),
    )


@dataclass(frozen=True)
class Column:
    label: str
    value: int
    x: str
    y: str
    width: str
    height: str
    text_x: str
    text_y: str
    colour: str


@dataclass(frozen=True)
class ColumnChart:
    """Vertical columns (a histogram): the value above each column, the label below."""

    columns: list[Column]
    height: str
    baseline: str
    label_y: str
    width: str = str(WIDTH)


def column_chart(
    values: Sequence[tuple[str, int, str]], *, plot_height: int = 180, gap: int = 10
) -> ColumnChart:
    """Columns for (label, value, key) triples, scaled to the largest value."""
    top, bottom = 24, 28
    largest = max((v for _, v, _ in values), default=0) or 1
    width = (WIDTH - gap * (len(values) + 1)) / max(len(values), 1)
    columns = []
    for i, (label, value, key) in enumerate(values):
        height = plot_height * value / largest
        x = gap + i * (width + gap)
        y = top + plot_height - height
        columns.append(
            Column(
                label=label,
                value=value,
                x=_n(x),
                y=_n(y),
                width=_n(width),
                height=_n(height),
                text_x=_n(x + width / 2),
                text_y=_n(y - 6),
                colour=COLOURS.get(key, GREY),
            )
        )
    return ColumnChart(
        columns=columns,
        height=_n(top + plot_height + bottom),
        baseline=_n(top + plot_height),
        label_y=_n(top + plot_height + 20),
    )


@dataclass(frozen=True)
class DayColumn:
    day: datetime.date
    date_text: str  # dd/mm/yyyy
    excused: int
    unexcused: int
    sessions: int
    x: str
    width: str
    excused_y: str
    excused_height: str
    unexcused_y: str
    unexcused_height: str


@dataclass(frozen=True)
class DayChart:
    """Daily absences as a share of the day's pupil-sessions, excused under unexcused."""

    days: list[DayColumn]
    height: str
    baseline: str
    top: str
    max_percent: int  # the value of the top grid line, in per cent
    left: str  # where the plot starts (the axis labels are at its left)
    tick_x: str
    width: str = str(WIDTH)
    excused_colour: str = COLOURS["excused"]
    unexcused_colour: str = COLOURS["unexcused"]


def day_chart(days: Sequence[tuple[object, int, int, int]], *, plot_height: int = 120) -> DayChart:
    """Columns for (date, excused, unexcused, pupil-sessions) per day, in date order."""
    top, left = 16, 36
    shares = [(e + u) / s if s else 0.0 for _, e, u, s in days]
    max_percent = max(1, int(-(-max(shares, default=0) * 100 // 1)))  # rounded up
    scale = plot_height / (max_percent / 100)
    step = (WIDTH - left) / max(len(days), 1)
    width = max(step - 1, 1)
    columns = []
    for i, (day, excused, unexcused, sessions) in enumerate(days):
        excused_height = scale * excused / sessions if sessions else 0.0
        unexcused_height = scale * unexcused / sessions if sessions else 0.0
        base = top + plot_height
        columns.append(
            DayColumn(
                day=day,
                date_text=day.strftime("%d/%m/%Y"),
                excused=excused,
                unexcused=unexcused,
                sessions=sessions,
                x=_n(left + i * step),
                width=_n(width),
                excused_y=_n(base - excused_height),
                excused_height=_n(excused_height),
                unexcused_y=_n(base - excused_height - unexcused_height),
                unexcused_height=_n(unexcused_height),
            )
        )
    return DayChart(
        days=columns,
        height=_n(top + plot_height + 8),
        baseline=_n(top + plot_height),
        top=_n(top),
        max_percent=max_percent,
        left=_n(left),
        tick_x=_n(left - 4),
    )
