"""The data model of a budget disclosure.

A Report is one published PDF (a department's budget or final account for one
year). What the parser reads from it hangs below: tables with their columns and
line items (each value an exact Decimal with the page and box it came from),
key figures, performance goals and indicators, and the results of the
consistency checks. A report is a draft until a publisher publishes it; a new
version of a published report is a new draft that supersedes it.
"""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

import budgetpdf

# Ten places: an amount printed in 元 with cents and converted to 万元 needs six, one printed in 万元 with six
# decimals (Beijing) another four when converted back; no stored amount is ever rounded.
AMOUNT = {"max_digits": 26, "decimal_places": 10}


class Jurisdiction(models.Model):
    name = models.CharField("名称", max_length=100, unique=True, help_text="as printed, e.g. 武汉市江岸区")
    short_name = models.CharField("简称", max_length=30, blank=True, help_text="e.g. 江岸")
    slug = models.SlugField(unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "行政区"
        verbose_name_plural = "行政区"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("disclosures:jurisdiction", kwargs={"slug": self.slug})


class Department(models.Model):
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField("名称", max_length=200, help_text="the current official name")
    slug = models.SlugField(allow_unicode=True)

    class Meta:
        ordering = ["jurisdiction__name", "name"]
        verbose_name = "部门"
        verbose_name_plural = "部门"
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="department_name_unique_in_jurisdiction"),
            models.UniqueConstraint(fields=["jurisdiction", "slug"], name="department_slug_unique_in_jurisdiction"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "disclosures:department",
            kwargs={"jurisdiction": self.jurisdiction.slug, "slug": self.slug},
        )


