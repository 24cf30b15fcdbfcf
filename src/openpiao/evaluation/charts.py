"""Geometry of the small server-rendered SVG charts (no JavaScript, no CDN).

Plain functions: a page passes labelled values, the template draws the rectangles. Every
chart is also printed as a table next to it, for screen readers and for the record.
"""

from dataclasses import dataclass
from decimal import Decimal

ROW = 26  # height of one bar row, in SVG units
LABEL_WIDTH = 230
BAR_WIDTH = 300
MAX_LABEL = 34  # characters that fit in LABEL_WIDTH at 12px


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | None
    y: int
    width: int  # bar length
    text_y: int
    css: str = ""


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    bar_width: int = BAR_WIDTH

    @property
    def total_width(self) -> int:
        return self.label_width + self.bar_width + 70


def bar_chart(
    rows: list[tuple[str, Decimal | int | None, str]], *, maximum: Decimal | int | None = None
) -> BarChart:
    """Horizontal bars, one per (label, value, css class); None draws no bar."""
    values = [v for _, v, _ in rows if v is not None]
    top = Decimal(maximum if maximum is not None else max(values, default=0) or 1)
    bars = []
    for i, (label, value, css) in enumerate(rows):
        length = 0 if value is None else int(min(Decimal(value), top) / top * BAR_WIDTH)
        short = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
        bars.append(Bar(short, value, i * ROW + 4, length, i * ROW + 19, css))
    return BarChart(bars, max(len(rows), 1) * ROW + 8)


def counts_chart(counts: list[tuple[str, int]]) -> BarChart:
    """A histogram (monitoring.histogram) as bars."""
    return bar_chart([(label, n, "") for label, n in counts])
