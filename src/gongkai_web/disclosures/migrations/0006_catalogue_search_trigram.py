# ruff: noqa: RUF012  (Django migration options are declarative class attributes)
"""Trigram indexes for the public catalogue search on PostgreSQL (title, 文号, summary: ``icontains``, which
PostgreSQL runs as ``UPPER(col::text) LIKE UPPER(%s)`` — the indexes are on that expression). pg_trgm reads
Chinese characters as word characters under a UTF-8 ctype (C.UTF-8, zh_CN.UTF-8 …). Nothing on SQLite, where
the search stays a scan (see bench/catalogue.py)."""

from django.db import migrations, models

COLUMNS = ("title", "document_number", "summary")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS disclosure_{column}_trgm ON disclosures_disclosure "
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS disclosure_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0005_review")]
    operations = [
        migrations.AddIndex(
            model_name="disclosure",
            index=models.Index(fields=["-issued_on", "-id"], name="disclosure_catalogue_idx"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
