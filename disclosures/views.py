"""Public pages: only published reports are ever shown."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import selectors
from .models import Department, Jurisdiction


@require_GET
def home(request):
    reports = selectors.published_reports().order_by("department__jurisdiction__name", "-fiscal_year__year")
    return render(request, "disclosures/home.html", {"reports": reports})


@require_GET
def jurisdiction(request, slug):
    place = get_object_or_404(Jurisdiction, slug=slug)
    reports = selectors.published_reports().filter(department__jurisdiction=place)
    return render(request, "disclosures/jurisdiction.html", {"jurisdiction": place, "reports": reports})


@require_GET
def department(request, jurisdiction, slug):
    body = get_object_or_404(
        Department.objects.select_related("jurisdiction"), jurisdiction__slug=jurisdiction, slug=slug
    )
    reports = selectors.published_reports().filter(department=body)
    return render(request, "disclosures/department.html", {"department": body, "reports": reports})


@require_GET
def report(request, pk):
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    tables = found.tables.prefetch_related("columns", "rows__values__column")
    return render(request, "disclosures/report.html", {"report": found, "tables": tables})


@require_GET
def report_pdf(request, pk):
    found = get_object_or_404(selectors.published_reports(), pk=pk)
    if not found.source_file:
        raise Http404
    return FileResponse(found.source_file.open("rb"), content_type="application/pdf", filename=found.source_filename)
