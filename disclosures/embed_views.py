"""Pages another site may show in an <iframe>: one chart of published data with its source line.

Only these views may be framed: each answers without X-Frame-Options and with frame-ancestors opened to
settings.EMBED_FRAME_ANCESTORS; every other page keeps the site's refusal to be framed.
"""

from functools import wraps
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from . import comparison, embed, selectors
from .models import Department, Jurisdiction
from .views import _comparison_from


def embeddable(view):
    @wraps(view)
    def framed(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = embed.frame_policy()
        return response

    return xframe_options_exempt(require_safe(framed))


def _chart(charts, name: str):
    chart = next((c for c in charts if c.id == name), None)
    if chart is None:
        raise Http404
    return chart


def _render(request, chart, share):
    return render(request, "disclosures/embed_chart.html", {"chart": chart, "share": share, "embedded": True})


@embeddable
def report_chart(request, pk, name):
    report = get_object_or_404(selectors.published_reports(), pk=pk)
    tables = selectors.report_tables(report)
    chart = _chart(selectors.report_charts(report, tables, selectors.key_figures(report)), name)
    return _render(request, chart, embed.report_share(request, report, chart, tables))


@embeddable
def department_chart(request, jurisdiction, slug, name):
    body = get_object_or_404(
        Department.objects.select_related("jurisdiction"), jurisdiction__slug=jurisdiction, slug=slug
    )
    history = selectors.department_history(body)
    chart = _chart(history["charts"] if history["reports"] else [], name)
    return _render(request, chart, embed.department_share(request, body, chart, history["years"]))


@embeddable
def jurisdiction_chart(request, slug, name):
    place = get_object_or_404(Jurisdiction, slug=slug)
    overview = selectors.jurisdiction_overview(place)
    chart = _chart(overview["charts"], name)
    return _render(request, chart, embed.jurisdiction_share(request, place, chart, overview["years"]))


@embeddable
def comparison_chart(request):
    try:
        result, query = _comparison_from(request)
    except comparison.BadQuery as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    chart = selectors.comparison_chart(result)
    if chart is None:
        raise Http404
    shared_query = urlencode(query.params(result.departments, result.years))
    return _render(request, chart, embed.comparison_share(request, result, chart, shared_query))
