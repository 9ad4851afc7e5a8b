"""Notes and series across changes: codes of the classification that changed between years (the crosswalk in
budgetpdf/reference/code_crosswalk.csv) and departments renamed, merged or split (DepartmentLink, kept by staff).

A rename lets a department's series continue with the reports of its former (or later) name; a merger or a split
is only noted. Links are read in one query for all the compared departments, one step from each.
"""

from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetpdf.reference import crosswalk

from .models import Department, DepartmentLink


class Source(NamedTuple):
    """A department whose reports give a compared department's values, in the years from `first` to `last`."""

    department_id: int
    first: int | None
    last: int | None
    name: str


def department_links(departments: list[Department]) -> list[DepartmentLink]:
    """The renames, mergers and splits recorded for these departments, in one query."""
    if not departments:
        return []
    ids = [d.pk for d in departments]
    return list(
        DepartmentLink.objects.filter(Q(from_department__in=ids) | Q(to_department__in=ids)).select_related(
            "from_department", "to_department"
        )
    )


def sources_of(departments: list[Department], links: list[DepartmentLink]) -> dict[int, list[Source]]:
    """For each compared department, whose reports give its series: its own for every year, a former name's
    before the rename, a later name's from the rename on (unless that other department is compared itself)."""
    chosen = {d.pk for d in departments}
    sources = {d.pk: [Source(d.pk, None, None, d.name)] for d in departments}
    for link in links:
        if link.relation != DepartmentLink.Relation.RENAMED:
            continue
        old, new = link.from_department, link.to_department
        if new.pk in chosen and old.pk not in chosen:
            sources[new.pk].append(Source(old.pk, None, link.year - 1, old.name))
        if old.pk in chosen and new.pk not in chosen:
            sources[old.pk].append(Source(new.pk, link.year, None, new.name))
    return sources


def flatten(sources: dict[int, list[Source]]) -> list[Source]:
    return [source for group in sources.values() for source in group]


def row_of(sources: dict[int, list[Source]], department_id: int, year: int) -> int | None:
    """The compared department whose series a report of `department_id` for `year` belongs to, if any."""
    for row, group in sources.items():
        for source in group:
            if source.department_id != department_id:
                continue
            if (source.first is None or source.first <= year) and (source.last is None or year <= source.last):
                return row
    return None


def code_notes(code: str, years: list[int]) -> list[str]:
    """What the crosswalk says of the compared code between the first and the last compared year."""
    if not code or len(years) < 2:
        return []
    notes = []
    for change in crosswalk.changes_between(code, years[0], years[-1]):
        if change.kind == crosswalk.ADDED:
            text = _("科目%(code)s自%(year)s年起设立，此前年度没有这一科目（%(note)s）。")
        elif change.kind == crosswalk.RETIRED:
            text = _("科目%(code)s在%(year)s年起停用（%(note)s）。")
        else:
            text = _("科目%(code)s自%(year)s年起口径或名称有变化（%(note)s），跨年比较时请留意。")
        notes.append(text % {"code": code, "year": change.year, "note": change.note})
    return notes


RELATION_NOTES = {
    DepartmentLink.Relation.RENAMED: gettext_lazy("%(old)s于%(year)s年更名为%(new)s"),
    DepartmentLink.Relation.MERGED: gettext_lazy("%(old)s于%(year)s年并入%(new)s"),
    DepartmentLink.Relation.SPLIT: gettext_lazy("%(new)s于%(year)s年从%(old)s分设"),
}


def continued_ids(sources: dict) -> set[int]:
    return {source.department_id for row, group in sources.items() for source in group if source.department_id != row}


def link_notes(departments: list[Department], links: list[DepartmentLink], sources: dict) -> list[str]:
    """A note for each recorded rename, merger or split of a compared department, and where a series continues."""
    notes = []
    for link in links:
        text = RELATION_NOTES[link.relation] % {
            "old": link.from_department.name,
            "new": link.to_department.name,
            "year": link.year,
        }
        continued = {link.from_department.pk, link.to_department.pk} & continued_ids(sources)
        if link.relation == DepartmentLink.Relation.RENAMED and continued:
            text += _("；更名前后的报告接续为同一序列")
        if link.note:
            text += f"（{link.note}）"
        notes.append(text + "。")
    return notes
