"""Writes to the published data: storing a parsed report, publishing, unpublishing."""

import re
from collections.abc import Collection
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify

from budgetpdf import checks as parser_checks
from budgetpdf import metadata as parser_metadata
from budgetpdf import model as parser_model
from budgetpdf.numbers import parse_amount

from . import cache as public_cache
from .models import (
    AMOUNT,
    AuditEntry,
    Correction,
    Department,
    DisclosureTable,
    FindingExplanation,
    FiscalYear,
    Jurisdiction,
    KeyFigure,
    LineItem,
    LineValue,
    PerformanceIndicator,
    PerformanceRecord,
    Report,
    ReportPage,
    TableColumn,
    TableType,
    ValidationCheck,
    finding_fingerprint,
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
    parsed: parser_model.Report,
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
        report.pages.all().delete()
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
    _store_pages(report, parsed)
    _store_tables(report, parsed)
    _store_figures(report, parsed)
    _store_performance(report, parsed)
    _store_checks(report, parsed.checks)
    if _apply_corrections(report):
        report_revalidate(report=report)
    return report


def _next_version(department, year, kind, scope) -> int:
    latest = Report.objects.filter(department=department, fiscal_year=year, kind=kind, scope=scope).aggregate(
        Max("version")
    )["version__max"]
    return (latest or 0) + 1


def _store_pages(report: Report, parsed: parser_model.Report) -> None:
    ReportPage.objects.bulk_create(
        ReportPage(report=report, number=page.number, text=page.text, source=page.source, notes=page.notes)
        for page in parsed.pages
    )


def _store_checks(report: Report, checks: list[parser_model.Check], *, rules: Collection[str] | None = None) -> None:
    """The report's checks (or those of `rules`) are replaced: a re-run leaves no result of an earlier run, except
    that a finding of the printed numbers which no longer fails once staff corrected the report's values is kept,
    marked 更正, so that the public still sees what the report printed."""
    earlier = report.checks.all()
    if rules is not None:
        earlier = earlier.filter(rule__in=rules)
    on_printed = not LineValue.objects.filter(line__table__report=report).exclude(extracted_printed="").exists()
    stored = [
        ValidationCheck(
            report=report,
            rule=c.rule,
            status=c.status,
            severity=c.severity,
            kind=c.kind,
            table_type=c.table,
            row=c.row,
            expected=c.expected,
            found=c.found,
            message=c.message,
            page=c.page,
            places=[dict(place) for place in c.places],
            fingerprint=fingerprint,
            on_printed=on_printed,
        )
        for c, fingerprint in zip(checks, _fingerprints(checks), strict=True)
    ]
    kept = [] if on_printed else _corrected_findings(earlier, stored)
    earlier.delete()
    ValidationCheck.objects.bulk_create([*stored, *kept])


def _fingerprints(checks: list[parser_model.Check]) -> list[str]:
    """Each check's fingerprint; checks that share rule, table, row and page are told apart by their order."""
    seen: dict[tuple, int] = {}
    fingerprints = []
    for c in checks:
        key = (c.rule, c.table, c.row, c.page)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        fingerprints.append(
            finding_fingerprint(rule=c.rule, table=c.table, row=c.row, page=c.page, occurrence=occurrence)
        )
    return fingerprints


def _corrected_findings(earlier, stored: list[ValidationCheck]) -> list[ValidationCheck]:
    """The earlier findings of the printed values (failed, or kept as 更正 before) that fail no longer on the values
    as corrected; a failure only a correction brought about is not kept."""
    failing = {c.fingerprint for c in stored if c.status == ValidationCheck.Status.FAIL}
    kept = []
    printed_findings = Q(status=ValidationCheck.Status.FAIL, on_printed=True) | Q(
        status=ValidationCheck.Status.CORRECTED
    )
    for check in earlier.filter(printed_findings):
        fingerprint = check.fingerprint or check.compute_fingerprint()
        if fingerprint in failing:
            continue
        failing.add(fingerprint)
        check.pk, check.status, check.fingerprint = None, ValidationCheck.Status.CORRECTED, fingerprint
        kept.append(check)
    return kept


def _store_tables(report: Report, parsed: parser_model.Report) -> None:
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
                source=row.source,
                ocr=row.ocr,
            )
            for i, row in enumerate(table.rows)
        )
        LineValue.objects.bulk_create(
            LineValue(line=line, column=by_key[key], amount=amount, printed=row.printed.get(key, str(amount)))
            for line, row in zip(lines, table.rows, strict=True)
            for key, amount in row.values.items()
            if key in by_key
        )


