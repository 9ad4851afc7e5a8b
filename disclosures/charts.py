"""Charts of published amounts: what a chart shows, and the Chart.js config static/js/charts.js draws from.

A chart keeps each amount as printed with a link to its page, so the table printed beside the chart and the
tooltips show the report's own numbers.
"""

from dataclasses import dataclass
from decimal import Decimal

from .formatting import MONEY_UNIT, amount_plain

KINDS = ("bar", "line", "doughnut")


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
    """A line across several years; a single year is a bar."""
    return "line" if len(years) > 1 else "bar"
