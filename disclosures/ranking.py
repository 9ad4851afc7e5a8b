"""The departments of a district ranked by one measure for one year.

Published reports only; equal values share a rank (1, 1, 3); departments whose report does not give the value,
or that have no published report of that year, are listed last without a rank. The values are those of the
comparison (comparison.compare), with their pages, so a ranking never shows a number the comparison would not.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from . import comparison, selectors
from .models import Department, Jurisdiction, Report


@dataclass(frozen=True)
class Ranked:
    rank: int | None
    department: Department
    cell: comparison.Cell | None
    tied: bool = False


@dataclass
class Ranking:
    jurisdiction: Jurisdiction | None
    year: int | None
    result: comparison.Comparison | None
    rows: list[Ranked] = field(default_factory=list)
    query: comparison.Query | None = None

    @property
    def ranked(self) -> list[Ranked]:
        return [row for row in self.rows if row.rank is not None]

    @property
    def missing(self) -> list[Ranked]:
        return [row for row in self.rows if row.rank is None]


def districts() -> QuerySet[Jurisdiction]:
    """The districts with at least one published report."""
    published = Report.objects.filter(department__jurisdiction=OuterRef("pk"), status=Report.Status.PUBLISHED)
    return Jurisdiction.objects.filter(Exists(published)).order_by("name")


def ranked(result: comparison.Comparison) -> list[Ranked]:
    """The compared departments from the highest value down, ties sharing a rank, those without a value last."""
    year = result.years[0] if result.years else None
    with_values: list[tuple[Decimal, Department, comparison.Cell]] = []
    without = []
    for department in result.departments:
        cell = result.cell(department.pk, year) if year is not None else None
        if cell is None or cell.value is None:
            without.append(Ranked(None, department, cell))
        else:
            with_values.append((cell.value, department, cell))
    with_values.sort(key=lambda item: (-item[0], item[1].name))
    counts: dict[Decimal, int] = {}
    for value, _department, _cell in with_values:
        counts[value] = counts.get(value, 0) + 1
    rows, rank, previous = [], 0, None
    for position, (value, department, cell) in enumerate(with_values, start=1):
        if value != previous:
            rank, previous = position, value
        rows.append(Ranked(rank, department, cell, tied=counts[value] > 1))
    return rows + sorted(without, key=lambda row: row.department.name)


def rank(
    *,
    jurisdiction: Jurisdiction,
    year: int,
    measure: str | comparison.Measure,
    kind: str | None = None,
    calc: str = comparison.PRINTED,
) -> Ranking:
    departments = list(selectors.departments_with_reports().filter(jurisdiction=jurisdiction))
    result = comparison.compare(departments=departments, years=[year], measure=measure, kind=kind, calc=calc)
    return Ranking(jurisdiction, year, result, ranked(result))


def _district(value: str) -> Jurisdiction:
    found = districts()
    match = found.filter(pk=int(value)) if value.isascii() and value.isdecimal() else found.filter(slug=value)
    district = match.first()
    if district is None:
        raise comparison.BadQuery(
            "district", _("没有这一行政区（或它还没有已发布的报告）：%(value)s。") % {"value": value[:40]}
        )
    return district


def _year(value: str, district: Jurisdiction) -> int | None:
    if not value:
        years = selectors.published_reports().filter(department__jurisdiction=district)
        return years.order_by("-fiscal_year__year").values_list("fiscal_year__year", flat=True).first()
    if not (value.isascii() and value.isdecimal() and len(value) == 4):
        raise comparison.BadQuery(
            "year", _("年度应为四位数字，例如 2023；收到的是「%(text)s」。") % {"text": value[:20]}
        )
    return int(value)


def rank_from(params) -> Ranking:
    """The ranking a query string asks for (district, year, and the comparison's measure, kind and calc);
    without a district, an empty ranking for the form. comparison.BadQuery for a parameter that cannot be used."""
    query = comparison.parse_query(params)
    value = (params.get("district") or "").strip()
    if not value:
        return Ranking(None, None, None, query=query)
    district = _district(value)
    year = _year((params.get("year") or "").strip(), district)
    if year is None:
        return Ranking(district, None, None, query=query)
    found = rank(jurisdiction=district, year=year, measure=query.measure, kind=query.kind or None, calc=query.calc)
    found.query = query
    return found