def _store_figures(report: Report, parsed: parser_model.Report) -> None:
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


def _store_performance(report: Report, parsed: parser_model.Report) -> None:
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


class NotEditable(Exception):
    """The report is not a draft; its message says what to do."""


class InvalidInput(Exception):
    pass


@transaction.atomic
def report_publish(*, report: Report, user=None) -> Report:
    """Publish a draft; the version it supersedes (if published) is archived in the same transaction."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Report.Status.PUBLISHED:
        return report
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
    archived = list(current.values_list("pk", flat=True))
    current.update(status=Report.Status.ARCHIVED)
    report.status = Report.Status.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = user
    report.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    public_cache.bump_on_commit()
    audit_record(
        user=user,
        action=AuditEntry.Action.PUBLISH,
        report=report,
        summary=f"发布 {report}",
        details={"archived": archived},
    )
    return report


@transaction.atomic
def report_unpublish(*, report: Report, user=None) -> Report:
    """Take a report off the public site; it becomes a draft again and can be corrected and republished."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.PUBLISHED:
        return report
    report.status = Report.Status.DRAFT
    report.published_at = None
    report.save(update_fields=["status", "published_at", "updated_at"])
    public_cache.bump_on_commit()
    audit_record(user=user, action=AuditEntry.Action.UNPUBLISH, report=report, summary=f"撤回发布 {report}")
    return report


def audit_record(*, user, action: str, summary: str, report: Report | None = None, job_id=None, details=None):
    return AuditEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        report=report,
        job_id=job_id,
        summary=summary,
        details=details or {},
    )


def _require_draft(report: Report) -> None:
    if report.status != Report.Status.DRAFT:
        raise NotEditable("已发布或已归档的报告不能修改；如需更正，请先撤回发布。")


def amount_fits(amount) -> bool:
    """An amount the amount columns hold exactly: never rounded, never too long for the database."""
    places = -amount.as_tuple().exponent if amount.as_tuple().exponent < 0 else 0
    whole_digits = len(amount.as_tuple().digits) - places
    return places <= AMOUNT["decimal_places"] and whole_digits <= AMOUNT["max_digits"] - AMOUNT["decimal_places"]


@transaction.atomic
def value_correct(*, value: LineValue, printed: str, reason: str, user) -> Correction:
    """Correct one extracted cell of a draft. The value as extracted is kept, and the correction is logged."""
    value = LineValue.objects.select_for_update().select_related("line__table__report", "column").get(pk=value.pk)
    report = value.line.table.report
    _require_draft(report)
    printed = printed.strip()
    amount = parse_amount(printed)
    if amount is None:
        raise InvalidInput("请输入金额，例如 1,234.56 或 -12.30。")
    if not amount_fits(amount):
        raise InvalidInput("金额超出可保存的精度：最多16位整数和4位小数，请核对后重新输入。")
    if not reason.strip():
        raise InvalidInput("请说明更正理由（例如：对照原文第几页）。")
    if value.extracted_amount is None:
        value.extracted_amount, value.extracted_printed = value.amount, value.printed
    line, column = value.line, value.column
    correction = Correction.objects.create(
        report=report,
        table_position=line.table.position,
        line_position=line.position,
        column_key=column.key,
        line_label=str(line),
        original_amount=value.extracted_amount,
        original_printed=value.extracted_printed,
        amount=amount,
        printed=printed,
        reason=reason.strip(),
        page=line.page,
        created_by=user,
    )
    previous = value.printed
    value.amount, value.printed = amount, printed
    value.save(update_fields=["amount", "printed", "extracted_amount", "extracted_printed"])
    audit_record(
        user=user,
        action=AuditEntry.Action.CORRECT,
        report=report,
        summary=f"更正 {line.table.title} / {line} / {column.label}：{previous} → {printed}",
        details={"value": value.pk, "from": previous, "to": printed, "extracted": value.extracted_printed},
    )
    report_revalidate(report=report)
    return correction


