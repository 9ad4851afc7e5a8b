"""Staff pages: upload, follow the parse, review beside the source page, correct, publish."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgetpdf.errors import UnusableDocument
from disclosures import annotated_pdf, findings, ocr_review, page_images, versions
from disclosures import services as disclosure_services
from disclosures.csv_safety import csv_row
from disclosures.models import AuditEntry, LineValue, Report, ValidationCheck
from ingestion import bulk, services
from ingestion.models import IngestionJob

from . import selectors
from .forms import (
    CorrectionForm,
    ExplanationForm,
    MetadataForm,
    ReportMetadataForm,
    UploadForm,
    UploadManyForm,
    check_pdf_upload,
)


def staff_permission(perm):
    """Anonymous visitors are sent to the login page; signed-in users without the permission get 403."""

    def decorate(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorate


@require_GET
@staff_permission("disclosures.view_report")
def dashboard(request):
    context = {"jobs": selectors.recent_jobs(), "reports": selectors.dashboard_reports()}
    return render(request, "staff/dashboard.html", context)


@require_http_methods(["GET", "POST"])
@staff_permission("ingestion.add_ingestionjob")
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and form.inspect(services.upload_inspect):
        created = services.job_create(
            upload=form.cleaned_data["file"],
            filename=form.cleaned_data["file"].name,
            user=request.user,
            hints=form.hints(),
        )
        job = created.job
        if not created.created:
            messages.info(request, _("这个文件已经上传过（内容完全相同），已为你打开原来的记录。"))
            if job.report_id:
                return redirect("staff:report", pk=job.report_id)
        return redirect("staff:job", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "staff/upload.html", {"form": form}, status=status)


@require_POST
@staff_permission("ingestion.add_ingestionjob")
def upload_detect(request):
    """What the cover of a chosen file says, to prefill the upload form."""
    form = UploadForm(files=request.FILES)
    form.is_valid()
    if "file" in form.errors:
        return JsonResponse({"ok": False, "error": " ".join(form.errors["file"])}, status=400)
    try:
        inspection = services.upload_inspect(upload=form.cleaned_data["file"])
    except UnusableDocument as exc:
        return JsonResponse({"ok": False, "error": exc.message, "code": exc.code}, status=400)
    meta = inspection.metadata
    return JsonResponse(
        {
            "ok": True,
            "pages": inspection.pages,
            "jurisdiction": meta.jurisdiction,
            "department": meta.department,
            "fiscal_year": meta.fiscal_year,
            "kind": meta.kind,
            "scope": meta.scope,
            "title": meta.title,
            "unknown": meta.unknown,
        }
    )


UPLOAD_MANY_MAX_FILES = 50


def _uploaded_state(item: bulk.Uploaded) -> dict:
    job = item.job
    return {
        "name": item.name,
        "ok": not item.refused,
        "duplicate": item.duplicate,
        "message": item.message,
        "cover": item.cover,
        "job_url": reverse("staff:job", kwargs={"pk": job.pk}) if job else None,
        "status_url": reverse("staff:job_status", kwargs={"pk": job.pk}) if job else None,
        "state": _job_state(job) if job else None,
    }


def _refused(name: str, error) -> bulk.Uploaded:
    return bulk.Uploaded(name=name, refused=" ".join(getattr(error, "messages", [str(error)])))


@require_http_methods(["GET", "POST"])
@staff_permission("ingestion.add_ingestionjob")
def upload_many(request):
    """Several reports at once, each its own job; without JavaScript the files come in one request."""
    form = UploadManyForm(request.POST or None, request.FILES or None)
    uploaded = []
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["files"]
        for number, upload in enumerate(files):
            if number >= UPLOAD_MANY_MAX_FILES:
                uploaded.append(
                    bulk.Uploaded(upload.name, refused=_("一次最多上传%(n)s个文件。") % {"n": UPLOAD_MANY_MAX_FILES})
                )
                continue
            try:
                check_pdf_upload(upload)
            except ValidationError as exc:
                uploaded.append(_refused(upload.name, exc))
                continue
            uploaded.append(bulk.upload_one(upload=upload, user=request.user, hints=form.hints()))
    context = {
        "form": form,
        "uploaded": [_uploaded_state(item) for item in uploaded],
        "max_bytes": settings.INGESTION_MAX_UPLOAD_BYTES,
    }
    return render(request, "staff/upload_many.html", context, status=400 if form.errors else 200)


@require_POST
@staff_permission("ingestion.add_ingestionjob")
def upload_many_file(request):
    """One of several files, sent on its own by the page's script: what became of it, as JSON."""
    form = UploadForm(request.POST, request.FILES)
    upload = request.FILES.get("file")
    if not form.is_valid():
        reason = "；".join(
            error if name == "file" else f"{form.fields[name].label}：{error}"
            for name, errors in form.errors.items()
            for error in errors
        )
        item = bulk.Uploaded(upload.name if upload else "", refused=reason)
        return JsonResponse(_uploaded_state(item), status=400)
    item = bulk.upload_one(upload=form.cleaned_data["file"], user=request.user, hints=form.hints())
    return JsonResponse(_uploaded_state(item), status=400 if item.refused else 200)


