"""Staff forms: what an uploader or reviewer types in."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from budgetpdf.errors import UnusableDocument
from budgetpdf.source import PDF_MAGIC
from disclosures.models import Report


class MetadataForm(forms.Form):
    jurisdiction = forms.CharField(label=_("行政区"), max_length=100, required=False, help_text=_("如：武汉市江岸区"))
    department = forms.CharField(label=_("部门"), max_length=200, required=False)
    fiscal_year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=[("", _("自动识别")), *Report.Kind.choices], required=False)
    scope = forms.ChoiceField(label=_("范围"), choices=[("", _("自动识别")), *Report.Scope.choices], required=False)

    def hints(self) -> dict:
        """What was filled in; blank fields are left to the parser."""
        data = self.cleaned_data
        hints = {key: data[key] for key in ("jurisdiction", "department", "kind", "scope") if data.get(key)}
        if data.get("fiscal_year"):
            hints["fiscal_year"] = data["fiscal_year"]
        return hints


def check_pdf_upload(upload):
    """A file an uploader may send: not empty, within the size limit, a PDF by its content. Raises ValidationError."""
    limit = settings.INGESTION_MAX_UPLOAD_BYTES
    if upload.size == 0:
        raise forms.ValidationError(_("文件是空的（0字节），请重新选择文件。"), code="empty")
    if upload.size > limit:
        raise forms.ValidationError(
            _("文件过大（%(size)s MB），上限为 %(limit)s MB。请压缩或拆分后再上传。")
            % {"size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if PDF_MAGIC not in head:
        raise forms.ValidationError(
            _("这个文件不是PDF（按文件内容判断，而非文件名）。请上传部门公开的PDF原件。"), code="not_pdf"
        )
    return upload


class UploadForm(MetadataForm):
    file = forms.FileField(
        label=_("报告PDF"),
        error_messages={
            "empty": _("文件是空的（0字节），请重新选择文件。"),
            "required": _("请选择要上传的PDF文件。"),
        },
    )

    field_order = ["file", "jurisdiction", "department", "fiscal_year", "kind", "scope"]

    def clean_file(self):
        return check_pdf_upload(self.cleaned_data["file"])

    def inspect(self, inspector):
        """Open the PDF once before storing anything; an unreadable file becomes a form error."""
        try:
            return inspector(upload=self.cleaned_data["file"])
        except UnusableDocument as exc:
            self.add_error("file", forms.ValidationError(exc.message, code=exc.code))
            return None


class ReportMetadataForm(forms.Form):
    jurisdiction = forms.CharField(label=_("行政区"), max_length=100)
    department = forms.CharField(label=_("部门"), max_length=200)
    fiscal_year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label=_("类型"), choices=Report.Kind.choices)
    scope = forms.ChoiceField(label=_("范围"), choices=Report.Scope.choices)
    title = forms.CharField(label=_("标题"), required=False, widget=forms.TextInput(attrs={"size": 50}))

    @classmethod
    def for_report(cls, report: Report) -> "ReportMetadataForm":
        """The form filled with what the report says now."""
        return cls(
            initial={
                "jurisdiction": report.department.jurisdiction.name,
                "department": report.department.name,
                "fiscal_year": report.fiscal_year.year,
                "kind": report.kind,
                "scope": report.scope,
                "title": report.title,
            }
        )


class CorrectionForm(forms.Form):
    printed = forms.CharField(label=_("更正为"), max_length=60)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ManyFilesField(forms.FileField):
    """Several files chosen at once; each is checked on its own, so one bad file does not refuse the others."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return list(files)


class UploadManyForm(MetadataForm):
    """Many reports at once: blank fields are read from each file's cover; a field filled in applies to all."""

    files = ManyFilesField(label=_("报告PDF（可多选）"), error_messages={"required": _("请选择要上传的PDF文件。")})

    field_order = ["files", "jurisdiction", "department", "fiscal_year", "kind", "scope"]


class ExplanationForm(forms.Form):
    reason = forms.CharField(label=_("说明理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
