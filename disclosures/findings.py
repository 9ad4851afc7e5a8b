"""Reads of the findings (failed checks) of published reports, in plain Chinese, for the public pages, the staff
review, the CSV export and the API. Drafts never appear in the public reads.

A finding's status: 更正 when staff corrected the values it failed on (it is kept as history of the printed
numbers), else 已说明 when staff explained it, else 未说明. Explanations are kept by the finding's fingerprint
(report, rule, table, row, page) so that re-running the rules keeps them.
"""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from budgetpdf.checks import RULES

from .formatting import amount_plain
from .models import TABLE_TYPE_LABELS, FindingExplanation, Jurisdiction, Report, ValidationCheck
from .selectors import page_url, published_reports

# The families of findings (docs/findings.md), in words.
KIND_WORDS = {
    "a": "叙述中的总额与表格不一致",
    "b": "比较用语与数字方向相反",
    "c": "百分比与所述数字不符",
    "d": "“三公”经费叙述与表格不一致",
    "e": "分项之和不等于所述合计",
    "f": "年份不属于本报告",
    "g": "模板占位符未替换",
    "h": "人数分项或上年变动不符",
    "i": "标准表缺失或空表未说明",
    "j": "金额单位错误",
    "k": "科目编码与名称不符",
    "l": "单位名称前后不一致",
    "m": "各部分之间的数字不一致",
    "n": "用途与科目矛盾或字词重复",
}
# A check without a kind of its own takes its rule's, from the module of budgetpdf/checks/ that registers it.
KIND_BY_MODULE = {
    "narrative_totals": "a",
    "narrative": "a",
    "wording": "b",
    "percentages": "c",
    "three_public": "d",
    "item_sums": "e",
    "years": "f",
    "placeholders": "g",
    "staff_counts": "h",
    "completeness": "i",
    "units": "j",
    "codes_names": "k",
    "department_name": "l",
    "cross_sections": "m",
    "text_quality": "n",
}
RULE_KINDS = {
    rule.id: KIND_BY_MODULE[module]
    for rule in RULES.values()
    if (module := rule.check.__module__.rsplit(".", 1)[-1]) in KIND_BY_MODULE
}
# The kinds that set a figure of the narrative against the tables': `found` is what the text says.
NARRATIVE_AGAINST_TABLE = {"a", "d"}

UNEXPLAINED, EXPLAINED, CORRECTED = "未说明", "已说明", "更正"
STATUSES = {UNEXPLAINED: "unexplained", EXPLAINED: "explained", CORRECTED: "corrected"}
SEVERITY_WORDS = {ValidationCheck.Severity.ERROR: "错误", ValidationCheck.Severity.NOTE: "提示"}
FINDING_STATUSES = [ValidationCheck.Status.FAIL, ValidationCheck.Status.CORRECTED]


def kind_of(check: ValidationCheck) -> str:
    return check.kind if check.kind in KIND_WORDS else RULE_KINDS.get(check.rule, "")


def kind_words(check: ValidationCheck) -> str:
    return KIND_WORDS.get(kind_of(check), "其他校验（表内或表间数字）")


def finding_pages(check: ValidationCheck) -> list[int]:
    """Every page the finding is met on: its page, then each of its places, each once."""
    pages = [check.page] if check.page else []
    for place in check.places or []:
        page = place.get("page") if isinstance(place, dict) else None
        if isinstance(page, int) and page > 0 and page not in pages:
            pages.append(page)
    return pages


def number_labels(check: ValidationCheck) -> tuple[str, str]:
    """What `found` and `expected` are, as the rule gives them."""
    if kind_of(check) in NARRATIVE_AGAINST_TABLE:
        return "说明中", "表中"
    return "原文", "应为"


def with_explanations(checks: QuerySet[ValidationCheck]) -> QuerySet[ValidationCheck]:
    """Checks with staff's explanation (its reason, or None) joined by fingerprint."""
    reasons = FindingExplanation.objects.filter(report=OuterRef("report"), fingerprint=OuterRef("fingerprint"))
    return checks.annotate(explanation=Subquery(reasons.values("reason")[:1]))


def status_of(check: ValidationCheck) -> str:
    if check.status == ValidationCheck.Status.CORRECTED:
        return CORRECTED
    return EXPLAINED if getattr(check, "explanation", None) else UNEXPLAINED


@dataclass
class Finding:
    """One finding ready to print: its words, its pages linked, both numbers, its status."""

    check: ValidationCheck
    kind: str
    kind_label: str
    severity_label: str
    status: str
    explanation: str
    pages: list[tuple[int, str]]
    numbers: list[tuple[str, str]]

    def __getattr__(self, name):
        return getattr(self.check, name)