class DepartmentAlias(models.Model):
    """Another name a department was printed under (names drift between years)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("别名", max_length=200)

    class Meta:
        verbose_name = "部门别名"
        verbose_name_plural = "部门别名"
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="department_alias_unique")]

    def __str__(self):
        return self.name


class DepartmentLink(models.Model):
    """A department renamed, merged into another or split from one, from a year on, as staff record it.

    A comparison notes the link on both departments; a series continues across a rename.
    """

    class Relation(models.TextChoices):
        RENAMED = "renamed", "更名"
        MERGED = "merged", "并入"
        SPLIT = "split", "分设"

    from_department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="links_out", verbose_name="原部门"
    )
    to_department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="links_in", verbose_name="现部门"
    )
    relation = models.CharField("关系", max_length=10, choices=Relation.choices)
    year = models.PositiveSmallIntegerField(
        "起始年度",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="the first fiscal year of the new arrangement",
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["year", "pk"]
        verbose_name = "部门沿革"
        verbose_name_plural = "部门沿革"
        constraints = [
            models.UniqueConstraint(
                fields=["from_department", "to_department", "relation", "year"], name="department_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_department=models.F("to_department")), name="department_link_not_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(relation__in=["renamed", "merged", "split"]), name="department_link_relation_valid"
            ),
        ]

    def __str__(self):
        return f"{self.from_department} → {self.to_department}（{self.get_relation_display()}，{self.year}年）"


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField(
        "年度", unique=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "年度"
        verbose_name_plural = "年度"
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="fiscal_year_in_range"),
        ]

    def __str__(self):
        return str(self.year)


class Report(models.Model):
    class Kind(models.TextChoices):
        BUDGET = "budget", "预算"
        FINAL = "final", "决算"

    class Scope(models.TextChoices):
        DEPARTMENT = "department", "部门"
        UNIT = "unit", "单位"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        ARCHIVED = "archived", "已被新版本取代"

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="reports")
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    scope = models.CharField("范围", max_length=12, choices=Scope.choices, default=Scope.DEPARTMENT)
    title = models.TextField("标题", blank=True)
    jurisdiction_printed = models.CharField("行政区（原文）", max_length=100, blank=True)
    department_printed = models.CharField("部门（原文）", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    supersedes = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="superseded_by"
    )
    source_file = models.FileField("原始PDF", upload_to="reports/%Y/")
    source_filename = models.CharField(max_length=255)
    source_sha256 = models.CharField(max_length=64, unique=True)
    page_count = models.PositiveIntegerField(default=0)
    text_pages = models.PositiveIntegerField(default=0)
    ocr_pages = models.JSONField(default=list, blank=True, help_text="1-based pages that are images")
    metadata_flags = models.JSONField(default=list, blank=True, help_text="what the parser could not determine")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_url = models.URLField("原文网址", max_length=500, blank=True, help_text="发布部门公开这份报告的网页")
    fetched_on = models.DateField("获取日期", null=True, blank=True, help_text="从原文网址取得这份文件的日期")
    disclosed_on = models.DateField("公开日期", null=True, blank=True, help_text="发布部门向社会公开的日期")
    approved_on = models.DateField("批复日期", null=True, blank=True, help_text="财政部门批复这份预算或决算的日期")

    class Meta:
        ordering = ["-fiscal_year__year", "department__name", "kind"]
        verbose_name = "报告"
        verbose_name_plural = "报告"
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year", "kind", "scope"],
                condition=Q(status="published"),
                name="one_published_report_per_department_year_kind_scope",
            ),
            models.UniqueConstraint(
                fields=["department", "fiscal_year", "kind", "scope", "version"],
                name="report_version_unique",
            ),
            models.CheckConstraint(condition=Q(kind__in=["budget", "final"]), name="report_kind_valid"),
            models.CheckConstraint(condition=Q(scope__in=["department", "unit"]), name="report_scope_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "archived"]), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_report_has_publication_time",
            ),
        ]
        permissions = [
            ("review_report", "可以审核、更正草稿并重新解析"),
            ("publish_report", "可以发布和撤回报告"),
        ]

    def __str__(self):
        return f"{self.department} {self.fiscal_year}年{self.get_kind_display()} v{self.version}"

    def get_absolute_url(self):
        return reverse("disclosures:report", kwargs={"pk": self.pk})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


TABLE_TYPE_LABELS = {
    budgetpdf.TableType.INCOME_EXPENDITURE_SUMMARY: "收入支出总表",
    budgetpdf.TableType.INCOME: "收入表",
    budgetpdf.TableType.EXPENDITURE: "支出表",
    budgetpdf.TableType.APPROPRIATION_SUMMARY: "财政拨款收支总表",
    budgetpdf.TableType.GENERAL_BUDGET_EXPENDITURE: "一般公共预算财政拨款支出表",
    budgetpdf.TableType.BASIC_EXPENDITURE_ECONOMIC: "一般公共预算基本支出表",
    budgetpdf.TableType.GOVERNMENT_FUND: "政府性基金预算财政拨款表",
    budgetpdf.TableType.STATE_CAPITAL: "国有资本经营预算财政拨款表",
    budgetpdf.TableType.THREE_PUBLIC: "“三公”经费表",
    budgetpdf.TableType.PROJECT_EXPENDITURE: "项目支出表",
    budgetpdf.TableType.APPROPRIATION_EXPENDITURE: "财政拨款支出表",
    budgetpdf.TableType.GOVERNMENT_PROCUREMENT: "政府采购表",
    budgetpdf.TableType.OPERATING_COSTS: "机关运行经费表",
    budgetpdf.TableType.STATE_ASSETS: "国有资产占用表",
    budgetpdf.TableType.OTHER: "其他表",
}
# The parser's canonical table types, with their Chinese names: one list of types, kept by the parser.
TableType = models.TextChoices(
    "TableType", [(kind.name, (kind.value, TABLE_TYPE_LABELS.get(kind, kind.value))) for kind in budgetpdf.TableType]
)


class DisclosureTable(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="tables")
    position = models.PositiveSmallIntegerField("顺序")
    type = models.CharField("类型", max_length=40, choices=TableType.choices)
    title = models.TextField("标题（原文）")
    printed_number = models.CharField("表号（原文）", max_length=40, blank=True)
    pages = models.JSONField("页码", default=list)
    unit = models.CharField("金额单位", max_length=20, blank=True)
    empty = models.BooleanField("声明无数据", default=False)

    class Meta:
        ordering = ["report", "position"]
        verbose_name = "公开表"
        verbose_name_plural = "公开表"
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="table_position_unique_in_report"),
        ]

    def __str__(self):
        return self.title

    @property
    def first_page(self):
        return self.pages[0] if self.pages else None


class TableColumn(models.Model):
    table = models.ForeignKey(DisclosureTable, on_delete=models.CASCADE, related_name="columns")
    position = models.PositiveSmallIntegerField()
    key = models.CharField("口径", max_length=60, help_text="canonical measure name")
    label = models.TextField("表头（原文）")

    class Meta:
        ordering = ["table", "position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "key"], name="column_key_unique_in_table"),
            models.UniqueConstraint(fields=["table", "position"], name="column_position_unique_in_table"),
        ]

    def __str__(self):
        return f"{self.key} ({self.label})"


class LineItem(models.Model):
    table = models.ForeignKey(DisclosureTable, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()
    side = models.TextField("栏", blank=True, help_text="income/expense in two-sided tables, or the block name")
    code = models.CharField("科目编码", max_length=20, blank=True, db_index=True)
    level = models.PositiveSmallIntegerField("层级", default=0, help_text="1 类, 2 款, 3 项; 0 without code")
    name = models.TextField("名称（原文）")
    page = models.PositiveIntegerField("页码")
    bbox = models.JSONField("位置", null=True, blank=True, help_text="[x0, top, x1, bottom] in PDF points")
    source = models.CharField("来源", max_length=10, default="text", help_text="text | ocr: how its page was read")
    ocr = models.JSONField(
        "文字识别结果",
        default=dict,
        blank=True,
        help_text="per column key, for rows read by OCR: confidence, confirmed, flagged, raw (corrected_from)",
    )

    class Meta:
        ordering = ["table", "position"]
        verbose_name = "行"
        verbose_name_plural = "行"
        constraints = [
            models.UniqueConstraint(fields=["table", "position"], name="line_position_unique_in_table"),
            models.CheckConstraint(condition=Q(level__lte=4), name="line_level_valid"),
            models.CheckConstraint(condition=Q(page__gte=1), name="line_page_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}".strip()

    @property
    def flagged_columns(self) -> set[str]:
        """Column keys whose OCR reading is neither confident nor confirmed."""
        return {key for key, entry in (self.ocr or {}).items() if entry.get("flagged")}


class LineValue(models.Model):
    """One cell: an exact amount in the table's unit, with the text as printed."""

    line = models.ForeignKey(LineItem, on_delete=models.CASCADE, related_name="values")
    column = models.ForeignKey(TableColumn, on_delete=models.CASCADE, related_name="values")
    amount = models.DecimalField("金额", **AMOUNT)
    printed = models.CharField("原文", max_length=60)
    extracted_amount = models.DecimalField(
        "解析值", null=True, blank=True, help_text="the value as extracted, kept when staff correct it", **AMOUNT
    )
    extracted_printed = models.CharField("解析原文", max_length=60, blank=True)

    class Meta:
        verbose_name = "金额"
        verbose_name_plural = "金额"
        constraints = [models.UniqueConstraint(fields=["line", "column"], name="one_value_per_line_and_column")]

    def __str__(self):
        return self.printed