def _job_state(job: IngestionJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "stage": job.stage,
        "stage_label": job.get_stage_display(),
        "progress": job.progress,
        "progress_note": job.progress_note,
        "elapsed_seconds": round(job.elapsed_seconds, 1),
        "finished": job.is_finished,
        "error_code": job.error_code,
        "error_message": job.error_message,
        "report_url": reverse("staff:report", kwargs={"pk": job.report_id}) if job.report_id else None,
    }


@require_GET
@staff_permission("ingestion.view_ingestionjob")
def job_detail(request, pk):
    job = get_object_or_404(IngestionJob.objects.select_related("report", "uploaded_by"), pk=pk)
    hints = MetadataForm(initial=job.hints)
    return render(request, "staff/job.html", {"job": job, "state": _job_state(job), "hints_form": hints})


@never_cache
@require_GET
@staff_permission("ingestion.view_ingestionjob")
def job_status(request, pk):
    return JsonResponse(_job_state(get_object_or_404(IngestionJob, pk=pk)))


@require_POST
@staff_permission("disclosures.review_report")
def job_rerun(request, pk):
    job = get_object_or_404(IngestionJob.objects.select_related("report"), pk=pk)
    form = MetadataForm(request.POST)
    hints = {**job.hints, **form.hints()} if form.is_valid() else None
    try:
        services.job_rerun(job=job, user=request.user, hints=hints)
    except services.NotRerunnable as exc:
        messages.error(request, str(exc))
        if job.report_id and job.report.status != job.report.Status.DRAFT:
            return redirect("staff:report", pk=job.report_id)
        return redirect("staff:job", pk=job.pk)
    messages.success(request, _("已重新排队解析。"))
    return redirect("staff:job", pk=job.pk)


@require_POST
@staff_permission("disclosures.review_report")
def job_cancel(request, pk):
    job = get_object_or_404(IngestionJob, pk=pk)
    if services.job_cancel(job=job, user=request.user):
        messages.success(request, _("已取消解析。"))
    else:
        messages.error(request, services.NOT_CANCELLABLE_MESSAGE)
    return redirect("staff:job", pk=job.pk)


