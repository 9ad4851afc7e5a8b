"""Type-ahead for the search box: departments, districts, project names and line-item names of published reports.

The same matching as the search page (substring, which is what finds Chinese words; trigram similarity as well on
PostgreSQL), a few of each kind, ten at most in all; what starts with the typed text comes first.
"""

from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Jurisdiction, LineItem, PerformanceRecord, Report
from .selectors import _search_querysets, _text_match, published_reports

SUGGEST_LIMIT = 10
QUERY_MAX_LENGTH = 50
KIND_LABELS = {
    "department": gettext_lazy("部门"),
    "district": gettext_lazy("行政区"),
    "project": gettext_lazy("项目"),
    "line": gettext_lazy("科目"),
}


@dataclass(frozen=True)
class Suggestion:
    kind: str
    label: str
    detail: str
    url: str

    def as_dict(self) -> dict:
        return {**asdict(self), "kind_label": str(KIND_LABELS[self.kind])}


def clean_query(raw) -> str:
    """The typed text with its spaces folded; empty when it is too long to be something typed into a search box."""
    text = " ".join(str(raw or "").split())
    return "" if len(text) > QUERY_MAX_LENGTH else text


def _starts_first(field_name: str, query: str) -> Case:
    return Case(
        When(**{f"{field_name}__istartswith": query}, then=Value(0)), default=Value(1), output_field=IntegerField()
    )


def _search_url(query: str, kind: str) -> str:
    return f"{reverse('disclosures:search')}?{urlencode({'q': query, 'type': kind})}"


def _departments(query: str, limit: int) -> list[Suggestion]:
    found = _search_querysets(query)["departments"].annotate(first=_starts_first("name", query))
    return [
        Suggestion(
            "department",
            d.name,
            "" if d.name.startswith(d.jurisdiction.name) else d.jurisdiction.name,
            reverse("disclosures:department", args=[d.jurisdiction.slug, d.slug]),
        )
        for d in found.order_by("first", "jurisdiction__name", "name")[:limit]
    ]


def _districts(query: str, limit: int) -> list[Suggestion]:
    found = (
        Jurisdiction.objects.filter(_text_match("name", query) | _text_match("short_name", query))
        .filter(Exists(published_reports().filter(department__jurisdiction=OuterRef("pk"))))
        .annotate(first=_starts_first("name", query))
        .order_by("first", "name")
    )
    return [
        Suggestion("district", j.name, "", reverse("disclosures:jurisdiction", args=[j.slug])) for j in found[:limit]
    ]


def _projects(query: str, limit: int) -> list[Suggestion]:
    names = (
        PerformanceRecord.objects.filter(_text_match("project", query), report__status=Report.Status.PUBLISHED)
        .exclude(project="")
        .values("project")
        .annotate(n=Count("report", distinct=True), first=_starts_first("project", query))
        .order_by("first", "-n", "project")
    )
    return [
        Suggestion(
            "project", row["project"], _("%(n)s份报告") % {"n": row["n"]}, _search_url(row["project"], "projects")
        )
        for row in names[:limit]
    ]


def _lines(query: str, limit: int) -> list[Suggestion]:
    names = (
        LineItem.objects.filter(_text_match("name", query), table__report__status=Report.Status.PUBLISHED)
        .values("name")
        .annotate(n=Count("table__report", distinct=True), first=_starts_first("name", query))
        .order_by("first", "-n", "name")
    )
    return [
        Suggestion("line", row["name"], _("%(n)s份报告") % {"n": row["n"]}, _search_url(row["name"], "lines"))
        for row in names[:limit]
    ]


def _shared(groups: list[list[Suggestion]], limit: int) -> list[Suggestion]:
    """Up to `limit` suggestions, each kind given its turn so that no kind crowds out the others."""
    taken = [0] * len(groups)
    while sum(taken) < limit:
        grew = False
        for n, group in enumerate(groups):
            if taken[n] < len(group) and sum(taken) < limit:
                taken[n] += 1
                grew = True
        if not grew:
            break
    return [item for group, n in zip(groups, taken, strict=True) for item in group[:n]]


def suggestions(raw_query, *, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
    query = clean_query(raw_query)
    if not query:
        return []
    groups = [read(query, limit) for read in (_departments, _districts, _projects, _lines)]
    return _shared(groups, limit)
