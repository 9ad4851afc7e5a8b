"""Public pages: only published reports are ever shown."""

import csv

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import comparison, page_images, selectors
from .models import Department, Jurisdiction, LineItem, Report

SIDE_LABELS = {"income": "收入", "expense": "支出"}


@require_GET
def home(request):
    places = selectors.jurisdictions_with_latest_reports()
    return render(request, "disclosures/home.html", {"places": places})


@require_GET
def search(request):
    query = request.GET.get("q", "")[:100]
    return render(request, "disclosures/search.html", {"query": query, "results": selectors.search(query)})


@require_GET
def jurisdiction(request, slug):
    place = get_object_or_404(Jurisdiction, slug=slug)
    reports = list(
        selectors.published_reports()
        .filter(department__jurisdiction=place)
        .order_by("department__name", "-fiscal_year__year")
    )
    if not reports:
        raise Http404
    chart = selectors.jurisdiction_trend(place, reports)
    return render(request, "disclosures/jurisdiction.html", {"jurisdiction": place, "reports": reports, "chart": chart})


@require_GET
def department(request, jurisdiction, slug):
    body = get_object_or_404(
        Department.objects.select_related("jurisdiction"), jurisdiction__slug=jurisdiction, slug=slug
    )
    history = selectors.department_history(body)
    if not history["reports"]:
        raise Http404
    return render(request, "disclosures/department.html", {"department": body, **history})


@require_GET
def report(request, pk):
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    tables = selectors.report_tables(found)
    figures = selectors.key_figures(found)
    context = {
        "report": found,
        "tables": tables,
        "figures": sorted(figures.values(), key=lambda f: f.key),
        "charts": selectors.report_charts(found, tables, figures),
        "performance": found.performance_records.prefetch_related("indicators").order_by("position"),
        "failed_checks": [c for c in found.checks.all() if c.status == "fail"],
        "passed_checks": sum(1 for c in found.checks.all() if c.status == "pass"),
    }
    return render(request, "disclosures/report.html", context)


@require_GET
def report_pdf(request, pk):
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    if not found.source_file:
        raise Http404
    return FileResponse(found.source_file.open("rb"), content_type="application/pdf", filename=found.source_filename)


@require_GET
def page_viewer(request, pk, number):
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    try:
        geometry = page_images.page_geometry(found, number)
    except page_images.PageNotFound as exc:
        raise Http404 from exc
    line = None
    box = None
    if request.GET.get("line", "").isdigit():
        line = LineItem.objects.select_related("table").filter(pk=request.GET["line"], table__report=found).first()
        if line and line.page == number:
            box = geometry.box_percent(line.bbox)
    context = {"report": found, "number": number, "line": line, "box": box, "pages": found.page_count}
    return render(request, "disclosures/page.html", context)


@require_GET
def page_image(request, pk, number):
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    try:
        width = int(request.GET.get("w", page_images.DEFAULT_WIDTH))
        path = page_images.page_image(found, number, width=width)
    except (page_images.PageNotFound, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(path.open("rb"), content_type="image/png")  # noqa: SIM115 (closed by the response)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _comparison_from(request):
    raw_ids = request.GET.get("departments", "").split(",") + request.GET.getlist("d")
    ids = list(dict.fromkeys(int(x) for x in raw_ids if x.strip().isdigit()))
    departments = (
        list(Department.objects.filter(pk__in=ids).select_related("jurisdiction"))
        if ids
        else comparison.default_departments()
    )
    departments.sort(key=lambda d: ids.index(d.pk) if d.pk in ids else 0)
    raw_years = request.GET.get("years", "").split(",") + request.GET.getlist("y")
    years = sorted({int(y) for y in raw_years if y.strip().isdigit()}) or None
    measure = request.GET.get("measure") or "total"
    kind = request.GET.get("kind") if request.GET.get("kind") in Report.Kind.values else None
    try:
        result = comparison.compare(departments=departments, years=years, measure=measure, kind=kind)
    except KeyError as exc:
        raise Http404 from exc
    return result, kind


@require_GET
def compare(request):
    result, kind = _comparison_from(request)
    chosen = {d.pk for d in result.departments}
    all_years = selectors.years_with_reports()
    table = [{"department": d, "cells": [result.cell(d.pk, y) for y in result.years]} for d in result.departments]
    chart = {
        "id": "chart-compare",
        "title": result.measure.label,
        "type": "bar" if len(result.years) == 1 else "line",
        "unit": result.measure.unit,
        "data": {
            "labels": [str(y) for y in result.years]
            if len(result.years) > 1
            else [d.jurisdiction.short_name or d.name for d in result.departments],
            "datasets": (
                [
                    {
                        "label": f"{d.jurisdiction.short_name} {d.name.removeprefix(d.jurisdiction.name)}",
                        "data": [
                            str(c.value) if (c := result.cell(d.pk, y)) and c.value is not None else None
                            for y in result.years
                        ],
                    }
                    for d in result.departments
                ]
                if len(result.years) > 1
                else [
                    {
                        "label": result.measure.label,
                        "data": [
                            str(c.value) if (c := result.cell(d.pk, result.years[0])) and c.value is not None else None
                            for d in result.departments
                        ],
                    }
                ]
                if result.years
                else []
            ),
        },
    }
    context = {
        "result": result,
        "table": table,
        "chart": chart,
        "kind": kind or "",
        "measures": comparison.measure_choices(),
        "department_options": _department_options(chosen),
        "all_years": all_years,
        "chosen": chosen,
        "chosen_years": set(result.years),
        "query": request.GET.urlencode(),
    }
    return render(request, "disclosures/compare.html", context)


def _department_options(chosen: set[int]) -> str:
    """The department chooser's options grouped by jurisdiction, built once in Python: there may be thousands."""
    groups: dict[str, list[str]] = {}
    for pk, name, place in selectors.departments_with_reports().values_list("pk", "name", "jurisdiction__name"):
        selected = " selected" if pk in chosen else ""
        groups.setdefault(place, []).append(f'<option value="{pk}"{selected}>{escape(name)}</option>')
    return mark_safe(  # noqa: S308 (names are escaped)
        "".join(f'<optgroup label="{escape(place)}">{"".join(options)}</optgroup>' for place, options in groups.items())
    )


@require_GET
def compare_csv(request):
    result, _kind = _comparison_from(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="comparison.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [_("行政区"), _("部门"), _("年度"), _("类型"), _("指标"), _("单位"), _("数值"), _("页码"), _("报告")]
    )
    for department in result.departments:
        for year in result.years:
            cell = result.cell(department.pk, year)
            writer.writerow(
                [
                    department.jurisdiction.name,
                    department.name,
                    year,
                    Report.Kind(cell.kind).label if cell else "",
                    result.measure.label,
                    result.measure.unit,
                    str(cell.value) if cell and cell.value is not None else "",
                    cell.page if cell and cell.page else "",
                    request.build_absolute_uri(f"/reports/{cell.report_id}/") if cell else "",
                ]
            )
    return response
