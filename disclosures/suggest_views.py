"""The search box's type-ahead: a small JSON list, published data only."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from . import suggest

SUGGEST_MAX_AGE = 60


@require_safe
def suggest_view(request):
    query = suggest.clean_query(request.GET.get("q", ""))
    found = suggest.suggestions(query)
    response = JsonResponse({"query": query, "suggestions": [s.as_dict() for s in found]})
    response["Cache-Control"] = f"public, max-age={SUGGEST_MAX_AGE}"
    return response