@require_GET
@staff_permission("disclosures.review_report")
def report_review(request, pk):
    report = get_object_or_404(selectors.reports(), pk=pk)
    review = selectors.review_table(report, position=request.GET.get("table"), selected_line=request.GET.get("line"))
    job = report.jobs.order_by("-created_at").first()
    changes = versions.report_changes(report.supersedes, report) if report.supersedes_id else None
    context = {
        "report": report,
        "tables": review.tables,
        "table": review.table,
        "columns": review.columns,
        "rows": review.rows,
        "pages": review.pages,
        "failed_checks": review.failed_checks,
        "findings": findings.report_findings(report),
        "reading": selectors.reading_notes(report),
        "job": job,
        "changes": changes,
        "corrections": report.corrections.select_related("created_by")[:50],
        "metadata_form": ReportMetadataForm.for_report(report),
        "can_publish": request.user.has_perm("disclosures.publish_report"),
    }
    return render(request, "staff/review.html", context)


@require_POST
@staff_permission("disclosures.review_report")
def report_metadata(request, pk):
    report = get_object_or_404(Report, pk=pk)
    form = ReportMetadataForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("报告信息未保存：") + "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("staff:report", pk=pk)
    try:
        disclosure_services.report_update_metadata(report=report, user=request.user, **form.cleaned_data)
    except (disclosure_services.NotEditable, disclosure_services.InvalidInput) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("报告信息已保存。"))
    return redirect("staff:report", pk=pk)


@require_http_methods(["GET", "POST"])
@staff_permission("disclosures.review_report")
def value_correct(request, pk, value_pk):
    value = get_object_or_404(
        LineValue.objects.select_related("line__table__report", "column"), pk=value_pk, line__table__report_id=pk
    )
    report = value.line.table.report
    form = CorrectionForm(request.POST or None, initial={"printed": value.printed})
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_services.value_correct(value=value, user=request.user, **form.cleaned_data)
        except (disclosure_services.NotEditable, disclosure_services.InvalidInput) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已更正，校验结果已更新。"))
            return redirect(_review_line_url(pk, value))
    context = {
        "report": report,
        "value": value,
        "form": form,
        "history": selectors.value_history(value),
        "box": selectors.value_box(value),
    }
    return render(request, "staff/correct.html", context, status=400 if form.errors else 200)


@require_POST
@staff_permission("disclosures.review_report")
def value_confirm(request, pk, value_pk):
    """A value read by OCR, confirmed as printed: its flag is lifted without changing it."""
    value = get_object_or_404(LineValue.objects.select_related("line__table"), pk=value_pk, line__table__report_id=pk)
    try:
        ocr_review.value_confirm(value=value, user=request.user)
    except (ocr_review.NotEditable, ocr_review.NotFlagged) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已确认与原文一致，不再标为待核对。"))
    return redirect(_review_line_url(pk, value))


def _review_line_url(pk: int, value: LineValue) -> str:
    """The review page opened at the value's table and line."""
    url = reverse("staff:report", kwargs={"pk": pk})
    return f"{url}?table={value.line.table.position}&line={value.line_id}#line-{value.line_id}"


@require_POST
@staff_permission("disclosures.publish_report")
def report_publish(request, pk):
    report = get_object_or_404(Report, pk=pk)
    if report.status == Report.Status.ARCHIVED:
        messages.error(request, _("归档的旧版本不能再发布；请发布最新版本。"))
        return redirect("staff:report", pk=pk)
    disclosure_services.report_publish(report=report, user=request.user)
    messages.success(request, _("已发布，公众现在可以看到这份报告。"))
    return redirect("staff:report", pk=pk)


@require_POST
@staff_permission("disclosures.publish_report")
def report_unpublish(request, pk):
    report = get_object_or_404(Report, pk=pk)
    disclosure_services.report_unpublish(report=report, user=request.user)
    messages.success(request, _("已撤回发布，报告回到草稿状态。"))
    return redirect("staff:report", pk=pk)


@require_GET
@staff_permission("disclosures.review_report")
def report_changes(request, pk):
    report = get_object_or_404(selectors.reports(), pk=pk)
    if not report.supersedes_id:
        raise Http404
    changes = versions.report_changes(report.supersedes, report)
    return render(request, "staff/changes.html", {"report": report, "changes": changes})


