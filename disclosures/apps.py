from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = "预决算公开"

    def ready(self):
        from . import cache
        from .models import (
            Department,
            DepartmentAlias,
            DepartmentLink,
            FindingExplanation,
            FiscalYear,
            Jurisdiction,
            Report,
        )

        models = [m for m in self.get_models() if m.__name__ != "AuditEntry"]
        cache.connect_signals(
            models,
            deletions=[
                Report,
                Department,
                DepartmentAlias,
                DepartmentLink,
                FindingExplanation,
                FiscalYear,
                Jurisdiction,
            ],
        )
