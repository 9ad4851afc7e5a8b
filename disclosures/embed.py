"""Charts people take away: the picture's file name, the source line printed under it, and its embeddable page.

A chart is shown on a report, a department, a district or the comparison page; the same chart is rebuilt on its
embeddable page from the same published data, so what a reader sees inside another site is what this site shows.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .charts import Chart

PAGE_IN_LINK = re.compile(r"/pages/(\d+)/")
UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\s]+')
EMBED_WIDTH = "100%"
EMBED_HEIGHT = 460


@dataclass(frozen=True)
class ChartShare:
    """What a chart needs to be taken away: a file name for its picture, its source line, its embed address."""

    file_name: str
    source_text: str
    source_url: str
    embed_url: str

    @property
    def source(self) -> str:
        return f"{self.source_text}，{self.source_url}"

    @property
    def embed_code(self) -> str:
        return (
            f'<iframe src="{self.embed_url}" width="{EMBED_WIDTH}" height="{EMBED_HEIGHT}" '
            f'style="border:0" loading="lazy" title="{self._title}"></iframe>'
        )

    @property
    def _title(self) -> str:
        return self.file_name.removesuffix(".png").replace('"', "")


def file_name(*parts) -> str:
    """A picture's file name from its parts (department, year, measure), safe on every system."""
    words = [UNSAFE_IN_FILE_NAME.sub("_", str(p)).strip("_") for p in parts if p not in (None, "")]
    return "-".join(w for w in words if w)[:150] + ".png"


def chart_pages(chart: Chart) -> list[int]:
    """The pages the chart's amounts are printed on, in order, each once."""
    pages = {
        int(found.group(1))
        for dataset in chart.datasets
        for point in dataset.points
        if point and (found := PAGE_IN_LINK.search(point.href))
    }
    return sorted(pages)


def _year_span(years) -> str:
    years = sorted({int(y) for y in years})
    if not years:
        return ""
    if len(years) == 1:
        return _("%(year)s年") % {"year": years[0]}
    return _("%(first)s—%(last)s年") % {"first": years[0], "last": years[-1]}


def report_share(request, report, chart: Chart, tables) -> ChartShare:
    """A chart of one report: its source names the report, the tables its amounts come from and their pages."""
    url = request.build_absolute_uri(reverse("disclosures:report", args=[report.pk]))
    pages = chart_pages(chart)
    names = [f"《{t.title}》" for t in tables if set(t.pages or []) & set(pages)]
    where = " " + "、".join(dict.fromkeys(names)) if names else ""
    on_pages = "，" + _("第%(pages)s页") % {"pages": "、".join(str(p) for p in pages)} if pages else ""
    year = report.fiscal_year.year
    kind = report.get_kind_display()
    source = _("来源：%(department)s %(year)s年%(kind)s") % {
        "department": report.department.name,
        "year": year,
        "kind": kind,
    }
    return ChartShare(
        file_name=file_name(report.department.name, f"{year}{kind}", chart.title),
        source_text=f"{source}{where}{on_pages}",
        source_url=url,
        embed_url=request.build_absolute_uri(reverse("embed:report", args=[report.pk, chart.id])),
    )


def department_share(request, department, chart: Chart, years) -> ChartShare:
    url = request.build_absolute_uri(
        reverse("disclosures:department", args=[department.jurisdiction.slug, department.slug])
    )
    span = _year_span(years)
    source = _("来源：%(department)s %(span)s预算、决算公开表（各数所在页见图表数据）") % {
        "department": department.name,
        "span": span,
    }
    return ChartShare(
        file_name=file_name(department.name, span, chart.title),
        source_text=source,
        source_url=url,
        embed_url=request.build_absolute_uri(
            reverse("embed:department", args=[department.jurisdiction.slug, department.slug, chart.id])
        ),
    )


def jurisdiction_share(request, jurisdiction, chart: Chart, years) -> ChartShare:
    url = request.build_absolute_uri(reverse("disclosures:jurisdiction", args=[jurisdiction.slug]))
    span = _year_span(years)
    source = _("来源：%(place)s各部门 %(span)s预算、决算公开表（各数所在页见图表数据）") % {
        "place": jurisdiction.name,
        "span": span,
    }
    return ChartShare(
        file_name=file_name(jurisdiction.name, span, chart.title),
        source_text=source,
        source_url=url,
        embed_url=request.build_absolute_uri(reverse("embed:jurisdiction", args=[jurisdiction.slug, chart.id])),
    )


def comparison_share(request, result, chart: Chart, query: str) -> ChartShare:
    url = request.build_absolute_uri(reverse("disclosures:compare")) + (f"?{query}" if query else "")
    span = _year_span(result.years)
    names = "、".join(d.name for d in result.departments[:3])
    more = _("等%(n)s个部门") % {"n": len(result.departments)} if len(result.departments) > 3 else ""
    source = _("来源：%(names)s%(more)s %(span)s预算、决算公开表（各数所在页见图表数据）") % {
        "names": names,
        "more": more,
        "span": span,
    }
    return ChartShare(
        file_name=file_name(_("比较"), result.measure.label, span),
        source_text=source,
        source_url=url,
        embed_url=request.build_absolute_uri(reverse("embed:compare")) + (f"?{query}" if query else ""),
    )


def share_in(context, chart: Chart) -> ChartShare | None:
    """The share of a chart on whichever public page is being drawn (read from that page's context)."""
    request = context.get("request")
    if request is None:
        return None
    if context.get("report") is not None and context.get("tables") is not None:
        return report_share(request, context["report"], chart, context["tables"])
    if context.get("department") is not None:
        return department_share(request, context["department"], chart, context.get("years") or [])
    if context.get("result") is not None:
        return comparison_share(request, context["result"], chart, context.get("shared_query", ""))
    if context.get("jurisdiction") is not None:
        return jurisdiction_share(request, context["jurisdiction"], chart, context.get("years") or [])
    return None


def frame_policy() -> str:
    """The site's Content-Security-Policy with only frame-ancestors opened, to the sites that may embed a chart."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
    ancestors = f"frame-ancestors {settings.EMBED_FRAME_ANCESTORS}"
    directives = [d.strip() for d in policy.split(";") if d.strip() and not d.strip().startswith("frame-ancestors")]
    return "; ".join([*directives, ancestors])
