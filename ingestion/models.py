"""One IngestionJob row is the truth about the parse of one uploaded file."""

from django.conf import settings
from django.db import models
from django.db.models import Q

import budgetpdf

PARSE_STAGE_LABELS = {
    budgetpdf.Stage.READING_PAGES: "读取页面",
    budgetpdf.Stage.OCR: "文字识别（OCR）",
    budgetpdf.Stage.FINDING_TABLES: "识别表格",
    budgetpdf.Stage.READING_FIGURES: "读取关键数字",
    budgetpdf.Stage.VALIDATING: "校验",
}


class IngestionJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "解析中"
        SUCCEEDED = "succeeded", "完成"
        FAILED = "failed", "失败"

    # The parse's own stages are the parser's (budgetpdf.Stage); the job adds waiting, saving and done.
    Stage = models.TextChoices(
        "Stage",
        [
            ("QUEUED", ("queued", "排队中")),
            *[(stage.name, (stage.value, PARSE_STAGE_LABELS[stage])) for stage in budgetpdf.Stage],
            ("SAVING", ("saving", "保存")),
            ("DONE", ("done", "完成")),
        ],
    )

    file = models.FileField("文件", upload_to="uploads/%Y/%m/")
    original_filename = models.CharField("文件名", max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hints = models.JSONField(
        default=dict, blank=True, help_text="metadata given by staff (department, fiscal_year, kind, scope)"
    )
    report = models.ForeignKey(
        "disclosures.Report", on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=60, blank=True, help_text="e.g. OCR 第7页，共31页")
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "解析任务"
        verbose_name_plural = "解析任务"
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "running", "succeeded", "failed"]), name="job_status_valid"
            ),
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(error_code=""), name="failed_job_has_error_code"),
        ]

    def __str__(self):
        return f"{self.original_filename} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def elapsed_seconds(self):
        if not self.started_at:
            return 0.0
        end = self.finished_at or self.heartbeat_at or self.started_at
        return (end - self.started_at).total_seconds()
