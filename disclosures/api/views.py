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

from .. import comparison, findings, selectors
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


FINDING_RENDERERS = [JSONRenderer, BrowsableAPIRenderer]
FINDING_PARAMETERS = [
    OpenApiParameter("report", OpenApiTypes.STR, description="report ids, comma separated"),
    OpenApiParameter("rule", OpenApiTypes.STR, description="rule id, e.g. narrative_total_equals_table"),
    OpenApiParameter("severity", OpenApiTypes.STR, enum=["error", "note"]),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=[*findings.STATUSES, *findings.STATUSES.values()],
        description="未说明/已说明/更正",
    ),
    OpenApiParameter("district", OpenApiTypes.STR, description="jurisdiction id or slug"),
    OpenApiParameter("year", OpenApiTypes.STR, description="fiscal years, comma separated"),
]
FINDING_STATUS_PARAMS = {*findings.STATUSES, *findings.STATUSES.values()}


def _finding_filters(queryset, params):
    """The findings filters; a value that cannot match is refused with a message (400), never ignored silently."""
    errors = {}
    if params.get("report"):
        if not _int_list(params["report"]):
            errors["report"] = "报告编号应为数字，多个用逗号分隔。"
        queryset = queryset.filter(report_id__in=_int_list(params["report"]))
    if params.get("rule"):
        queryset = queryset.filter(rule=params["rule"][:60])
    severity = params.get("severity", "")
    if severity:
        if severity not in findings.SEVERITY_PARAMS:
            errors["severity"] = "严重程度只能是 error（错误）或 note（提示）。"
        queryset = queryset.filter(severity=findings.SEVERITY_PARAMS.get(severity, ""))
    status = params.get("status", "")
    if status:
        if status not in FINDING_STATUS_PARAMS:
            errors["status"] = "状态只能是 未说明、已说明 或 更正（unexplained、explained、corrected）。"
        else:
            queryset = findings.filter_by_status(queryset, status)
    if params.get("district"):
        queryset = queryset.filter(_place_filter(params["district"][:100], "report__department__jurisdiction"))
    if params.get("year"):
        if not _int_list(params["year"]):
            errors["year"] = "年度应为四位数字，多个用逗号分隔。"
        queryset = queryset.filter(report__fiscal_year__year__in=_int_list(params["year"]))
    if errors:
        raise ValidationError(errors)
    return queryset.order_by("report_id", "severity", "page", "pk")


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

    @extend_schema(
        parameters=FINDING_PARAMETERS[1:4],
        responses=serializers.FindingSerializer(many=True),
        description="The report's findings: failed checks and those kept as 更正, with their explanations.",
    )
    @action(detail=True, url_path="findings", renderer_classes=FINDING_RENDERERS)
    def findings(self, request, pk=None):
        report = get_object_or_404(selectors.published_reports(), pk=pk)
        queryset = _finding_filters(findings.public_findings().filter(report=report), request.query_params)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializers.FindingSerializer(page, many=True).data)

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


def _inputs_text(cell: dict) -> str:
    """The printed values a computed value comes from, on one CSV line: year, kind, printed, report and page."""
    return "; ".join(
        f"{used['year']} {used['kind']} {used['printed']} report {used['report_id']} page {used['page'] or ''}".strip()
        for used in cell["inputs"]
    )


@extend_schema(
    parameters=[
        OpenApiParameter(
            "departments",
            OpenApiTypes.STR,
            description="department ids, comma separated; without it the four 大数据中心",
        ),
        OpenApiParameter("years", OpenApiTypes.STR, description="fiscal years, comma separated; without it all"),
        OpenApiParameter(
            "measure",
            OpenApiTypes.STR,
            description="total, basic, project, sangong, function:206, function:20103, function:2010301, economic:301",
        ),
        OpenApiParameter(
            "level", OpenApiTypes.STR, enum=["class", "section", "item", "economic"], description="with code"
        ),
        OpenApiParameter("code", OpenApiTypes.STR, description="a code of the level (instead of measure)"),
        OpenApiParameter(
            "calc",
            OpenApiTypes.STR,
            enum=["printed", "share", "change", "execution", "per_staff"],
            description="printed (default) or a value computed from the printed ones",
        ),
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
                    "level": drf_serializers.CharField(),
                    "code": drf_serializers.CharField(),
                },
            ),
            "calc": drf_serializers.CharField(),
            "title": drf_serializers.CharField(),
            "unit": drf_serializers.CharField(),
            "departments": serializers.DepartmentSerializer(many=True),
            "years": drf_serializers.ListField(child=drf_serializers.IntegerField()),
            "warnings": drf_serializers.ListField(child=drf_serializers.CharField()),
            "notes": drf_serializers.ListField(child=drf_serializers.CharField()),
            "cells": serializers.ComparisonCellSerializer(many=True),
        },
    ),
)
@public_api
@api_view(["GET"])
@renderer_classes(LIST_RENDERERS)
def compare(request):
    """One measure for several departments and years, each value with the report and page it is printed on."""
    try:
        query = comparison.parse_query(request.query_params)
    except comparison.BadQuery as exc:
        raise ValidationError({exc.parameter: exc.message}) from exc
    ids = query.department_ids[:MAX_DEPARTMENTS]
    if ids:
        found = selectors.departments_with_reports().in_bulk(ids)
        departments = [found[pk] for pk in ids if pk in found]
    else:
        departments = comparison.default_departments()
    result = comparison.compare(
        departments=departments, years=query.years, measure=query.measure, kind=query.kind or None, calc=query.calc
    )
    cells = serializers.ComparisonCellSerializer(result.cells, many=True).data
    measure = {
        "key": result.measure.key,
        "label": str(result.measure.label),
        "unit": result.measure.unit,
        "level": result.measure.level,
        "code": result.measure.code,
    }
    if request.accepted_renderer.format == "csv":
        rows = [
            {**cell, "measure": measure["key"], "calc": result.calc, "unit": result.unit, "inputs": _inputs_text(cell)}
            for cell in cells
        ]
        return Response(rows, headers={"Content-Disposition": 'attachment; filename="comparison.csv"'})
    return Response(
        {
            "measure": measure,
            "calc": result.calc,
            "title": result.title,
            "unit": result.unit,
            "departments": serializers.DepartmentSerializer(result.departments, many=True).data,
            "years": result.years,
            "warnings": result.warnings,
            "notes": result.notes,
            "cells": cells,
        }
    )


class FindingViewSet(ReadOnly):
    """Findings of published reports (failed checks, and those kept as 更正 after a staff correction)."""

    serializer_class = serializers.FindingSerializer
    renderer_classes = FINDING_RENDERERS

    @extend_schema(parameters=FINDING_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        return _finding_filters(findings.public_findings(), self.request.query_params)
