"""Re-fetching everything the watch knows (run on a schedule: Celery beat with a broker, a thread of the
web process or of ``gongkai worker`` without one).

For each watched page: stopped answering → a finding with the date it was last seen (resolved when it answers
again); a report document whose content hash changed → the new content goes through the batch intake as a new
version, and :func:`~gongkai_web.watch.services.crawl.filed` makes the "changed after publication" finding
when the report itself differs; a column that changed while the agency's report of the year is still missing
→ the column is searched again (a report found then is late by its first-seen date when its page gives none).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.fetch import Fetched
from gongkai_web.supervision import queue
from gongkai_web.supervision.models import Batch, BatchItem, CollectedReport
from gongkai_web.watch.models import CrawlTarget, WatchedPage, WatchFinding
from gongkai_web.watch.services.crawl import _finding
from gongkai_web.watch.services.fetching import make_client, save_log

log = logging.getLogger(__name__)


@dataclass
class WatchRun:
    """What one run did (counts, and the batches it queued)."""

    checked: int = 0
    changed: int = 0
    gone: int = 0
    back: int = 0
    searched: int = 0
    batches: list[int] = field(default_factory=list)


def _origin(agency_id: int, year: int | None) -> CrawlTarget | None:
    """The latest crawl of the agency (for the year when given): its batch's region and supervisor."""
    targets = CrawlTarget.objects.filter(agency_id=agency_id).select_related("item__batch")
    if year is not None:
        targets = targets.filter(year=year)
    return targets.order_by("-pk").first()


def _gone(page: WatchedPage, got: Fetched) -> None:
    last = timezone.localdate(page.last_seen) if page.last_seen else None
    why = got.error or f"HTTP {got.status}"
    _finding(
        WatchFinding.Kind.GONE,
        page.agency,
        page.year,
        _("%(kind)s无法访问（%(why)s），最近一次可访问：%(last)s")
        % {"kind": page.get_kind_display(), "why": why, "last": last or "—"},
        page=page,
        since=last,
        details={"url": page.url, "status": got.status, "error": got.error},
    )


def run_watch(region_path: str = "/") -> WatchRun:
    """Re-fetch every watched page of the region (politely: per host paced, robots.txt obeyed)."""
    pages = list(
        WatchedPage.objects.filter(agency__path__under=region_path).select_related("agency").order_by("pk")
    )
    run = WatchRun(checked=len(pages))
    client = make_client()
    try:
        results = client.fetch_many([p.url for p in pages])
    finally:
        save_log(client, agencies={p.url: p.agency for p in pages})
        client.close()
    by_url = {got.url: got for got in results}
    now = timezone.now()
    refetch: dict[tuple[int, int], list[tuple[WatchedPage, Fetched, CrawlTarget]]] = defaultdict(list)
    search: dict[tuple[int, int], list[tuple[WatchedPage, CrawlTarget]]] = defaultdict(list)
    for page in pages:
        got = by_url[page.url]
        page.last_checked, page.last_status = now, got.status
        if not got.ok:
            if page.answering:
                page.answering = False
                _gone(page, got)
                run.gone += 1
            page.save()
            continue
        if not page.answering:
            page.answering = True
            run.back += 1
            WatchFinding.objects.filter(
                page=page, kind=WatchFinding.Kind.GONE, resolved_at__isnull=True
            ).update(resolved_at=now)
        page.last_seen = now
        changed = got.sha256 != page.content_hash
        page.content_hash = got.sha256
        page.save()
        if not changed:
            continue
        origin = _origin(page.agency_id, page.year)
        if origin is None:
            continue
        key = (origin.item.batch.agency_id, origin.item.batch.created_by_id)
        if page.kind == WatchedPage.Kind.COLUMN:
            year = origin.year
            if not CollectedReport.objects.filter(agency=page.agency, year=year).exists():
                search[key].append((page, origin))
        elif page.filed:
            refetch[key].append((page, got, origin))
    with transaction.atomic():
        for (region_id, user_id), rows in refetch.items():
            batch = _batch(region_id, user_id, _("网站监测：报告内容有变化"))
            for page, got, origin in rows:
                name = got.final_url.rsplit("/", 1)[-1] or "report.html"
                item = BatchItem.objects.create(
                    batch=batch,
                    name=name[:255],
                    url=page.url[:500],
                    content=got.content,
                    size=len(got.content),
                    sha256=got.sha256,
                )
                CrawlTarget.objects.create(
                    item=item,
                    agency=page.agency,
                    year=origin.year if page.year is None else page.year,
                    mode=CrawlTarget.Mode.WATCH,
                    page=page,
                    published=page.published,
                )
                run.changed += 1
            run.batches.append(batch.pk)
        for (region_id, user_id), pairs in search.items():
            batch = _batch(region_id, user_id, _("网站监测：栏目有更新，重新查找报告"))
            for page, origin in pairs:
                item = BatchItem.objects.create(batch=batch, name=page.agency.name[:255], url=page.url[:500])
                CrawlTarget.objects.create(
                    item=item, agency=page.agency, year=origin.year, column_url=page.url
                )
                run.searched += 1
            run.batches.append(batch.pk)
        for pk in run.batches:
            batch = Batch.objects.get(pk=pk)
            transaction.on_commit(lambda b=batch: queue.dispatch(b))  # type: ignore[misc]
    log.info("watch run: %s", run)
    return run


def _batch(region_id: int, user_id: int, name: str) -> Batch:
    return Batch.objects.create(
        agency_id=region_id, created_by_id=user_id, source=Batch.Source.URLS, name=name, queue=queue.backend()
    )


def last_run() -> object:
    return WatchedPage.objects.aggregate(at=Max("last_checked"))["at"]
