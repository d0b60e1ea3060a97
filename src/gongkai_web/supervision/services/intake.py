"""A batch from an upload: every file (zips unpacked) or URL becomes an item, stored in the database, then
the batch is handed to the task queue after the transaction commits."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import User
from gongkai_web.agencies.permissions import require
from gongkai_web.common.csvfiles import read_csv_rows
from gongkai_web.supervision import queue
from gongkai_web.supervision.models import Batch, BatchItem, ItemStatus
from gongkai_web.supervision.services import IntakeError
from gongkai_web.supervision.services.unpack import Entry, is_zip, too_large, unpack_zip


def _entries(files: Iterable[tuple[str, bytes]]) -> list[Entry]:
    max_file = settings.GONGKAI_INTAKE_MAX_FILE_BYTES
    out: list[Entry] = []
    for name, data in files:
        if is_zip(name, data[:4]):
            out.extend(unpack_zip(name, data))
        elif len(data) > max_file:
            out.append(Entry(name, None, len(data), too_large(len(data))))
        else:
            out.append(Entry(name, data, len(data)))
    return out


def read_url_list(data: bytes) -> list[str]:
    """The URLs of a CSV: any cell starting ``http://`` or ``https://`` (UTF-8, BOM or not, or GBK)."""
    try:
        rows = read_csv_rows(data)
    except csv.Error as exc:
        raise IntakeError(_("网址清单的 CSV 格式有误：%(why)s") % {"why": exc}, field="urls") from exc
    if rows is None:
        raise IntakeError(_("网址清单不是 UTF-8 或 GBK 编码的 CSV 文件"), field="urls")
    urls = [
        cell.strip()
        for row in rows
        for cell in row
        if cell.strip().lower().startswith(("http://", "https://"))
    ]
    return list(dict.fromkeys(urls))


def create_batch(
    actor: User, *, files: Iterable[tuple[str, bytes]] = (), url_list: bytes | None = None, name: str = ""
) -> Batch:
    """Store the upload as a batch of items and queue them. Nothing is read here: the queue does it."""
    agency = actor.agency
    require(actor, "supervise", agency)
    assert agency is not None
    entries = _entries(files)
    urls = read_url_list(url_list) if url_list else []
    if not entries and not urls:
        raise IntakeError(_("请选择要上传的报告文件、压缩包或网址清单"), field="files")
    limit = settings.GONGKAI_INTAKE_MAX_FILES
    if len(entries) + len(urls) > limit:
        raise IntakeError(
            _("一次最多导入 %(max)s 个文件，本次有 %(n)s 个") % {"max": limit, "n": len(entries) + len(urls)},
            field="files",
        )
    zipped = any(e.name.lower().endswith(".zip") or ".zip/" in e.name.lower() for e in entries)
    source = Batch.Source.URLS if urls and not entries else Batch.Source.ZIP if zipped else Batch.Source.FILES
    with transaction.atomic():
        batch = Batch.objects.create(
            agency=agency, created_by=actor, source=source, name=name[:200], queue=queue.backend()
        )
        BatchItem.objects.bulk_create(
            [
                BatchItem(
                    batch=batch,
                    name=e.name[:255],
                    size=e.size,
                    sha256=hashlib.sha256(e.data).hexdigest() if e.data is not None else "",
                    content=e.data,
                    status=ItemStatus.QUEUED if e.data is not None else ItemStatus.REFUSED,
                    reason=e.refused[:300],
                )
                for e in entries
            ]
            + [
                # fetched by the queue (gongkai_web.watch: the page's tables or its attachment)
                BatchItem(batch=batch, name=url[:255], url=url[:500], status=ItemStatus.QUEUED)
                for url in urls
            ]
        )
        audit.record(
            actor,
            "intake_batch",
            batch,
            agency=agency,
            before=None,
            after={"source": source, "files": len(entries), "urls": len(urls)},
        )
        transaction.on_commit(lambda: queue.dispatch(batch))
    return batch
