"""Reads of the published data, as QuerySets."""

from django.db.models import QuerySet

from .models import Report


def published_reports() -> QuerySet[Report]:
    return Report.objects.filter(status=Report.Status.PUBLISHED).select_related(
        "department__jurisdiction", "fiscal_year"
    )
