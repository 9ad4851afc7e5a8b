"""The read-only API over published data. Drafts and archived versions are never reachable."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import viewsets
from rest_framework.decorators import action, api_view, renderer_classes
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from .. import comparison, selectors
from ..cache import PublicReadMixin, public_api
from ..export import report_to_contract
from ..models import DisclosureTable, Jurisdiction, KeyFigure, LineItem, LineValue, Report, TableColumn
from . import serializers
from .renderers import CSVRenderer

PUBLISHED = Report.Status.PUBLISHED
LIST_RENDERERS = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]


def _int_list(value: str | None) -> list[int]:
    """Comma-separated ids or years; anything else is ignored."""
    return [int(x) for x in (value or "").split(",") if x.strip().isdecimal() and len(x.strip()) < 12]


def _place_filter(value: str, field: str) -> Q:
    """A jurisdiction given by id or by slug."""
    if value.isdecimal():
        return Q(**{f"{field}_id__in": _int_list(value)})
    return Q(**{f"{field}__slug": value})


def _report_filters(params, prefix: str = "") -> Q:
    """Filters shared by the endpoints: department, jurisdiction (id or slug), year, kind."""
    q = Q()
    if params.get("department"):
        q &= Q(**{f"{prefix}department_id__in": _int_list(params["department"])})
    if params.get("jurisdiction"):
        q &= _place_filter(params["jurisdiction"], f"{prefix}department__jurisdiction")
    if params.get("year"):
        q &= Q(**{f"{prefix}fiscal_year__year__in": _int_list(params["year"])})
    if params.get("kind"):
        q &= Q(**{f"{prefix}kind": params["kind"]})
    return q


REPORT_PARAMETERS = [
    OpenApiParameter("department", OpenApiTypes.STR, description="department ids, comma separated"),
    OpenApiParameter("jurisdiction", OpenApiTypes.STR, description="jurisdiction id or slug"),
    OpenApiParameter("year", OpenApiTypes.STR, description="fiscal years, comma separated"),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=Report.Kind.values),
]


PAGE_PARAMETERS = OpenApiParameter("page", OpenApiTypes.INT, description="page number, from 1")


def _tables():
    """Tables of published reports, with their columns in order."""
    columns = TableColumn.objects.order_by("position")
    return (
        DisclosureTable.objects.filter(report__status=PUBLISHED)
        .prefetch_related(Prefetch("columns", queryset=columns))
        .order_by("report_id", "position")
    )


def _line_items():
    """Rows of published reports with what their serializer reads, in printed order."""
    values = LineValue.objects.select_related("column").order_by("column__position")
    return (
        LineItem.objects.filter(table__report__status=PUBLISHED)
        .select_related("table__report__department__jurisdiction", "table__report__fiscal_year")
        .prefetch_related(Prefetch("values", queryset=values))
        .order_by("table__report_id", "table__position", "position")
    )


class ReadOnly(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    renderer_classes = LIST_RENDERERS
    lookup_value_regex = r"\d{1,12}"


class JurisdictionViewSet(ReadOnly):
    serializer_class = serializers.JurisdictionSerializer

    def get_queryset(self):
        published = Report.objects.filter(department__jurisdiction=OuterRef("pk"), status=PUBLISHED)
        return Jurisdiction.objects.filter(Exists(published)).order_by("name", "pk")


class DepartmentViewSet(ReadOnly):
    serializer_class = serializers.DepartmentSerializer

    @extend_schema(parameters=[REPORT_PARAMETERS[1]])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        queryset = selectors.departments_with_reports()
        place = self.request.query_params.get("jurisdiction")
        if place:
            queryset = queryset.filter(_place_filter(place, "jurisdiction"))
        return queryset.order_by("jurisdiction__name", "name", "pk")


class ReportViewSet(ReadOnly):
    serializer_class = serializers.ReportSerializer

    def get_queryset(self):
        return (
            selectors.published_reports()
            .filter(_report_filters(self.request.query_params))
            .order_by("department__jurisdiction__name", "department__name", "fiscal_year__year", "kind", "scope", "pk")
        )

    def get_renderers(self):
        if getattr(self, "action", None) == "retrieve":
            return [JSONRenderer(), BrowsableAPIRenderer()]
        return super().get_renderers()

    @extend_schema(parameters=REPORT_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="The report as the export JSON (schema disclosure-report/1) without the rows of its tables: "
        "each table gives its id, row_count and the URL of its rows (line_items, paginated). Key figures, "
        "performance and checks are whole. The complete document, rows included, is at export/.",
    )
    def retrieve(self, request, *args, **kwargs):
        report = get_object_or_404(selectors.published_reports(), pk=kwargs["pk"])
        document = report_to_contract(report, rows=False)
        for table in document["tables"]:
            table["line_items"] = reverse("api:table-line-items", args=[table["id"]])
        document["tables_url"] = reverse("api:report-tables", args=[report.pk])
        return Response(document)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="The whole report as the export JSON (schema disclosure-report/1): tables, rows with exact "
        "amounts, pages and boxes, key figures, performance, checks.",
    )
    @action(detail=True, renderer_classes=[JSONRenderer])
    def export(self, request, pk=None):
        report = get_object_or_404(selectors.published_reports(), pk=pk)
        return Response(report_to_contract(report))

    @extend_schema(responses=serializers.TableSerializer(many=True), parameters=[PAGE_PARAMETERS])
    @action(detail=True, serializer_class=serializers.TableSerializer, renderer_classes=LIST_RENDERERS)
    def tables(self, request, pk=None):
        """The report's tables in order, paginated; each table's rows are at /api/tables/{id}/line-items/."""
        report = get_object_or_404(selectors.published_reports(), pk=pk)
        return self._paginated(_tables().filter(report=report))

    def _paginated(self, queryset):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class TableViewSet(ReadOnly):
    serializer_class = serializers.TableSerializer

    @extend_schema(
        parameters=[
            *REPORT_PARAMETERS,
            OpenApiParameter("report", OpenApiTypes.STR, description="report ids, comma separated"),
            OpenApiParameter("type", OpenApiTypes.STR),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        queryset = _tables().filter(_report_filters(params, "report__"))
        if params.get("report"):
            queryset = queryset.filter(report_id__in=_int_list(params["report"]))
        if params.get("type"):
            queryset = queryset.filter(type=params["type"])
        return queryset

    @extend_schema(responses=serializers.LineItemSerializer(many=True), parameters=[PAGE_PARAMETERS])
    @action(
        detail=True,
        url_path="line-items",
        serializer_class=serializers.LineItemSerializer,
        renderer_classes=LIST_RENDERERS,
    )
    def line_items(self, request, pk=None):
        """The table's rows in printed order, paginated, each with its exact amounts and page."""
        table = get_object_or_404(_tables(), pk=pk)
        page = self.paginate_queryset(_line_items().filter(table=table))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class LineItemViewSet(ReadOnly):
    serializer_class = serializers.LineItemSerializer

    @extend_schema(
        parameters=[
            *REPORT_PARAMETERS,
            OpenApiParameter("code", OpenApiTypes.STR, description="exact classification code, e.g. 2060501"),
            OpenApiParameter("code_prefix", OpenApiTypes.STR, description="codes starting with, e.g. 206"),
            OpenApiParameter("table_type", OpenApiTypes.STR),
            OpenApiParameter("report", OpenApiTypes.STR, description="report ids, comma separated"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        queryset = _line_items().filter(_report_filters(params, "table__report__"))
        if params.get("code"):
            queryset = queryset.filter(code=params["code"])
        if params.get("code_prefix"):
            queryset = queryset.filter(code__startswith=params["code_prefix"])
        if params.get("table_type"):
            queryset = queryset.filter(table__type=params["table_type"])
        if params.get("report"):
            queryset = queryset.filter(table__report_id__in=_int_list(params["report"]))
        return queryset


class KeyFigureViewSet(ReadOnly):
    serializer_class = serializers.KeyFigureSerializer

    @extend_schema(
        parameters=[
            *REPORT_PARAMETERS,
            OpenApiParameter("key", OpenApiTypes.STR, description="e.g. total_expenditure, function_206"),
            OpenApiParameter("report", OpenApiTypes.STR, description="report ids, comma separated"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        queryset = KeyFigure.objects.filter(report__status=PUBLISHED).filter(_report_filters(params, "report__"))
        if params.get("key"):
            queryset = queryset.filter(key=params["key"])
        if params.get("report"):
            queryset = queryset.filter(report_id__in=_int_list(params["report"]))
        return queryset.select_related("report__department", "report__fiscal_year").order_by("report_id", "key", "pk")


MAX_DEPARTMENTS = 50


@extend_schema(
    parameters=[
        OpenApiParameter(
            "departments",
            OpenApiTypes.STR,
            description="department ids, comma separated; without it the four 大数据中心",
        ),
        OpenApiParameter("years", OpenApiTypes.STR, description="fiscal years, comma separated; without it all"),
        OpenApiParameter("measure", OpenApiTypes.STR, description="total, basic, project, sangong, function:206 …"),
        OpenApiParameter(
            "kind",
            OpenApiTypes.STR,
            enum=Report.Kind.values,
            description="without it each year's final account where published, else its budget",
        ),
    ],
    responses=inline_serializer(
        "Comparison",
        {
            "measure": inline_serializer(
                "ComparisonMeasure",
                {
                    "key": drf_serializers.CharField(),
                    "label": drf_serializers.CharField(),
                    "unit": drf_serializers.CharField(),
                },
            ),
            "departments": serializers.DepartmentSerializer(many=True),
            "years": drf_serializers.ListField(child=drf_serializers.IntegerField()),
            "warnings": drf_serializers.ListField(child=drf_serializers.CharField()),
            "cells": serializers.ComparisonCellSerializer(many=True),
        },
    ),
)
@public_api
@api_view(["GET"])
@renderer_classes(LIST_RENDERERS)
def compare(request):
    """One measure for several departments and years, each value with the report and page it is printed on."""
    params = request.query_params
    ids = list(dict.fromkeys(_int_list(params.get("departments"))))[:MAX_DEPARTMENTS]
    if ids:
        found = selectors.departments_with_reports().in_bulk(ids)
        departments = [found[pk] for pk in ids if pk in found]
    else:
        departments = comparison.default_departments()
    kind = params.get("kind") or None
    if kind and kind not in Report.Kind.values:
        raise ValidationError({"kind": f"one of {', '.join(Report.Kind.values)}"})
    try:
        result = comparison.compare(
            departments=departments,
            years=_int_list(params.get("years")) or None,
            measure=params.get("measure") or "total",
            kind=kind,
        )
    except comparison.UnknownMeasure as exc:
        raise ValidationError({"measure": str(exc.args[0])}) from exc
    cells = serializers.ComparisonCellSerializer(result.cells, many=True).data
    measure = {"key": result.measure.key, "label": str(result.measure.label), "unit": result.measure.unit}
    if request.accepted_renderer.format == "csv":
        rows = [{**cell, "measure": measure["key"], "unit": measure["unit"]} for cell in cells]
        return Response(rows, headers={"Content-Disposition": 'attachment; filename="comparison.csv"'})
    return Response(
        {
            "measure": measure,
            "departments": serializers.DepartmentSerializer(result.departments, many=True).data,
            "years": result.years,
            "warnings": result.warnings,
            "cells": cells,
        }
    )
