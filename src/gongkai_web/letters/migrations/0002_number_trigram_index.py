"""A trigram (pg_trgm) GIN index on the letters' 文号 for the 台账's search on PostgreSQL (a substring
search); nothing on SQLite."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS letter_number_trgm ON letters_letter USING gin (number gin_trgm_ops)"
    )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS letter_number_trgm")


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_letters")]  # noqa: RUF012
    operations = [migrations.RunPython(create, drop)]  # noqa: RUF012