# Kinds whose numbers are not amounts: percentages, years, counts of staff.
NOT_AMOUNTS = {"c", "f", "h"}


def number_shown(value, kind: str) -> str:
    """A finding's number as its message gives it: an amount with two decimals at least (9050 -> 9050.00)."""
    text = amount_plain(value)
    if kind in NOT_AMOUNTS:
        return text
    whole, _dot, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def _finding(check: ValidationCheck) -> Finding:
    found_label, expected_label = number_labels(check)
    numbers = [
        (label, number_shown(value, kind_of(check)))
        for label, value in ((found_label, check.found), (expected_label, check.expected))
        if value is not None
    ]
    return Finding(
        check=check,
        kind=kind_of(check),
        kind_label=kind_words(check),
        severity_label=SEVERITY_WORDS.get(check.severity, check.severity),
        status=status_of(check),
        explanation=getattr(check, "explanation", None) or "",
        pages=[(page, page_url(check.report_id, page)) for page in finding_pages(check)],
        numbers=numbers,
    )


def report_findings(report: Report) -> list[Finding]:
    """The report's findings (failed checks, and those kept as 更正), errors first, then by page."""
    checks = with_explanations(report.checks.filter(status__in=FINDING_STATUSES))
    ordered = sorted(checks, key=lambda c: (c.severity != ValidationCheck.Severity.ERROR, c.page or 0, c.pk))
    return [_finding(check) for check in ordered]


@dataclass
class SeverityGroup:
    severity: str
    label: str
    findings: list[Finding]


def report_quality(report: Report, findings: list[Finding] | None = None) -> dict:
    """The 数据质量 section: findings grouped 错误 then 提示, with the counts by status."""
    findings = report_findings(report) if findings is None else findings
    groups = [
        SeverityGroup(severity, label, [f for f in findings if f.severity == severity])
        for severity, label in SEVERITY_WORDS.items()
    ]
    counts = {status: sum(1 for f in findings if f.status == status) for status in STATUSES}
    return {
        "findings": findings,
        "groups": [group for group in groups if group.findings],
        "errors": sum(1 for f in findings if f.severity == ValidationCheck.Severity.ERROR),
        "notes": sum(1 for f in findings if f.severity == ValidationCheck.Severity.NOTE),
        "status_counts": counts,
        "open": sum(1 for f in findings if f.check.status == ValidationCheck.Status.FAIL),
    }


# Counts over reports


def _finding_counts(queryset: QuerySet[Report], severity: str = "") -> QuerySet[Report]:
    finding = Q(checks__status__in=FINDING_STATUSES)
    if severity:
        finding &= Q(checks__severity=severity)
    return queryset.annotate(
        finding_count=Count("checks", filter=finding),
        error_count=Count("checks", filter=finding & Q(checks__severity=ValidationCheck.Severity.ERROR)),
        note_count=Count("checks", filter=finding & Q(checks__severity=ValidationCheck.Severity.NOTE)),
        corrected_count=Count("checks", filter=finding & Q(checks__status=ValidationCheck.Status.CORRECTED)),
    )


def findings_over_years(reports: QuerySet[Report]) -> list[Report]:
    """Each published report of `reports` with its findings counted by severity, newest year first."""
    published = reports.filter(status=Report.Status.PUBLISHED)
    return list(
        _finding_counts(published.select_related("department", "fiscal_year")).order_by(
            "-fiscal_year__year", "department__name", "kind", "scope", "pk"
        )
    )


def department_findings(department) -> list[Report]:
    return findings_over_years(Report.objects.filter(department=department))


def jurisdiction_findings(jurisdiction: Jurisdiction) -> list[Report]:
    return findings_over_years(Report.objects.filter(department__jurisdiction=jurisdiction))


# The public overview


KIND_PARAMS = {"budget": "budget", "final": "final", "预算": "budget", "决算": "final"}
SEVERITY_PARAMS = {"error": "error", "note": "note", "错误": "error", "提示": "note"}


@dataclass
class QualityFilters:
    district: Jurisdiction | None = None
    year: int | None = None
    kind: str = ""
    severity: str = ""
    page: int = 1
    errors: list[str] = field(default_factory=list)

    def query(self) -> dict:
        params = {
            "district": self.district.slug if self.district else "",
            "year": self.year or "",
            "kind": self.kind,
            "severity": self.severity,
        }
        return {key: value for key, value in params.items() if value}


