"""Fill :class:`VersionCell` when a collected version is filed (a ``post_save`` of
:class:`~gongkai_web.supervision.models.CollectedVersion`, so the intake needs no change), and for versions
filed before this app existed (its migration). The findings of a version are its own
(``CollectedVersion.checks``, written by the intake), not copied here."""

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


def _model(model: Any) -> Any:
    from gongkai_web.summaries.models import VersionCell

    return model or VersionCell


def cell_rows(versions: Iterable[Any], model: Any = None) -> list[Any]:
    """The unsaved cell rows of ``versions`` (each with ``pk`` and ``data``); ``model`` for a migration's
    historical model."""
    model = _model(model)
    return [model(version_id=v.pk, key=k, value=x) for v in versions for k, x in extract_cells(v.data)]


def store_cells(versions: Iterable[Any], model: Any = None) -> int:
    """Write the cells of ``versions``; the rows written."""
    rows = cell_rows(versions, model)
    _model(model).objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def store_findings(versions: Iterable[Any], model: Any = None) -> int:
    """Nothing: the migration ``0001_version_cells_and_findings`` once copied each version's findings into a
    table of this app (dropped by ``0002_drop_version_findings``; they are ``CollectedVersion.checks``). The
    migration still calls this."""
    return 0


def _on_save(
    sender: type, instance: CollectedVersion, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """After the filing commits, not inside it: a filing transaction kept longer blocks the intake's other
    writers and readers (SQLite locks the table). A version whose cells were never written (the process died
    in between) has them written when a 汇总 first sums it
    (:func:`gongkai_web.summaries.services.summarise`)."""
    if created and not raw:
        pk, data = instance.pk, instance.data
        transaction.on_commit(lambda: store_cells([SimpleNamespace(pk=pk, data=data)]))


def connect() -> None:
    post_save.connect(_on_save, sender=CollectedVersion, dispatch_uid="summaries.version_cells")
