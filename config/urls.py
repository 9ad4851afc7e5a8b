from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path


def health(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("staff/", include("staff.urls")),
    path("api/", include("disclosures.api.urls")),
    path("", include("disclosures.urls")),
]
