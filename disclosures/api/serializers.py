"""Published data as JSON: amounts are exact decimal strings as in the report JSON, never floats."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import findings
from ..comparison import exact
from ..formatting import amount_plain, printed_plain
from ..models import Department, DisclosureTable, Jurisdiction, KeyFigure, LineItem, Report, ValidationCheck


@extend_schema_field(OpenApiTypes.STR)
class ExactDecimalField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return amount_plain(value)


class JurisdictionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["id", "name", "short_name", "slug"]


class DepartmentSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.CharField(source="jurisdiction.name")
    jurisdiction_id = serializers.IntegerField()

    class Meta:
        model = Department
        fields = ["id", "name", "slug", "jurisdiction", "jurisdiction_id"]


class ReportSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name")
    department_id = serializers.IntegerField()
    jurisdiction = serializers.CharField(source="department.jurisdiction.name")
    fiscal_year = serializers.IntegerField(source="fiscal_year.year")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "url",
            "jurisdiction",
            "department",
            "department_id",
            "fiscal_year",
            "kind",
            "scope",
            "title",
            "version",
            "page_count",
            "published_at",
        ]

    def get_url(self, report) -> str:
        return reverse("api:report-detail", args=[report.pk])


class TableSerializer(serializers.ModelSerializer):
    report_id = serializers.IntegerField()
    columns = serializers.SerializerMethodField()

    class Meta:
        model = DisclosureTable
        fields = ["id", "report_id", "position", "type", "title", "printed_number", "unit", "pages", "empty", "columns"]

    def get_columns(self, table) -> list[dict]:
        return [{"key": c.key, "label": c.label} for c in table.columns.all()]


class LineItemSerializer(serializers.ModelSerializer):
    report_id = serializers.IntegerField(source="table.report_id")
    department = serializers.CharField(source="table.report.department.name")
    jurisdiction = serializers.CharField(source="table.report.department.jurisdiction.name")
    fiscal_year = serializers.IntegerField(source="table.report.fiscal_year.year")
    kind = serializers.CharField(source="table.report.kind")
    table_type = serializers.CharField(source="table.type")
    unit = serializers.CharField(source="table.unit")
    values = serializers.SerializerMethodField()

    class Meta:
        model = LineItem
        fields = [
            "id",
            "report_id",
            "jurisdiction",
            "department",
            "fiscal_year",
            "kind",
            "table_type",
            "unit",
            "side",
            "code",
            "level",
            "name",
            "page",
            "values",
        ]

    def get_values(self, line) -> dict[str, str]:
        return {v.column.key: printed_plain(v.printed, v.amount) for v in line.values.all()}


class KeyFigureSerializer(serializers.ModelSerializer):
    report_id = serializers.IntegerField()
    department = serializers.CharField(source="report.department.name")
    fiscal_year = serializers.IntegerField(source="report.fiscal_year.year")
    kind = serializers.CharField(source="report.kind")
    value = ExactDecimalField()

    class Meta:
        model = KeyFigure
        fields = [
            "id",
            "report_id",
            "department",
            "fiscal_year",
            "kind",
            "key",
            "value",
            "unit",
            "source",
            "page",
            "quote",
        ]


class ComparedDecimalField(ExactDecimalField):
    """A compared value: as stored, a computed one to the ten decimal places amounts are stored with."""

    def to_representation(self, value) -> str:
        return amount_plain(exact(value))


class ComparisonInputSerializer(serializers.Serializer):
    """A printed value a computed one comes from."""

    department_id = serializers.IntegerField(source="department.pk")
    year = serializers.IntegerField()
    kind = serializers.CharField()
    report_id = serializers.IntegerField()
    value = ComparedDecimalField(allow_null=True)
    printed = serializers.CharField()
    page = serializers.IntegerField(allow_null=True)
    line_id = serializers.IntegerField(allow_null=True)


class ComparisonCellSerializer(ComparisonInputSerializer):
    department = serializers.CharField(source="department.name")
    jurisdiction = serializers.CharField(source="department.jurisdiction.name")
    table_type = serializers.CharField()
    source = serializers.CharField()
    percent = ComparedDecimalField(allow_null=True)
    continued_from = serializers.CharField()
    inputs = serializers.SerializerMethodField()

    def get_inputs(self, cell) -> list[dict]:
        return ComparisonInputSerializer([used for used in cell.inputs if used is not None], many=True).data


class FindingSerializer(serializers.ModelSerializer):
    """A finding of a published report: what the rule says, where (every page), both numbers, and its status."""

    report_id = serializers.IntegerField()
    department = serializers.CharField(source="report.department.name")
    jurisdiction = serializers.CharField(source="report.department.jurisdiction.name")
    fiscal_year = serializers.IntegerField(source="report.fiscal_year.year")
    report_kind = serializers.CharField(source="report.kind")
    kind = serializers.SerializerMethodField()
    kind_label = serializers.SerializerMethodField()
    table = serializers.CharField(source="table_type")
    pages = serializers.SerializerMethodField()
    expected = ExactDecimalField(allow_null=True)
    found = ExactDecimalField(allow_null=True)
    status = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ValidationCheck
        fields = [
            "id",
            "report_id",
            "department",
            "jurisdiction",
            "fiscal_year",
            "report_kind",
            "rule",
            "kind",
            "kind_label",
            "severity",
            "message",
            "table",
            "row",
            "pages",
            "expected",
            "found",
            "status",
            "explanation",
            "url",
        ]

    def get_kind(self, check) -> str:
        return findings.kind_of(check)

    def get_kind_label(self, check) -> str:
        return findings.kind_words(check)

    def get_pages(self, check) -> list[int]:
        return findings.finding_pages(check)

    @extend_schema_field({"type": "string", "enum": list(findings.STATUSES)})
    def get_status(self, check) -> str:
        return findings.status_of(check)

    def get_explanation(self, check) -> str:
        return getattr(check, "explanation", None) or ""

    def get_url(self, check) -> str:
        return reverse("disclosures:report", args=[check.report_id]) + "#quality"
