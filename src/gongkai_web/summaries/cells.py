"""Fill :class:`VersionCell` when a collected version is filed (by the intake's
``supervision.services.filing.file_items``, or a ``post_save`` of a
:class:`~gongkai_web.supervision.models.CollectedVersion` created otherwise), and for versions filed before
this app existed (its migration). The findings of a version are its own
(``CollectedVersion.checks``, written by the intake), not copied here."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection
from django.db.models.signals import post_save

from gongkai import Report, report_from_dict
from gongkai_web.supervision.models import CollectedVersion


def report_cells(report: Report) -> Iterator[tuple[str, float | None]]:
    """The numeric table cells of a report, by stable key (the unit of 采购金额 left out)."""
    for path, value in report.iter_cells():
        if not isinstance(value, str):
            yield path, None if value is None else float(value)


def _model(model: Any) -> Any:
    from gongkai_web.summaries.models import VersionCell

    return model or VersionCell


def store_cells(versions: Iterable[Any], model: Any = None) -> int:
    """Write the cells of ``versions`` (each with ``pk`` and ``data``; ``model``: a migration's historical
    model), those already stored left as they are; the rows given."""
    return write_cells(((v.pk, report_from_dict(v.data, cells=False)) for v in versions), model)


def write_cells(reports: Iterable[tuple[int, Report]], model: Any = None) -> int:
    """:func:`store_cells` of versions given by primary key and report (the intake has the report it read).
    One ``executemany`` per chunk of rows: the intake writes ~200 cells with every version it files, and
    building as many model instances for ``bulk_create`` cost more than reading the report."""
    table = _model(model)._meta.db_table
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({quote('version_id')}, {quote('key')}, {quote('value')})"
        " VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
    )
    written = 0
    rows = ((pk, key, value) for pk, report in reports for key, value in report_cells(report))
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(rows, CHUNK)):
            cursor.executemany(sql, chunk)
            written += len(chunk)
    return written


CHUNK = 5000


def store_findings(versions: Iterable[Any], model: Any = None) -> int:
    """Nothing: the migration ``0001_version_cells_and_findings`` once copied each version's findings into a
    table of this app (dropped by ``0002_drop_version_findings``; they are ``CollectedVersion.checks``). The
    migration still calls this."""
    return 0


def _on_save(
    sender: type, instance: CollectedVersion, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """In the filing's transaction: the version and its cells are committed together."""
    if created and not raw:
        store_cells([instance])


def connect() -> None:
    post_save.connect(_on_save, sender=CollectedVersion, dispatch_uid="summaries.version_cells")
