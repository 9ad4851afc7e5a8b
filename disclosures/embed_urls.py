"""Addresses of the embeddable charts, all under /embed/."""

from django.urls import path

from . import embed_views

app_name = "embed"

urlpatterns = [
    path("reports/<int:pk>/<slug:name>/", embed_views.report_chart, name="report"),
    path("departments/<str:jurisdiction>/<str:slug>/<slug:name>/", embed_views.department_chart, name="department"),
    path("places/<str:slug>/<slug:name>/", embed_views.jurisdiction_chart, name="jurisdiction"),
    path("compare/", embed_views.comparison_chart, name="compare"),
]
