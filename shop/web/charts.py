"""Geometry of a simple vertical bar chart, for server-rendered SVG (no JavaScript needed).

Plain numbers in, positions out: the template draws and labels them in the UI language.
Pixel positions are floats (they are drawing coordinates, not money); values stay Decimal.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    center: float  # x of the bar's middle, for its labels
    value: Decimal


@dataclass(frozen=True)
class Tick:
    y: float
    value: Decimal


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: float  # the plot area inside the margins
    top: float
    right: float
    bottom: float
    axis_max: Decimal
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    reference_y: float | None  # a horizontal line (e.g. the budget), None if off the scale


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ that is at least value (1 for zero or less)."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** value.adjusted()
    for step in (1, 2, Decimal("2.5"), 5, 10):
        candidate = magnitude * step
        if candidate >= value:
            return candidate
    raise AssertionError("unreachable: 10 × 10ⁿ ≥ any value of that magnitude")


def bar_chart(
    values: Sequence[Decimal],
    *,
    width: int = 720,
    height: int = 300,
    margin_left: int = 96,
    margin_right: int = 16,
    margin_top: int = 28,
    margin_bottom: int = 56,
    tick_count: int = 4,
    reference: Decimal | None = None,
) -> BarChart:
    """Bars for the values on a scale from 0 to a round maximum, with evenly spaced ticks.

    The scale also fits the reference value, so a budget line is always on the chart.
    """
    if any(value < 0 for value in values):
        raise ValueError("a bar chart of spend has no negative values")
    left, right = float(margin_left), float(width - margin_right)
    top, bottom = float(margin_top), float(height - margin_bottom)
    highest = max([*values, reference or Decimal(0)], default=Decimal(0))
    axis_max = nice_ceiling(highest)
    plot_height = bottom - top

    def y_of(value: Decimal) -> float:
        return round(bottom - float(value / axis_max) * plot_height, 1)

    slot = (right - left) / len(values) if values else 0.0
    bar_width = round(slot * 0.6, 1)
    bars = []
    for i, value in enumerate(values):
        center = left + slot * (i + 0.5)
        y = y_of(value)
        bars.append(
            Bar(
                x=round(center - bar_width / 2, 1),
                y=y,
                width=bar_width,
                height=round(bottom - y, 1),
                center=round(center, 1),
                value=value,
            )
        )
    ticks = tuple(
        Tick(y_of(axis_max * i / tick_count), axis_max * i / tick_count)
        for i in range(tick_count + 1)
    )
    return BarChart(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        axis_max=axis_max,
        bars=tuple(bars),
        ticks=ticks,
        reference_y=y_of(reference) if reference is not None and reference > 0 else None,
    )
