"""Rows written through the services once per test process, and written again wherever a test needs them."""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.test import override_settings

STORED_APPS = ("disclosures", "ingestion")


@dataclass
class Stored:
    """What a function stored: the value it returned, the rows it left in the apps' tables (by model, in the order
    of the models, with their primary keys) and the folder its files were written to."""

    value: object
    rows: list[tuple[type, list[str], list[tuple]]]
    media: Path

    def restore(self) -> None:
        """The rows written again, with the same primary keys (in one transaction: the foreign keys hold at its end)."""
        with transaction.atomic():
            for model, fields, values in self.rows:
                model._base_manager.bulk_create(model(**dict(zip(fields, row, strict=True))) for row in values)


def store(write: Callable[[Path], object], media: Path) -> Stored:
    """`write(media)` run with uploads going to `media`, in a transaction that is rolled back once its rows are read.

    The rows keep their primary keys when they are restored: the sequences they came from have moved past them."""
    with override_settings(MEDIA_ROOT=media), transaction.atomic():
        value = write(media)
        rows = []
        for label in STORED_APPS:
            for model in apps.get_app_config(label).get_models():
                fields = [field.attname for field in model._meta.concrete_fields]
                rows.append((model, fields, list(model._base_manager.order_by("pk").values_list(*fields))))
        transaction.set_rollback(True)
    return Stored(value=value, rows=rows, media=media)


@contextmanager
def rolled_back_afterwards(django_db_blocker):
    """A transaction for a module's tests to run inside (each test in a savepoint of its own), rolled back after
    them: what the module writes before its tests is there for each test, and gone for the next module."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
