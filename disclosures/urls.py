from django.urls import path

from . import suggest_views, views

app_name = "disclosures"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/suggest/", suggest_views.suggest_view, name="search_suggest"),
    path("compare/", views.compare, name="compare"),
    path("compare/rank/", views.compare_rank, name="compare_rank"),
    path("glossary/", views.glossary_page, name="glossary"),
    path("compare.csv", views.compare_csv, name="compare_csv"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/tables/<int:position>/", views.table_page, name="table"),
    path("reports/<int:pk>/tables/<int:position>.<str:fmt>", views.table_download, name="table_download"),
    path("reports/<int:pk>/source.pdf", views.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/pages/<int:number>/", views.page_viewer, name="page"),
    path("reports/<int:pk>/pages/<int:number>.png", views.page_image, name="page_image"),
    path("quality/", views.quality, name="quality"),
    path("<str:slug>/", views.jurisdiction, name="jurisdiction"),
    path("<str:jurisdiction>/<str:slug>/", views.department, name="department"),
]
