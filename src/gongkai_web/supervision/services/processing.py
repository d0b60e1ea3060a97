"""One item of a batch, start to end: claim it, read and check its file, match its agency, file it.

Idempotent: a finished item is left alone, and the filing and the item's final status are written in one
transaction after the item is locked and seen unfinished — so a task delivered twice (a worker killed
mid-file, the broker redelivering) files the report exactly once. Reading happens outside the transaction:
it is the slow part, and repeating it is harmless."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai import InputError, Report, Severity, check_report, read_bytes
from gongkai_web.agencies.models import Agency
from gongkai_web.common.bulk import update_rows
from gongkai_web.supervision.models import DONE, BatchItem, ItemStatus
from gongkai_web.supervision.services.filing import Entry, file_items
from gongkai_web.supervision.services.matching import Match, match_agency
from gongkai_web.watch.services import crawl

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Examined:
    """What reading, checking and matching found (nothing saved yet)."""

    status: str
    reason: str = ""
    data: dict[str, Any] | None = None
    report: Report | None = None  # the report ``data`` is the JSON form of
    agency_name: str = ""
    year: int | None = None
    template: str = ""
    findings: dict[str, int] | None = None
    checks: list[dict[str, Any]] | None = None
    published: dt.date | None = None
    match: Match | None = None
    waiting: str = ""  # why a matched report still waits for a person (fetched for another agency/year)


def count_findings(findings: list[Any]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        if f.counts:
            counts[f.severity.value] += 1
    return counts


def keep_reading(item: BatchItem, ex: Examined) -> None:
    """What reading and checking found, kept on the item (unsaved) for filing: the report, what it says of
    itself, the counts and every finding — a version filed from the item keeps them."""
    if ex.data is not None:
        item.data, item.agency_name, item.year = ex.data, ex.agency_name, ex.year
        item.template, item.findings = ex.template, ex.findings or {}
        item.checks, item.published = ex.checks or [], ex.published


def examine(item: BatchItem, regions: dict[int, list[Agency]] | None = None) -> Examined:
    """Read and check the item's file and match its agency against the batch's region (``regions``: the
    registers already read, by region). An item with a URL and no content yet is fetched first (the watch
    app: a report page, its attachment, or a column)."""
    name = item.name
    if item.content is None and item.url:
        got = crawl.obtain(item)
        if isinstance(got, str):
            return Examined(ItemStatus.REFUSED, got)
        name = got[0]
    if item.content is None:
        return Examined(ItemStatus.REFUSED, item.reason or _("没有文件内容"))
    try:
        result = read_bytes(bytes(item.content), name=name)
    except InputError as exc:
        exc.file = None  # the item already names its file
        return Examined(ItemStatus.REFUSED, exc.line()[:300])
    report = result.report
    if not any(v is not None for _path, v in report.iter_cells()):
        return Examined(ItemStatus.REFUSED, _("文件中没有读到年度报告的表格数据"))
    found = check_report(report, facts=result.facts)
    out = Examined(
        ItemStatus.NEEDS_ASSIGNMENT,
        # with each value's source location (page/table/row/column or line): a finding drills down to it
        data=report.to_json_dict(with_cells=True),
        report=report,
        agency_name=(report.agency or "")[:200],
        year=report.year,
        template=report.template,
        findings=count_findings(found),
        checks=[f.to_dict() for f in found],
        published=result.facts.published,
    )
    out.match = match_agency(out.agency_name, item.batch.agency, regions)
    out.waiting = crawl.disagreement(item, out.match.agency, out.year, out.agency_name)
    if out.waiting:
        out.match.agency = None
    return out


def _waiting_reason(ex: Examined) -> str:
    if ex.waiting:
        return ex.waiting
    if not ex.agency_name:
        return _("报告中未读到机构名称，请指定所属机构")
    if ex.year is None:
        return _("报告中未读到年度，请指定年度")
    assert ex.match is not None
    if ex.match.candidates:
        best = ex.match.candidates[0]
        return _(
            "“%(name)s”与登记的机构不能确定对应（最接近：%(best)s，匹配度 %(score).0f%%），请人工指定"
        ) % {
            "name": ex.agency_name,
            "best": best["name"],
            "score": float(best["score"]) * 100,  # type: ignore[arg-type]
        }
    return _("“%(name)s”不在本辖区登记的机构中，请人工指定") % {"name": ex.agency_name}


#: How long a worker reads before it files what it has read, in one transaction: quick files are filed
#: dozens at a time (a few statements for all of them), a slow scan on its own, and a batch's progress still
#: moves every second or so.
FLUSH_SECONDS = 1.0
#: What :func:`_file` writes of an item (never its file again).
OUTCOME_FIELDS = (
    "status", "reason", "data", "agency_name", "year", "template", "findings", "checks", "published",
    "match_score", "candidates", "version", "finished_at", "seconds",
)  # fmt: skip


def process_item(item_id: int, worker: str = "") -> str:
    """Process one item; return its final status, or ``"skipped"`` when it was already finished."""
    return process_items([item_id], worker)[item_id]


def process_items(item_ids: Sequence[int], worker: str = "") -> dict[int, str]:
    """Process items (of any batches): claim the unfinished ones, read, check and match each, and file what
    was read every :data:`FLUSH_SECONDS`. Each item's final status by id (``"skipped"``: it was finished
    already, or another worker claimed it since)."""
    name = (worker or worker_name())[:120]
    out = dict.fromkeys(item_ids, "skipped")
    claimed = (
        BatchItem.objects.filter(pk__in=item_ids)
        .exclude(status__in=DONE)
        .update(
            status=ItemStatus.PROCESSING,
            claimed_by=name,
            attempts=F("attempts") + 1,
            started_at=timezone.now(),
        )
    )
    if not claimed:
        return out
    mine = BatchItem.objects.filter(pk__in=item_ids, status=ItemStatus.PROCESSING, claimed_by=name)
    regions: dict[int, list[Agency]] = {}  # the register of each batch's region, read once
    read: list[tuple[int, Examined, float]] = []
    flushed = time.monotonic()
    items = mine.select_related("batch__agency").defer("content").annotate(stored=Length("content"))
    for group in _by_bytes(list(items.order_by("pk"))):
        contents = dict(BatchItem.objects.filter(pk__in=[i.pk for i in group]).values_list("pk", "content"))
        for item in group:
            start = time.perf_counter()
            item.content = contents.pop(item.pk, None)  # (let the file go when read: the item is not saved)
            try:
                ex = examine(item, regions)
            # a bug in a reader must not stop the batch: the item says so, the log has it
            except Exception as exc:
                log.exception("reading %s failed", item.name)
                ex = Examined(
                    ItemStatus.REFUSED, _("内部错误：%(err)s（请报告此文件）") % {"err": type(exc).__name__}
                )
            item.content = None
            read.append((item.pk, ex, time.perf_counter() - start))
            if time.monotonic() - flushed >= FLUSH_SECONDS:
                out.update(_file(read))
                read, flushed = [], time.monotonic()
    out.update(_file(read))
    return out


#: The most bytes of files :func:`process_items` takes from the database in one query (a larger file comes
#: alone): a query per file cost a worker more than reading a small one.
CONTENT_BYTES = 8 * 1024 * 1024


def _by_bytes(items: list[BatchItem]) -> Iterator[list[BatchItem]]:
    """``items`` (each annotated with the length of its file, ``stored``) in runs of at most
    :data:`CONTENT_BYTES` of files."""
    group: list[BatchItem] = []
    total = 0
    for item in items:
        size = item.stored or 0
        if group and total + size > CONTENT_BYTES:
            yield group
            group, total = [], 0
        group.append(item)
        total += size
    if group:
        yield group


def _file(read: list[tuple[int, Examined, float]]) -> dict[int, str]:
    """Write what reading found, and file the reports matched, in one transaction after the items are locked
    and seen unfinished (an item another worker finished meanwhile is left alone)."""
    if not read:
        return {}
    out: dict[int, str] = {}
    with transaction.atomic():
        locked = BatchItem.objects.select_for_update().select_related("batch__agency").defer("content")
        fresh = {i.pk: i for i in locked.filter(pk__in=[pk for pk, _ex, _s in read])}
        entries: list[Entry] = []
        saved: list[BatchItem] = []
        for pk, ex, seconds in read:
            item = fresh.get(pk)
            if item is None or item.status in DONE:
                out[pk] = "skipped"
                continue
            item.status, item.reason = ex.status, ex.reason[:300]
            keep_reading(item, ex)
            if ex.match is not None:
                item.match_score = round(ex.match.score, 3)
                item.candidates = ex.match.candidates
                if ex.match.agency is not None and ex.year is not None:
                    entries.append(Entry(item, ex.match.agency, ex.year, ex.report))
                else:
                    item.reason = _waiting_reason(ex)[:300]
            item.finished_at = timezone.now()
            item.seconds = round(seconds, 3)
            saved.append(item)
        file_items(entries)
        update_rows(saved, OUTCOME_FIELDS)
        for item in saved:
            crawl.filed(item)
            out[item.pk] = str(item.status)
    return out