class KeyFigure(models.Model):
    class Source(models.TextChoices):
        TABLE = "table", "表格"
        NARRATIVE = "narrative", "说明"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="key_figures")
    key = models.CharField("指标", max_length=60)
    value = models.DecimalField("数值", **AMOUNT)
    unit = models.CharField("单位", max_length=10, default="万元")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    table_type = models.CharField(max_length=40, blank=True)
    page = models.PositiveIntegerField("页码", null=True, blank=True)
    quote = models.TextField("原文", blank=True)

    class Meta:
        ordering = ["report", "key"]
        verbose_name = "关键数字"
        verbose_name_plural = "关键数字"
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="key_figure_unique_in_report")]

    def __str__(self):
        return f"{self.key}={self.value}"


class PerformanceRecord(models.Model):
    """A performance target table (预算) or a self-evaluation table (决算), for the whole body or a project."""

    class Kind(models.TextChoices):
        TARGET = "target", "绩效目标"
        SELF_EVALUATION = "self_evaluation", "绩效自评"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="performance_records")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    overall = models.BooleanField("整体", default=False)
    project = models.TextField("项目名称", blank=True)
    title = models.TextField("标题（原文）", blank=True)
    budget = models.DecimalField("预算数", null=True, blank=True, **AMOUNT)
    executed = models.DecimalField("执行数", null=True, blank=True, **AMOUNT)
    execution_rate = models.DecimalField("执行率", null=True, blank=True, **AMOUNT)
    score = models.DecimalField("得分", null=True, blank=True, **AMOUNT)
    goal = models.TextField("年度目标", blank=True)
    result = models.TextField("实际完成情况", blank=True)
    deviation = models.TextField("偏差原因", blank=True)
    improvement = models.TextField("改进措施", blank=True)
    pages = models.JSONField(default=list)

    class Meta:
        ordering = ["report", "position"]
        verbose_name = "绩效"
        verbose_name_plural = "绩效"
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="performance_position_unique_in_report"),
        ]

    def __str__(self):
        return self.project or self.title


