"""Writes to the published data: storing a parsed report, publishing, unpublishing."""

import re

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from ingestion.parser.model import ParsedReport

from .models import (
    Department,
    DepartmentAlias,
    DisclosureTable,
    FiscalYear,
    Jurisdiction,
    KeyFigure,
    LineItem,
    LineValue,
    PerformanceIndicator,
    PerformanceRecord,
    Report,
    TableColumn,
    TableType,
    ValidationCheck,
)

SHORT_NAME_RE = re.compile(r"^(?:.*?[省市])?(.+?)(?:区|县|市)?$")


def jurisdiction_get_or_create(*, name: str) -> Jurisdiction:
    jurisdiction = Jurisdiction.objects.filter(name=name).first()
    if jurisdiction:
        return jurisdiction
    match = SHORT_NAME_RE.match(name)
    short = match.group(1) if match else name
    return Jurisdiction.objects.create(name=name, short_name=short, slug=_unique_slug(Jurisdiction, short))


def department_resolve(*, jurisdiction: Jurisdiction, name: str) -> Department:
    """The department printed as `name`: by current name, then by alias; created when new."""
    department = (
        Department.objects.filter(jurisdiction=jurisdiction, name=name).first()
        or Department.objects.filter(jurisdiction=jurisdiction, aliases__name=name).first()
    )
    if department:
        return department
    short = name.removeprefix(jurisdiction.name) or name
    slug = _unique_slug(Department, short, jurisdiction=jurisdiction)
    return Department.objects.create(jurisdiction=jurisdiction, name=name, slug=slug)


def department_add_alias(*, department: Department, name: str) -> DepartmentAlias:
    alias, _ = DepartmentAlias.objects.get_or_create(department=department, name=name)
    return alias


def _unique_slug(model, text: str, **scope) -> str:
    base = slugify(text, allow_unicode=True) or "x"
    slug, n = base, 1
    while model.objects.filter(slug=slug, **scope).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def report_store_parsed(
    *,
    parsed: ParsedReport,
    department: Department,
    fiscal_year: int,
    kind: str,
    scope: str,
    source_file,
    source_filename: str,
    report: Report | None = None,
) -> Report:
    """Store a parse as a draft. Given `report`, its content is replaced, never appended to."""
    year, _ = FiscalYear.objects.get_or_create(year=fiscal_year)
    if report is None:
        report = Report(
            department=department,
            fiscal_year=year,
            kind=kind,
            scope=scope,
            version=_next_version(department, year, kind, scope),
            supersedes=Report.objects.filter(
                department=department, fiscal_year=year, kind=kind, scope=scope, status=Report.Status.PUBLISHED
            ).first(),
        )
    else:
        report = Report.objects.select_for_update().get(pk=report.pk)
        report.tables.all().delete()
        report.key_figures.all().delete()
        report.performance_records.all().delete()
        report.checks.all().delete()
    report.title = parsed.title
    report.jurisdiction_printed = parsed.jurisdiction
    report.department_printed = parsed.department
    report.source_file = source_file
    report.source_filename = source_filename
    report.source_sha256 = parsed.source.sha256
    report.page_count = parsed.source.pages
    report.text_pages = parsed.source.text_pages
    report.ocr_pages = parsed.source.ocr_pages
    report.metadata_flags = parsed.unknown
    report.save()
    _store_tables(report, parsed)
    _store_figures(report, parsed)
    _store_performance(report, parsed)
    ValidationCheck.objects.bulk_create(
        ValidationCheck(
            report=report,
            rule=c.rule,
            status=c.status,
            table_type=c.table,
            row=c.row,
            expected=c.expected,
            found=c.found,
            message=c.message,
            page=c.page,
        )
        for c in parsed.checks
    )
    return report


def _next_version(department, year, kind, scope) -> int:
    latest = Report.objects.filter(department=department, fiscal_year=year, kind=kind, scope=scope).aggregate(
        Max("version")
    )["version__max"]
    return (latest or 0) + 1


def _store_tables(report: Report, parsed: ParsedReport) -> None:
    known_types = set(TableType.values)
    for position, table in enumerate(parsed.tables):
        stored = DisclosureTable.objects.create(
            report=report,
            position=position,
            type=table.type if table.type in known_types else TableType.OTHER,
            title=table.title,
            printed_number=table.printed_number,
            pages=table.pages,
            unit=table.unit,
            empty=table.empty,
        )
        columns = TableColumn.objects.bulk_create(
            TableColumn(table=stored, position=i, key=c.key, label=c.label) for i, c in enumerate(table.columns)
        )
        by_key = {c.key: c for c in columns}
        lines = LineItem.objects.bulk_create(
            LineItem(
                table=stored,
                position=i,
                side=row.side or "",
                code=row.code,
                level=row.level,
                name=row.name,
                page=row.page,
                bbox=list(row.bbox) if row.bbox else None,
            )
            for i, row in enumerate(table.rows)
        )
        LineValue.objects.bulk_create(
            LineValue(line=line, column=by_key[key], amount=amount, printed=row.printed.get(key, str(amount)))
            for line, row in zip(lines, table.rows, strict=True)
            for key, amount in row.values.items()
            if key in by_key
        )


def _store_figures(report: Report, parsed: ParsedReport) -> None:
    KeyFigure.objects.bulk_create(
        KeyFigure(
            report=report,
            key=f.key,
            value=f.value,
            unit=f.unit,
            source=f.source,
            table_type=f.table,
            page=f.page,
            quote=f.quote,
        )
        for f in parsed.key_figures.values()
    )


def _store_performance(report: Report, parsed: ParsedReport) -> None:
    for position, record in enumerate(parsed.performance):
        stored = PerformanceRecord.objects.create(
            report=report,
            position=position,
            kind=record.kind,
            overall=record.overall,
            project=record.project,
            title=record.title,
            budget=record.budget,
            executed=record.executed,
            execution_rate=record.execution_rate,
            score=record.score,
            goal=record.goal,
            result=record.result,
            deviation=record.deviation,
            improvement=record.improvement,
            pages=record.pages,
        )
        PerformanceIndicator.objects.bulk_create(
            PerformanceIndicator(
                record=stored,
                position=i,
                level1=ind.level1,
                level2=ind.level2,
                name=ind.name,
                target_text=ind.target_text,
                target_value=ind.target_value,
                actual_text=ind.actual_text,
                actual_value=ind.actual_value,
                weight=ind.weight,
                score=ind.score,
                deviation=ind.deviation,
                page=ind.page,
            )
            for i, ind in enumerate(record.indicators)
        )


@transaction.atomic
def report_publish(*, report: Report, user=None) -> Report:
    """Publish a draft; the version it supersedes (if published) is archived in the same transaction."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    current = (
        Report.objects.select_for_update()
        .filter(
            department=report.department_id,
            fiscal_year=report.fiscal_year_id,
            kind=report.kind,
            scope=report.scope,
            status=Report.Status.PUBLISHED,
        )
        .exclude(pk=report.pk)
    )
    current.update(status=Report.Status.ARCHIVED)
    report.status = Report.Status.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = user
    report.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return report


@transaction.atomic
def report_unpublish(*, report: Report) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.status = Report.Status.DRAFT
    report.published_at = None
    report.save(update_fields=["status", "published_at", "updated_at"])
    return report


def report_delete_draft(*, report: Report) -> None:
    """Delete a draft with its content; published and archived versions are never touched.

    The uploaded file belongs to the ingestion job and stays for a retry.
    """
    if report.status != Report.Status.DRAFT:
        raise ValueError("only drafts can be deleted")
    report.delete()
