from django.urls import path

from . import views

app_name = "disclosures"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/source.pdf", views.report_pdf, name="report_pdf"),
    path("<str:slug>/", views.jurisdiction, name="jurisdiction"),
    path("<str:jurisdiction>/<str:slug>/", views.department, name="department"),
]