@require_GET
@staff_permission("disclosures.view_report")
def page_image(request, pk, number):
    report = get_object_or_404(Report, pk=pk)
    try:
        path = page_images.page_image(report, number, width=int(request.GET.get("w", page_images.DEFAULT_WIDTH)))
    except (page_images.PageNotFound, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(path.open("rb"), content_type="image/png")  # noqa: SIM115 (closed by the response)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@staff_permission("disclosures.view_report")
def source_pdf(request, pk):
    report = get_object_or_404(Report, pk=pk)
    if not report.source_file:
        raise Http404
    response = FileResponse(
        report.source_file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=report.source_filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@staff_permission("disclosures.view_auditentry")
def audit_log(request):
    entries = AuditEntry.objects.select_related("user", "report__department", "report__fiscal_year")
    if request.GET.get("report"):
        entries = entries.filter(report_id=request.GET["report"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "staff/audit.html", {"page": page})


# Findings: explain, re-run the rules, export


def _finding(pk: int, fingerprint: str) -> ValidationCheck:
    checks = ValidationCheck.objects.select_related("report").filter(
        report_id=pk, fingerprint=fingerprint, status__in=findings.FINDING_STATUSES
    )
    check = checks.order_by("status", "pk").first()
    if check is None:
        raise Http404
    return check


def _to_finding(pk: int, fingerprint: str):
    url = reverse("staff:report", kwargs={"pk": pk})
    return redirect(f"{url}#finding-{fingerprint[:12]}")


@require_POST
@staff_permission("disclosures.review_report")
def finding_explain(request, pk, fingerprint):
    check = _finding(pk, fingerprint)
    form = ExplanationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("说明未保存：") + "；".join(e for errs in form.errors.values() for e in errs))
        return _to_finding(pk, fingerprint)
    try:
        disclosure_services.finding_explain(check=check, reason=form.cleaned_data["reason"], user=request.user)
    except disclosure_services.InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已标记为“已说明”，公开页面会显示说明理由。"))
    return _to_finding(pk, fingerprint)


@require_POST
@staff_permission("disclosures.review_report")
def finding_unexplain(request, pk, fingerprint):
    check = _finding(pk, fingerprint)
    if disclosure_services.finding_unexplain(check=check, user=request.user):
        messages.success(request, _("已撤销说明，这一处问题重新标为“未说明”。"))
    else:
        messages.info(request, _("这一处问题本来就没有说明。"))
    return _to_finding(pk, fingerprint)


@require_POST
@staff_permission("disclosures.review_report")
def report_recheck(request, pk):
    report = get_object_or_404(Report, pk=pk)
    checks = disclosure_services.report_recheck(report=report, user=request.user)
    failed = sum(1 for c in checks if c.status == ValidationCheck.Status.FAIL)
    messages.success(request, _("已重新校验：%(n)d 项不一致。已有的说明仍然保留。") % {"n": failed})
    return redirect("staff:report", pk=pk)


@require_GET
@staff_permission("disclosures.view_report")
def findings_csv(request, pk):
    report = get_object_or_404(Report, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="report-{report.pk}-findings.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(findings.CSV_HEADER)
    for row in findings.csv_rows(findings.report_findings(report)):
        writer.writerow(csv_row(row))
    return response


@require_GET
@staff_permission("disclosures.view_report")
def findings_pdf(request, pk):
    report = get_object_or_404(Report, pk=pk)
    try:
        with report.source_file.open("rb") as handle:
            source = handle.read()
    except (OSError, ValueError):
        messages.error(request, _("找不到原始PDF，无法生成带批注的副本。"))
        return redirect("staff:report", pk=pk)
    notes = annotated_pdf.page_notes(findings.report_findings(report))
    try:
        content = annotated_pdf.annotated_pdf(source, notes)
    except annotated_pdf.UnreadablePdf as exc:
        messages.error(request, str(exc))
        return redirect("staff:report", pk=pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="report-{report.pk}-findings.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
