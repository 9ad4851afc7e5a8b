from django.contrib import admin

from .models import IngestionJob


@admin.register(IngestionJob)
class IngestionJobAdmin(admin.ModelAdmin):
    list_display = ["original_filename", "status", "stage", "progress", "error_code", "created_at", "report"]
    list_filter = ["status", "stage", "error_code"]
    search_fields = ["original_filename", "sha256"]
    readonly_fields = ["sha256", "size", "created_at", "started_at", "finished_at", "heartbeat_at", "attempts"]
