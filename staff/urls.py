"""The back office's addresses, all under /staff/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(template_name="staff/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("upload/", views.upload, name="upload"),
    path("upload/detect/", views.upload_detect, name="upload_detect"),
    path("upload/many/", views.upload_many, name="upload_many"),
    path("upload/many/file/", views.upload_many_file, name="upload_many_file"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/status.json", views.job_status, name="job_status"),
    path("jobs/<int:pk>/rerun/", views.job_rerun, name="job_rerun"),
    path("jobs/<int:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("reports/<int:pk>/", views.report_review, name="report"),
    path("reports/<int:pk>/metadata/", views.report_metadata, name="report_metadata"),
    path("reports/<int:pk>/values/<int:value_pk>/", views.value_correct, name="value_correct"),
    path("reports/<int:pk>/values/<int:value_pk>/confirm/", views.value_confirm, name="value_confirm"),
    path("reports/<int:pk>/publish/", views.report_publish, name="report_publish"),
    path("reports/<int:pk>/unpublish/", views.report_unpublish, name="report_unpublish"),
    path("reports/<int:pk>/changes/", views.report_changes, name="report_changes"),
    path("reports/<int:pk>/pages/<int:number>.png", views.page_image, name="page_image"),
    path("reports/<int:pk>/source.pdf", views.source_pdf, name="source_pdf"),
    path("reports/<int:pk>/recheck/", views.report_recheck, name="report_recheck"),
    path("reports/<int:pk>/findings.csv", views.findings_csv, name="findings_csv"),
    path("reports/<int:pk>/findings.pdf", views.findings_pdf, name="findings_pdf"),
    path("reports/<int:pk>/findings/<str:fingerprint>/explain/", views.finding_explain, name="finding_explain"),
    path("reports/<int:pk>/findings/<str:fingerprint>/unexplain/", views.finding_unexplain, name="finding_unexplain"),
    path("audit/", views.audit_log, name="audit"),
]
