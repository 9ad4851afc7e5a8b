"""Public pages: only published reports are ever shown; anything else answers 404."""

import csv
from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import comparison, downloads, formatting, glossary, page_images, selectors
from .cache import public_page
from .csv_safety import csv_row
from .models import Department, Jurisdiction, Report, TableType

PAGE_IMAGE_MAX_AGE = 86400


@require_safe
@public_page
def home(request):
    places = selectors.jurisdictions_with_latest_reports()
    return render(request, "disclosures/home.html", {"places": places})


def _positive_int(value: str, default: int = 1) -> int:
    return int(value) if value.isdecimal() and 0 < len(value) < 6 else default


def _search_filters(request) -> selectors.SearchFilters:
    """The facets chosen in the query string; a value that is not one of the choices is ignored."""
    year = request.GET.get("year", "")
    kind = request.GET.get("kind", "")
    table = request.GET.get("table", "")
    return selectors.SearchFilters(
        district=request.GET.get("district", "")[:100],
        year=int(year) if year.isdecimal() and len(year) == 4 else None,
        kind=kind if kind in Report.Kind.values else "",
        table=table if table in TableType.values else "",
    )


@require_safe
@public_page
def search(request):
    query = request.GET.get("q", "")[:100].strip()
    kind = request.GET.get("type", "")
    results = selectors.search(
        query, kind=kind, page=_positive_int(request.GET.get("page", "")), filters=_search_filters(request)
    )
    return render(request, "disclosures/search.html", {"query": query, "search_query": query, "results": results})


@require_safe
@public_page
def jurisdiction(request, slug):
    place = get_object_or_404(Jurisdiction, slug=slug)
    overview = selectors.jurisdiction_overview(place)
    if not overview["reports"]:
        raise Http404
    return render(request, "disclosures/jurisdiction.html", {"jurisdiction": place, **overview})


@require_safe
@public_page
def department(request, jurisdiction, slug):
    body = get_object_or_404(
        Department.objects.select_related("jurisdiction"), jurisdiction__slug=jurisdiction, slug=slug
    )
    history = selectors.department_history(body)
    if not history["reports"]:
        raise Http404
    return render(request, "disclosures/department.html", {"department": body, **history})


@require_safe
@public_page
def report(request, pk):
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    tables = selectors.report_tables(found)
    figures = selectors.key_figures(found)
    retrieved = timezone.localdate()
    for table in tables:
        table.cite = downloads.cite_line(found, table, _table_url(request, found, table), retrieved)
    completeness = selectors.completeness(tables)
    context = {
        "report": found,
        "tables": tables,
        "figure_groups": selectors.key_figure_groups(figures),
        "charts": selectors.report_charts(found, tables, figures),
        "performance": selectors.performance(found),
        "checks": selectors.checks_in_words(found, completeness),
        "completeness": completeness,
        "kind_term": glossary.KIND_TERMS.get(found.kind, ""),
    }
    return render(request, "disclosures/report.html", context)


def _table_url(request, report, table) -> str:
    return request.build_absolute_uri(reverse("disclosures:report", args=[report.pk])) + f"#table-{table.position}"


@require_safe
@public_page
def table_page(request, pk, position):
    """One table whole: where a long table collapsed on the report page is read in full."""
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    table = next((t for t in selectors.report_tables(found) if t.position == position), None)
    if table is None:
        raise Http404
    table.cite = downloads.cite_line(found, table, _table_url(request, found, table), timezone.localdate())
    return render(request, "disclosures/table.html", {"report": found, "table": table})


