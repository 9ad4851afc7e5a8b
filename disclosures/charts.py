"""Charts of published amounts: what a chart shows, and the Chart.js config static/js/charts.js draws from.

A chart keeps each amount as printed with a link to its page, so the table printed beside the chart and the
tooltips show the report's own numbers.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .formatting import MONEY_UNIT, amount_plain

KINDS = ("bar", "line", "doughnut")

# Colours a department keeps on every chart of the site, picked by its id so that it never depends on which
# other departments a chart happens to show.
DEPARTMENT_PALETTE = (
    "#1d4f91",
    "#d9822b",
    "#2f9e6e",
    "#b23a48",
    "#7a5195",
    "#5b8e7d",
    "#c9a227",
    "#3d7ea6",
    "#8c564b",
    "#e377c2",
    "#4d4d4d",
    "#17becf",
)


def department_colour(department_id: int) -> str:
    """The one colour a department is drawn in, wherever it appears."""
    return DEPARTMENT_PALETTE[int(department_id) % len(DEPARTMENT_PALETTE)]


@dataclass(frozen=True)
class Point:
    """One amount on a chart: the stored Decimal, its printed text and the page it is read from."""

    amount: Decimal
    printed: str
    href: str = ""


@dataclass
class Dataset:
    """One series of points, one per label; `stack` groups bars stacked together (budget or final)."""

    label: str
    points: list[Point | None]
    stack: str = ""
    colour: str = ""
    colours: list[str] = field(default_factory=list)

    @property
    def has_points(self) -> bool:
        return any(self.points)


@dataclass
class Chart:
    id: str
    title: str
    kind: str
    labels: list[str]
    datasets: list[Dataset]
    unit: str = MONEY_UNIT
    note: str = ""
    stacked: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"chart kind must be one of {', '.join(KINDS)}, not {self.kind!r}")

    @property
    def canvas_id(self) -> str:
        return f"chart-{self.id}"

    @property
    def data_id(self) -> str:
        return f"chart-{self.id}-data"

    @property
    def table(self) -> list[dict]:
        """The numbers behind the chart, a row per label, for the table printed beside it."""
        return [
            {"label": label, "cells": [s.points[n] if n < len(s.points) else None for s in self.datasets]}
            for n, label in enumerate(self.labels)
        ]

    def chartjs_config(self) -> dict:
        """What charts.js reads: amounts as exact decimal strings, never floats, with their printed text."""
        return {
            "type": self.kind,
            "unit": str(self.unit),
            "stacked": self.stacked,
            "labels": [str(label) for label in self.labels],
            "datasets": [
                {
                    "label": str(s.label),
                    "stack": s.stack or None,
                    "data": [amount_plain(p.amount) if p else None for p in s.points],
                    "printed": [p.printed if p else None for p in s.points],
                    **({"colour": s.colour} if s.colour else {}),
                    **({"colours": list(s.colours)} if s.colours else {}),
                }
                for s in self.datasets
            ],
        }


def parts_chart(chart_id: str, title: str, parts: list[tuple[str, Point]], *, note: str = "") -> Chart:
    """A doughnut of the parts of one whole, a slice per part."""
    return Chart(
        chart_id,
        title,
        "doughnut",
        labels=[label for label, _point in parts],
        datasets=[Dataset(title, [point for _label, point in parts])],
        note=note,
    )


def years_kind(years: list) -> str:
    """A line across several years; a single year is a bar, never a lone dot."""
    return "line" if len(years) > 1 else "bar"


def year_axis(years: list[int]) -> list[int]:
    """Every year from the first to the last, so a year without a report is an empty place on the axis.

    A line is then never drawn straight from 2019 to 2021 as if 2020 lay on it (charts.js does not span gaps).
    """
    if not years:
        return []
    return list(range(min(years), max(years) + 1))