def _apply_corrections(report: Report) -> int:
    """After a re-run, apply each cell's latest correction where the cell still reads as it did when corrected."""
    latest: dict[tuple, Correction] = {}
    for correction in report.corrections.order_by("created_at", "pk"):
        latest[(correction.table_position, correction.line_position, correction.column_key)] = correction
    if not latest:
        return 0
    values = LineValue.objects.filter(line__table__report=report).select_related("line__table", "column")
    applied = []
    for value in values:
        correction = latest.get((value.line.table.position, value.line.position, value.column.key))
        if correction and value.printed == correction.original_printed:
            value.extracted_amount, value.extracted_printed = value.amount, value.printed
            value.amount, value.printed = correction.amount, correction.printed
            applied.append(value)
    LineValue.objects.bulk_update(applied, ["amount", "printed", "extracted_amount", "extracted_printed"])
    return len(applied)


def _as_printed(amount: Decimal | None, printed: str) -> Decimal | None:
    """The stored amount with as many decimals as the report printed (2743.1100 printed 2743.11 -> 2743.11), so
    that check messages written from it show the report's own numbers."""
    if amount is None:
        return None
    text = printed.replace(",", "").strip()
    places = len(text.split(".", 1)[1]) if "." in text else 0
    try:
        shown = amount.quantize(Decimal(1).scaleb(-places))
    except ArithmeticError:
        return amount
    return shown if shown == amount else amount


def _parser_tables(report: Report) -> list[parser_model.Table]:
    tables = []
    stored = report.tables.prefetch_related("columns", "rows__values__column").order_by("position")
    for table in stored:
        rows = []
        for line in table.rows.all():
            values = {v.column.key: _as_printed(v.amount, v.printed) for v in line.values.all()}
            printed = {v.column.key: v.printed for v in line.values.all()}
            rows.append(
                parser_model.Row(
                    name=line.name,
                    values=values,
                    page=line.page,
                    printed=printed,
                    code=line.code,
                    side=line.side or None,
                    bbox=tuple(line.bbox) if line.bbox else None,
                )
            )
        tables.append(
            parser_model.Table(
                type=table.type,
                title=table.title,
                pages=table.pages,
                unit=table.unit,
                printed_number=table.printed_number,
                empty=table.empty,
                columns=[parser_model.Column(c.key, c.label) for c in table.columns.all()],
                rows=rows,
            )
        )
    return tables


def _parser_metadata(report: Report) -> parser_metadata.Metadata:
    return parser_metadata.Metadata(
        jurisdiction=report.jurisdiction_printed or report.department.jurisdiction.name,
        department=report.department_printed or report.department.name,
        fiscal_year=report.fiscal_year.year,
        kind=report.kind,
        scope=report.scope,
        title=report.title,
        unknown=list(report.metadata_flags),
    )


@transaction.atomic
def report_revalidate(*, report: Report) -> list[ValidationCheck]:
    """Run every check again over the stored tables (values as corrected) and page texts, and refresh the key
    figures read from the tables. All of the report's checks are replaced, those of the narrative included."""
    report = Report.objects.select_related("department__jurisdiction", "fiscal_year").get(pk=report.pk)
    pages = [
        parser_model.PageText(number=page.number, text=page.text, source=page.source)
        for page in report.pages.order_by("number")
    ]
    evidence = parser_checks.evidence_from(_parser_tables(report), pages, _parser_metadata(report))
    rules = None
    if not pages:
        # stored before page texts were kept: the narrative's checks from the parse stay as they were
        rules = [rule.id for rule in parser_checks.RULES.values() if not rule.needs & {"pages", "narrative"}]
    _store_checks(report, parser_checks.run(evidence, only=rules), rules=rules)
    for key, figure in evidence.figures.items():
        if figure.source == KeyFigure.Source.TABLE:
            KeyFigure.objects.filter(report=report, key=key, source=KeyFigure.Source.TABLE).update(value=figure.value)
    public_cache.bump_on_commit()
    return list(report.checks.all())