@require_safe
@public_page
def table_download(request, pk, position, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    table = next((t for t in selectors.report_tables(found) if t.position == position), None)
    if table is None:
        raise Http404
    cite = downloads.cite_line(found, table, _table_url(request, found, table), timezone.localdate())
    name = f"report-{found.pk}-table-{position}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(downloads.table_csv(table, cite), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            downloads.table_xlsx(table, cite),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@public_page
def glossary_page(request):
    return render(request, "disclosures/glossary.html", {"terms": glossary.TERMS})


@require_safe
def report_pdf(request, pk):
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    try:
        handle = found.source_file.open("rb") if found.source_file else None
    except OSError:
        handle = None
    if handle is None:
        raise Http404
    # A downloaded file, never rendered in the site's origin: a PDF may carry scripts or attachments.
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=found.source_filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@public_page
def page_viewer(request, pk, number):
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    try:
        geometry = page_images.page_geometry(found, number)
    except (page_images.PageNotFound, OSError) as exc:
        raise Http404 from exc
    line_id = request.GET.get("line", "")
    line = selectors.report_line(found, int(line_id)) if line_id.isdecimal() else None
    values = sorted(line.values.all(), key=lambda v: v.column.position) if line else []
    box = geometry.box_percent(line.bbox) if line and line.page == number else None
    context = {
        "report": found,
        "number": number,
        "line": line,
        "values": values,
        "box": box,
        "pages": found.page_count or number,
    }
    return render(request, "disclosures/page.html", context)


@require_safe
def page_image(request, pk, number):
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    width = _positive_int(request.GET.get("w", ""), page_images.DEFAULT_WIDTH)
    try:
        path = page_images.page_image(found, number, width=width)
        handle = path.open("rb")
    except (page_images.PageNotFound, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={PAGE_IMAGE_MAX_AGE}"
    return response


def _comparison_from(request) -> tuple[comparison.Comparison, str]:
    """The comparison the query string asks for; departments without a published report are left out."""
    raw_ids = request.GET.get("departments", "").split(",") + request.GET.getlist("d")
    ids = list(dict.fromkeys(int(x) for x in raw_ids if x.strip().isdecimal() and len(x.strip()) < 12))[:50]
    if ids:
        departments = list(selectors.departments_with_reports().filter(pk__in=ids))
        departments.sort(key=lambda d: ids.index(d.pk))
    else:
        departments = comparison.default_departments()
    raw_years = request.GET.get("years", "").split(",") + request.GET.getlist("y")
    years = sorted({int(y) for y in raw_years if y.strip().isdecimal() and len(y.strip()) == 4}) or None
    measure = request.GET.get("measure") or "total"
    kind = request.GET.get("kind") if request.GET.get("kind") in Report.Kind.values else ""
    try:
        result = comparison.compare(departments=departments, years=years, measure=measure, kind=kind or None)
    except KeyError as exc:
        raise Http404 from exc
    return result, kind


def _shared_query(result: comparison.Comparison, kind: str) -> str:
    params = {
        "departments": ",".join(str(d.pk) for d in result.departments),
        "years": ",".join(str(y) for y in result.years),
        "measure": result.measure.key,
    }
    if kind:
        params["kind"] = kind
    return urlencode(params)


def _measures_with_data(result: comparison.Comparison) -> list[tuple[str, str]]:
    """The measures to offer: function classes only where a published report has an amount for them."""
    classes = selectors.function_classes_with_data()
    return [
        (key, label)
        for key, label in comparison.measure_choices()
        if not key.startswith(comparison.FUNCTION_PREFIX)
        or key.removeprefix(comparison.FUNCTION_PREFIX) in classes
        or key == result.measure.key
    ]


@require_safe
@public_page
def compare(request):
    result, kind = _comparison_from(request)
    chosen = {d.pk for d in result.departments}
    table = [{"department": d, "cells": [result.cell(d.pk, y) for y in result.years]} for d in result.departments]
    context = {
        "result": result,
        "table": table,
        "chart": selectors.comparison_chart(result),
        "kind": kind,
        "measures": _measures_with_data(result),
        "department_groups": selectors.departments_by_jurisdiction(),
        "chosen_departments": chosen,
        "all_years": selectors.years_with_reports(),
        "chosen_years": set(result.years),
        "shared_query": _shared_query(result, kind),
    }
    return render(request, "disclosures/compare.html", context)


def _plain(cell) -> str:
    """The amount as on screen, as a plain decimal string (no thousands separators)."""
    if cell is None or cell.value is None:
        return ""
    return formatting.printed_plain(cell.printed, cell.value)


@require_safe
@public_page
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
                csv_row(
                    [
                        department.jurisdiction.name,
                        department.name,
                        year,
                        Report.Kind(cell.kind).label if cell else "",
                        result.measure.label,
                        result.measure.unit,
                        _plain(cell),
                        cell.page if cell and cell.page else "",
                        request.build_absolute_uri(reverse("disclosures:report", args=[cell.report_id]))
                        if cell
                        else "",
                    ]
                )
            )
    return response
