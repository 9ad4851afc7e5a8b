from django.contrib import admin

from . import models


class DepartmentAliasInline(admin.TabularInline):
    model = models.DepartmentAlias
    extra = 0


@admin.register(models.Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug"]
    search_fields = ["name", "short_name"]


@admin.register(models.Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "slug"]
    list_filter = ["jurisdiction"]
    search_fields = ["name", "aliases__name"]
    inlines = [DepartmentAliasInline]


@admin.register(models.DepartmentAlias)
class DepartmentAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "department"]
    search_fields = ["name", "department__name"]


@admin.register(models.FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["year"]


class DisclosureTableInline(admin.TabularInline):
    model = models.DisclosureTable
    fields = ["position", "type", "title", "printed_number", "pages", "unit", "empty"]
    extra = 0
    show_change_link = True


@admin.register(models.Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["department", "fiscal_year", "kind", "scope", "version", "status", "published_at"]
    list_filter = ["status", "kind", "scope", "fiscal_year", "department__jurisdiction"]
    search_fields = ["department__name", "title", "source_filename", "source_sha256"]
    readonly_fields = ["source_sha256", "created_at", "updated_at", "published_at", "published_by"]
    inlines = [DisclosureTableInline]


class TableColumnInline(admin.TabularInline):
    model = models.TableColumn
    extra = 0


@admin.register(models.DisclosureTable)
class DisclosureTableAdmin(admin.ModelAdmin):
    list_display = ["title", "type", "printed_number", "report", "unit", "empty"]
    list_filter = ["type", "empty"]
    search_fields = ["title", "report__department__name"]
    inlines = [TableColumnInline]


@admin.register(models.TableColumn)
class TableColumnAdmin(admin.ModelAdmin):
    list_display = ["key", "label", "table"]
    search_fields = ["key", "label"]


class LineValueInline(admin.TabularInline):
    model = models.LineValue
    extra = 0


@admin.register(models.LineItem)
class LineItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "side", "level", "page", "table"]
    list_filter = ["level", "table__type"]
    search_fields = ["code", "name"]
    inlines = [LineValueInline]


@admin.register(models.LineValue)
class LineValueAdmin(admin.ModelAdmin):
    list_display = ["line", "column", "amount", "printed"]


@admin.register(models.KeyFigure)
class KeyFigureAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "unit", "source", "page", "report"]
    list_filter = ["source", "key"]


class PerformanceIndicatorInline(admin.TabularInline):
    model = models.PerformanceIndicator
    extra = 0


@admin.register(models.PerformanceRecord)
class PerformanceRecordAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "overall", "project", "budget", "executed", "score", "report"]
    list_filter = ["kind", "overall"]
    inlines = [PerformanceIndicatorInline]


@admin.register(models.PerformanceIndicator)
class PerformanceIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "level1", "level2", "target_text", "actual_text", "score", "record"]
    search_fields = ["name"]


@admin.register(models.ValidationCheck)
class ValidationCheckAdmin(admin.ModelAdmin):
    list_display = ["rule", "status", "table_type", "row", "expected", "found", "page", "report"]
    list_filter = ["status", "rule"]


@admin.register(models.FindingExplanation)
class FindingExplanationAdmin(admin.ModelAdmin):
    list_display = ["rule", "table_type", "row", "page", "reason", "created_by", "updated_at", "report"]
    list_filter = ["rule"]
    raw_id_fields = ["report"]


@admin.register(models.DepartmentLink)
class DepartmentLinkAdmin(admin.ModelAdmin):
    list_display = ["from_department", "relation", "to_department", "year", "note"]
    list_filter = ["relation", "year"]
    search_fields = ["from_department__name", "to_department__name", "note"]
    autocomplete_fields = ["from_department", "to_department"]
