"""Trigram indexes for search on PostgreSQL: pg_trgm GIN indexes serve the substring (ILIKE) matches that find
Chinese words in names and page texts. Other databases search without them."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("disclosures_search_department_name", "disclosures_department", "name"),
    ("disclosures_search_line_name", "disclosures_lineitem", "name"),
    ("disclosures_search_project", "disclosures_performancerecord", "project"),
    ("disclosures_search_record_title", "disclosures_performancerecord", "title"),
    ("disclosures_search_indicator_name", "disclosures_performanceindicator", "name"),
    ("disclosures_search_indicator_target", "disclosures_performanceindicator", "target_text"),
    ("disclosures_search_page_text", "disclosures_reportpage", "text"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0003_report_pages_and_check_severity")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
