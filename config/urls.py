from django.contrib import admin
from django.urls import include, path

from config.health import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("staff/", include("staff.urls")),
    path("api/", include("disclosures.api.urls")),
    path("embed/", include("disclosures.embed_urls")),
    path("", include("disclosures.urls")),
]
