from django.apps import AppConfig


class IngestionConfig(AppConfig):
    name = "ingestion"
    verbose_name = "解析"

    def ready(self):
        # Registers the tasks with the Celery app, so that services send them by name.
        from . import tasks  # noqa: F401
