from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("jurisdictions", views.JurisdictionViewSet, basename="jurisdiction")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("reports", views.ReportViewSet, basename="report")
router.register("tables", views.TableViewSet, basename="table")
router.register("line-items", views.LineItemViewSet, basename="line-item")
router.register("key-figures", views.KeyFigureViewSet, basename="key-figure")
router.register("findings", views.FindingViewSet, basename="finding")

urlpatterns = [
    path("compare/", views.compare, name="compare"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