@transaction.atomic
def report_update_metadata(
    *, report: Report, jurisdiction: str, department: str, fiscal_year: int, kind: str, scope: str, title: str, user
) -> Report:
    """Staff fix what the parser read from the cover; a changed identity gets its own version number."""
    report = (
        Report.objects.select_for_update().select_related("department__jurisdiction", "fiscal_year").get(pk=report.pk)
    )
    _require_draft(report)
    if kind not in Report.Kind.values or scope not in Report.Scope.values:
        raise InvalidInput("类型或范围不正确。")
    before = {
        "jurisdiction": report.department.jurisdiction.name,
        "department": report.department.name,
        "fiscal_year": report.fiscal_year.year,
        "kind": report.kind,
        "scope": report.scope,
        "title": report.title,
    }
    place = jurisdiction_get_or_create(name=jurisdiction.strip())
    body = department_resolve(jurisdiction=place, name=department.strip())
    year, _ = FiscalYear.objects.get_or_create(year=fiscal_year)
    identity_changed = (body.pk, year.pk, kind, scope) != (
        report.department_id,
        report.fiscal_year_id,
        report.kind,
        report.scope,
    )
    report.department, report.fiscal_year, report.kind, report.scope = body, year, kind, scope
    report.title = title.strip()
    if identity_changed:
        report.version = _next_version(body, year, kind, scope)
        report.supersedes = Report.objects.filter(
            department=body, fiscal_year=year, kind=kind, scope=scope, status=Report.Status.PUBLISHED
        ).first()
    report.save()
    after = {
        "jurisdiction": place.name,
        "department": body.name,
        "fiscal_year": year.year,
        "kind": kind,
        "scope": scope,
        "title": report.title,
    }
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changed:
        audit_record(
            user=user,
            action=AuditEntry.Action.EDIT_METADATA,
            report=report,
            summary=f"修改报告信息 {report}：" + "；".join(f"{k} {a} → {b}" for k, (a, b) in changed.items()),
            details=changed,
        )
    return report


# Findings: staff explain them and re-run the rules


@transaction.atomic
def finding_explain(*, check: ValidationCheck, reason: str, user) -> FindingExplanation:
    """Mark a finding explained with staff's reason (replacing an earlier reason); kept by its fingerprint, so it
    outlives the re-runs that replace the checks. Allowed on published reports too: it changes no figure."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("请填写说明理由（例如：原文第几页另有说明）。")
    if len(reason) > 2000:
        raise InvalidInput("说明理由过长：请控制在2000字以内。")
    if check.status == ValidationCheck.Status.PASS:
        raise InvalidInput("这项校验已通过，无需说明。")
    fingerprint = check.fingerprint or check.compute_fingerprint()
    explanation, created = FindingExplanation.objects.update_or_create(
        report=check.report,
        fingerprint=fingerprint,
        defaults={
            "rule": check.rule,
            "table_type": check.table_type,
            "row": check.row,
            "page": check.page,
            "reason": reason,
            "created_by": user,
        },
    )
    audit_record(
        user=user,
        action=AuditEntry.Action.EXPLAIN,
        report=check.report,
        summary=f"说明问题 第{check.page or '?'}页 {check.rule}：{reason}",
        details={"fingerprint": fingerprint, "rule": check.rule, "page": check.page, "new": created},
    )
    return explanation


@transaction.atomic
def finding_unexplain(*, check: ValidationCheck, user) -> bool:
    """Take back staff's explanation of a finding; False when it had none."""
    fingerprint = check.fingerprint or check.compute_fingerprint()
    explanation = FindingExplanation.objects.filter(report=check.report, fingerprint=fingerprint).first()
    if explanation is None:
        return False
    explanation.delete()
    audit_record(
        user=user,
        action=AuditEntry.Action.UNEXPLAIN,
        report=check.report,
        summary=f"撤销问题说明 第{check.page or '?'}页 {check.rule}：{explanation.reason}",
        details={"fingerprint": fingerprint, "rule": check.rule, "page": check.page},
    )
    return True


def report_recheck(*, report: Report, user) -> list[ValidationCheck]:
    """Run the rules again over the stored report (as corrected), logged; explanations stay with their findings."""
    checks = report_revalidate(report=report)
    failed = sum(1 for c in checks if c.status == ValidationCheck.Status.FAIL)
    audit_record(
        user=user,
        action=AuditEntry.Action.RECHECK,
        report=report,
        summary=f"重新校验 {report}：{failed} 项不一致",
        details={"failed": failed, "checks": len(checks)},
    )
    return checks
