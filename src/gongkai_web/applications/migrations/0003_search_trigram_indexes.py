"""Trigram (pg_trgm) GIN indexes for the 台账's search on PostgreSQL: ``applicant_name`` and ``content`` are
searched as substrings (``LIKE '%…%'``), which no B-tree serves. On SQLite this migration does nothing (its
tables are a single office's, scanned fast enough; see ``bench/ledger.py``)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

INDEXES = {
    "app_name_trgm": "applicant_name",
    "app_content_trgm": "content",
}


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON applications_application USING gin ({column} gin_trgm_ops)"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_report_covering_index")]  # noqa: RUF012
    operations = [migrations.RunPython(create, drop)]  # noqa: RUF012
