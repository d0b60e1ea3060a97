"""Fill :class:`VersionCell` and :class:`VersionFinding` when a collected version is filed (a ``post_save``
of :class:`~gongkai_web.supervision.models.CollectedVersion`, so the intake needs no change), and for
versions filed before this app existed (its migration)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from gongkai import report_from_dict
from gongkai_web.supervision.models import CollectedVersion


def extract_cells(data: dict[str, Any]) -> Iterator[tuple[str, float | None]]:
    """The numeric table cells of a report in its JSON form, by stable key (the unit of 采购金额 left out)."""
    for path, value in report_from_dict(data).iter_cells():
        if not isinstance(value, str):
            yield path, None if value is None else float(value)


def _models(cell_model: Any, finding_model: Any) -> tuple[Any, Any]:
    from gongkai_web.summaries.models import VersionCell, VersionFinding

    return cell_model or VersionCell, finding_model or VersionFinding


def cell_rows(versions: Iterable[Any], model: Any = None) -> list[Any]:
    """The unsaved cell rows of ``versions`` (each with ``pk`` and ``data``); ``model`` for a migration's
    historical model."""
    model = _models(model, None)[0]
    return [model(version_id=v.pk, key=k, value=x) for v in versions for k, x in extract_cells(v.data)]


def finding_rows(versions: Iterable[Any], model: Any = None) -> list[Any]:
    """Check ``versions``: the unsaved rows of their findings (the accepted ones left out)."""
    from gongkai import check_report  # the rules load on the first filing, not at Django's start

    model = _models(None, model)[1]
    return [
        model(version_id=v.pk, code=f.code, severity=f.severity.value, message=f.message, paths=list(f.paths))
        for v in versions
        for f in check_report(report_from_dict(v.data))
        if not f.accepted
    ]


def store_cells(versions: Iterable[Any], model: Any = None) -> int:
    """Write the cells of ``versions``; the rows written."""
    rows = cell_rows(versions, model)
    _models(model, None)[0].objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def store_findings(versions: Iterable[Any], model: Any = None) -> int:
    """Check ``versions`` and write their findings; the rows written."""
    rows = finding_rows(versions, model)
    _models(None, model)[1].objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _on_save(
    sender: type, instance: CollectedVersion, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """After the filing commits, not inside it: checking takes tens of milliseconds, and a filing
    transaction that long blocks the intake's other writers and readers (SQLite locks the table). A version
    whose rows were never written (the process died in between) has no cells, and the export then checks
    it itself (:func:`gongkai_web.summaries.services.dataset_entries`)."""
    if created and not raw:
        pk, data = instance.pk, instance.data
        transaction.on_commit(lambda: _store(pk, data))


def _store(pk: int, data: dict[str, Any]) -> None:
    """Check first, then write both tables in one short transaction (never hold a write lock while
    checking)."""
    version = SimpleNamespace(pk=pk, data=data)
    cells, findings = cell_rows([version]), finding_rows([version])
    with transaction.atomic():
        VersionCell, VersionFinding = _models(None, None)
        VersionCell.objects.bulk_create(cells, batch_size=2000, ignore_conflicts=True)
        VersionFinding.objects.bulk_create(findings, batch_size=2000)


def connect() -> None:
    post_save.connect(_on_save, sender=CollectedVersion, dispatch_uid="summaries.version_cells")
