"""Public pages: only published reports are ever shown; anything else answers 404."""

import csv
from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from . import comparison, downloads, findings, formatting, glossary, page_images, ranking, selectors
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
    overview["findings_years"] = findings.jurisdiction_findings(place)
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
    history["findings_years"] = findings.department_findings(body)
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
    page_url = request.build_absolute_uri(reverse("disclosures:report", args=[found.pk]))
    for figure in figures.values():
        figure.cite = downloads.figure_cite_line(found, figure, f"{page_url}#figure-{figure.key}", retrieved)
    completeness = selectors.completeness(tables)
    context = {
        "report": found,
        "tables": tables,
        "figure_groups": selectors.key_figure_groups(figures),
        "charts": selectors.report_charts(found, tables, figures),
        "performance": selectors.performance(found),
        "checks": selectors.checks_in_words(found, completeness),
        "quality": findings.report_quality(found),
        "completeness": completeness,
        "timeliness": selectors.timeliness(found),
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


def _comparison_from(request) -> tuple[comparison.Comparison, comparison.Query]:
    """The comparison the query string asks for; departments without a published report are left out.

    comparison.BadQuery for a parameter that cannot be used."""
    query = comparison.parse_query(request.GET)
    if query.department_ids:
        departments = list(selectors.departments_with_reports().filter(pk__in=query.department_ids))
        departments.sort(key=lambda d: query.department_ids.index(d.pk))
    else:
        departments = comparison.default_departments()
    result = comparison.compare(
        departments=departments, years=query.years, measure=query.measure, kind=query.kind or None, calc=query.calc
    )
    return result, query


def _bad_comparison(request, error: comparison.BadQuery, *, plain: bool = False):
    if plain:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    return render(request, "disclosures/compare_invalid.html", {"error": error}, status=400)


def _measures_with_data(result: comparison.Comparison) -> list[tuple[str, str]]:
    """The measures to offer: function classes only where a published report has an amount for them."""
    classes = selectors.function_classes_with_data()
    offered = [
        (key, label)
        for key, label in comparison.measure_choices()
        if not key.startswith(comparison.FUNCTION_PREFIX)
        or key.removeprefix(comparison.FUNCTION_PREFIX) in classes
        or key == result.measure.key
    ]
    if result.measure.key not in {key for key, _label in offered}:
        offered.append((result.measure.key, f"{result.measure.label}（{result.measure.code}）"))
    return offered


@require_safe
@public_page
def compare(request):
    try:
        result, query = _comparison_from(request)
    except comparison.BadQuery as error:
        return _bad_comparison(request, error)
    chosen = {d.pk for d in result.departments}
    table = [{"department": d, "cells": [result.cell(d.pk, y) for y in result.years]} for d in result.departments]
    context = {
        "result": result,
        "table": table,
        "chart": selectors.comparison_chart(result),
        "kind": query.kind,
        "measures": _measures_with_data(result),
        "levels": comparison.LEVELS,
        "codes": [
            (level, comparison.LEVELS[level], items)
            for level, items in comparison.codes_with_data(result.departments, query.years, query.kind or None).items()
        ],
        "calcs": comparison.CALCS,
        "department_groups": selectors.departments_by_jurisdiction(),
        "chosen_departments": chosen,
        "all_years": selectors.years_with_reports(),
        "chosen_years": set(result.years),
        "shared_query": urlencode(query.params(result.departments, result.years)),
    }
    return render(request, "disclosures/compare.html", context)


@require_safe
def compare_rank(request):
    """The departments of a district ranked by a measure for one year."""
    try:
        result = ranking.rank_from(request.GET)
    except comparison.BadQuery as error:
        return _bad_comparison(request, error)
    context = {
        "ranking": result,
        "measures": comparison.measure_choices(),
        "levels": comparison.LEVELS,
        "calcs": comparison.CALCS,
        "places": ranking.districts(),
        "all_years": selectors.years_with_reports(),
    }
    return render(request, "disclosures/compare_rank.html", context)


def _plain(cell) -> str:
    """The amount as on screen, as a plain decimal string (no thousands separators)."""
    if cell is None or cell.value is None:
        return ""
    return formatting.printed_plain(cell.printed, cell.value)


CSV_COLUMNS = (
    gettext_lazy("行政区"),
    gettext_lazy("部门"),
    gettext_lazy("年度"),
    gettext_lazy("类型"),
    gettext_lazy("指标"),
    gettext_lazy("单位"),
    gettext_lazy("数值"),
    gettext_lazy("页码"),
    gettext_lazy("报告"),
    gettext_lazy("计算方式"),
    gettext_lazy("增减率（%）"),
    gettext_lazy("计算所用的印出数"),
    gettext_lazy("说明"),
)


def _inputs(request, cell) -> str:
    """The printed values a computed value comes from: department, year, kind, printed text, page, report."""
    parts = []
    for used in cell.inputs if cell else ():
        if used is None or used.value is None:
            continue
        page = _("第%(page)s页") % {"page": used.page} if used.page else ""
        url = request.build_absolute_uri(reverse("disclosures:report", args=[used.report_id]))
        parts.append(f"{used.year}{Report.Kind(used.kind).label} {used.printed} {page} {url}".replace("  ", " "))
    return "；".join(parts)


def _cell_note(cell, notes: list[str]) -> str:
    own = [_("数取自%(name)s的报告") % {"name": cell.continued_from}] if cell and cell.continued_from else []
    return " ".join(own + notes)


def _exact(value) -> str:
    """A computed value for CSV: ten decimal places, as amounts are stored, not rounded for display."""
    return formatting.amount_plain(comparison.exact(value))


@require_safe
@public_page
def compare_csv(request):
    try:
        result, _query = _comparison_from(request)
    except comparison.BadQuery as error:
        return _bad_comparison(request, error, plain=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="comparison.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(column) for column in CSV_COLUMNS])
    calc = comparison.CALCS[result.calc] if result.calc != comparison.PRINTED else ""
    for department in result.departments:
        for year in result.years:
            cell = result.cell(department.pk, year)
            computed = cell is not None and cell.computed and cell.value is not None
            writer.writerow(
                csv_row(
                    [
                        department.jurisdiction.name,
                        department.name,
                        year,
                        Report.Kind(cell.kind).label if cell else "",
                        result.title,
                        result.unit,
                        _exact(cell.value) if computed else _plain(cell),
                        cell.page if cell and cell.page and not computed else "",
                        request.build_absolute_uri(reverse("disclosures:report", args=[cell.report_id]))
                        if cell
                        else "",
                        calc or (_("本站计算") if computed else ""),
                        _exact(cell.percent) if cell and cell.percent is not None else "",
                        _inputs(request, cell),
                        _cell_note(cell, result.notes),
                    ]
                )
            )
    return response


@require_safe
def quality(request):
    """The published reports ranked by their findings; a bad filter is named in plain words (400), never a 500."""
    filters = findings.quality_filters(request.GET)
    ranking = None if filters.errors else findings.quality_ranking(filters)
    context = {
        "filters": filters,
        "ranking": ranking,
        "districts": findings.districts_with_reports(),
        "years": selectors.years_with_reports(),
    }
    return render(request, "disclosures/quality.html", context, status=400 if filters.errors else 200)