def quality_filters(params) -> QualityFilters:
    """The overview's filters from the query string; each bad value is named in `errors` in plain words."""
    filters = QualityFilters()
    district = params.get("district", "").strip()[:100]
    if district:
        filters.district = Jurisdiction.objects.filter(Q(slug=district) | Q(name=district)).first()
        if filters.district is None:
            filters.errors.append(f"没有名为“{district}”的行政区。")
    year = params.get("year", "").strip()
    if year:
        if year.isdecimal() and len(year) == 4:
            filters.year = int(year)
        else:
            filters.errors.append("年度应为四位数字，例如 2023。")
    kind = params.get("kind", "").strip()
    if kind:
        filters.kind = KIND_PARAMS.get(kind, "")
        if not filters.kind:
            filters.errors.append("类型只能是“预算”（budget）或“决算”（final）。")
    severity = params.get("severity", "").strip()
    if severity:
        filters.severity = SEVERITY_PARAMS.get(severity, "")
        if not filters.severity:
            filters.errors.append("严重程度只能是“错误”（error）或“提示”（note）。")
    page = params.get("page", "").strip()
    if page:
        if page.isdecimal() and 0 < len(page) < 7 and int(page) > 0:
            filters.page = int(page)
        else:
            filters.errors.append("页码应为正整数。")
    return filters


QUALITY_PAGE_SIZE = 50


def districts_with_reports() -> QuerySet[Jurisdiction]:
    published = Report.objects.filter(department__jurisdiction=OuterRef("pk"), status=Report.Status.PUBLISHED)
    return Jurisdiction.objects.filter(Exists(published)).order_by("name")


def quality_ranking(filters: QualityFilters, *, per_page: int | None = None):
    """Published reports ranked by their findings (of the chosen severity), most first; a page of them, or None
    with a message added to `filters.errors` when the page is past the last."""
    reports = published_reports()
    if filters.district:
        reports = reports.filter(department__jurisdiction=filters.district)
    if filters.year:
        reports = reports.filter(fiscal_year__year=filters.year)
    if filters.kind:
        reports = reports.filter(kind=filters.kind)
    ranked = _finding_counts(reports, filters.severity).order_by(
        F("finding_count").desc(), "department__jurisdiction__name", "department__name", "-fiscal_year__year", "pk"
    )
    paginator = Paginator(ranked, per_page or QUALITY_PAGE_SIZE)
    try:
        return paginator.page(filters.page)
    except EmptyPage:
        filters.errors.append(f"没有第{filters.page}页：共 {paginator.num_pages} 页。")
        return None


# The API's and the export's reads


def public_findings() -> QuerySet[ValidationCheck]:
    """Every finding of a published report, with its explanation."""
    checks = ValidationCheck.objects.filter(report__status=Report.Status.PUBLISHED, status__in=FINDING_STATUSES)
    return with_explanations(checks.select_related("report__department__jurisdiction", "report__fiscal_year"))


def filter_by_status(checks: QuerySet[ValidationCheck], status: str) -> QuerySet[ValidationCheck]:
    """未说明 / 已说明 / 更正 (or unexplained / explained / corrected)."""
    status = {v: k for k, v in STATUSES.items()}.get(status, status)
    if status == CORRECTED:
        return checks.filter(status=ValidationCheck.Status.CORRECTED)
    explained = Exists(
        FindingExplanation.objects.filter(report=OuterRef("report"), fingerprint=OuterRef("fingerprint"))
    )
    checks = checks.filter(status=ValidationCheck.Status.FAIL)
    return checks.filter(explained) if status == EXPLAINED else checks.exclude(explained)


def table_label(table_type: str) -> str:
    return str(TABLE_TYPE_LABELS.get(table_type, table_type)) if table_type else ""


CSV_HEADER = ["严重程度", "类别", "规则", "状态", "页码", "表", "行", "原文/说明中", "应为/表中", "说明", "说明理由"]


def csv_rows(findings: list[Finding]) -> list[list]:
    """One row per finding, in the order of the report page; numbers as plain decimals."""
    rows = []
    for f in findings:
        found = amount_plain(f.check.found) if f.check.found is not None else ""
        expected = amount_plain(f.check.expected) if f.check.expected is not None else ""
        pages = "、".join(str(page) for page, _href in f.pages)
        rows.append(
            [
                f.severity_label,
                f.kind_label,
                f.rule,
                f.status,
                pages,
                table_label(f.table_type),
                f.row,
                found,
                expected,
                f.message,
                f.explanation,
            ]
        )
    return rows