class PerformanceIndicator(models.Model):
    record = models.ForeignKey(PerformanceRecord, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField()
    level1 = models.TextField("一级指标", blank=True)
    level2 = models.TextField("二级指标", blank=True)
    name = models.TextField("三级指标")
    target_text = models.TextField("指标值（原文）", blank=True)
    target_value = models.DecimalField(null=True, blank=True, **AMOUNT)
    actual_text = models.TextField("实际完成值（原文）", blank=True)
    actual_value = models.DecimalField(null=True, blank=True, **AMOUNT)
    weight = models.DecimalField("分值", null=True, blank=True, **AMOUNT)
    score = models.DecimalField("得分", null=True, blank=True, **AMOUNT)
    deviation = models.TextField("偏差原因", blank=True)
    page = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["record", "position"]
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"
        constraints = [
            models.UniqueConstraint(fields=["record", "position"], name="indicator_position_unique_in_record"),
        ]

    def __str__(self):
        return self.name


class ReportPage(models.Model):
    """One page's text as the parser read it, and whether it came from the text layer or from OCR."""

    class Source(models.TextChoices):
        TEXT = "text", "文字层"
        OCR = "ocr", "文字识别"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField("页码")
    text = models.TextField("文字", blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.TEXT)
    notes = models.JSONField("说明", default=list, blank=True, help_text="what the page reader noted (blank, photo)")

    class Meta:
        ordering = ["report", "number"]
        verbose_name = "页面"
        verbose_name_plural = "页面"
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_page_unique")]

    def __str__(self):
        return f"{self.report_id} p{self.number}"


def finding_fingerprint(*, rule: str, table: str, row: str, page: int | None, occurrence: int = 0) -> str:
    """What names one finding of a report across re-runs: its rule, table, row and page, and which of the findings
    sharing these it is, in the order the rule gives them (placeholders on one page name no row); never its message
    or numbers, which a correction changes."""
    parts = [rule, table or "", row or "", str(page or "")]
    if occurrence:
        parts.append(str(occurrence))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class ValidationCheck(models.Model):
    class Status(models.TextChoices):
        PASS = "pass", "通过"
        FAIL = "fail", "不一致"
        CORRECTED = "corrected", "更正"  # failed on the printed numbers; holds since staff corrected them

    class Severity(models.TextChoices):
        ERROR = "error", "错误"
        NOTE = "note", "提示"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="checks")
    rule = models.CharField("规则", max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices)
    severity = models.CharField("严重程度", max_length=10, choices=Severity.choices, default=Severity.ERROR)
    kind = models.CharField("类别", max_length=40, blank=True)
    table_type = models.CharField(max_length=40, blank=True)
    row = models.TextField("行", blank=True)
    expected = models.DecimalField(null=True, blank=True, **AMOUNT)
    found = models.DecimalField(null=True, blank=True, **AMOUNT)
    message = models.TextField("说明")
    page = models.PositiveIntegerField(null=True, blank=True)
    places = models.JSONField("各处", default=list, blank=True, help_text="[{page, table?, row?}]")
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    on_printed = models.BooleanField("按原文数值", default=True, help_text="run on the values as printed")

    class Meta:
        ordering = ["report", "status", "page"]
        verbose_name = "校验"
        verbose_name_plural = "校验"

    def __str__(self):
        return f"{self.rule}: {self.status}"

    def save(self, *args, **kwargs):
        self.fingerprint = self.fingerprint or self.compute_fingerprint()
        super().save(*args, **kwargs)

    def compute_fingerprint(self) -> str:
        return finding_fingerprint(rule=self.rule, table=self.table_type, row=self.row, page=self.page)


class FindingExplanation(models.Model):
    """Staff's reason why a finding is not an error of the report (or is explained elsewhere), kept by the
    finding's fingerprint so that it outlives the re-runs that replace the checks."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="finding_explanations")
    fingerprint = models.CharField(max_length=64)
    rule = models.CharField("规则", max_length=60)
    table_type = models.CharField(max_length=40, blank=True)
    row = models.TextField("行", blank=True)
    page = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField("说明理由")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "page", "pk"]
        verbose_name = "问题说明"
        verbose_name_plural = "问题说明"
        constraints = [
            models.UniqueConstraint(fields=["report", "fingerprint"], name="one_explanation_per_finding"),
        ]

    def __str__(self):
        return f"{self.rule} p{self.page}: {self.reason}"


class Correction(models.Model):
    """A staff correction of one extracted cell, addressed by its place in the report so that it survives a re-run."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="corrections")
    table_position = models.PositiveSmallIntegerField()
    line_position = models.PositiveIntegerField()
    column_key = models.CharField(max_length=60)
    line_label = models.TextField("行", blank=True)
    original_amount = models.DecimalField("解析值", **AMOUNT)
    original_printed = models.CharField("解析原文", max_length=60)
    amount = models.DecimalField("更正值", **AMOUNT)
    printed = models.CharField("更正原文", max_length=60)
    reason = models.TextField("理由")
    page = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = "更正"
        verbose_name_plural = "更正"

    def __str__(self):
        return f"{self.line_label} {self.column_key}: {self.original_printed} → {self.printed}"


class AuditEntry(models.Model):
    """Who did what to which report or upload, and when. Rows are only ever added."""

    class Action(models.TextChoices):
        UPLOAD = "upload", "上传"
        RERUN = "rerun", "重新解析"
        CANCEL_JOB = "cancel_job", "取消解析"
        EDIT_METADATA = "edit_metadata", "修改信息"
        CORRECT = "correct", "更正数值"
        PUBLISH = "publish", "发布"
        UNPUBLISH = "unpublish", "撤回发布"
        DELETE = "delete", "删除草稿"
        EXPLAIN = "explain", "说明问题"
        UNEXPLAIN = "unexplain", "撤销问题说明"
        RECHECK = "recheck", "重新校验"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries")
    job_id = models.PositiveBigIntegerField(null=True, blank=True)
    summary = models.TextField("内容")
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.summary}"
