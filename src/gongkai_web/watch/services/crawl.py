"""Fetching each agency's report of a year from its 年报 column, as items of the batch queue.

:func:`start_crawl` makes a batch with one item per agency of the region that has a 年报 column URL in the
register. The batch processing (``supervision.services.processing``) calls the hooks here: :func:`obtain`
fetches an item that has a URL but no content yet (discover the year's report in the column, collect its
page and attachments, choose the document to read); :func:`agree` makes the report's own name and year
agree with the agency and year the item was for, else the item waits for a person; :func:`filed` records
what was filed (the watched pages, a page that disagrees with its attachment, a report published late,
a report changed after publication)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.fetch import Collected, Entry, collect, discover, is_attachment
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.agencies.roster import rules_for
from gongkai_web.supervision import queue
from gongkai_web.supervision.models import Batch, BatchItem, ItemStatus
from gongkai_web.supervision.services import IntakeError
from gongkai_web.watch.models import CrawlTarget, WatchedPage, WatchFinding
from gongkai_web.watch.services.fetching import make_client, save_log


def start_crawl(actor: User, year: int) -> Batch:
    """A batch fetching the ``year`` report of every agency of the actor's region with a 年报 column."""
    region = actor.agency
    require(actor, "supervise", region)
    assert region is not None
    agencies = list(Agency.objects.filter(path__under=region.path).exclude(report_url="").order_by("path"))
    if not agencies:
        raise IntakeError(_("本辖区登记的机构都没有填写年报栏目网址"), field="year")
    with transaction.atomic():
        batch = Batch.objects.create(
            agency=region,
            created_by=actor,
            source=Batch.Source.URLS,
            name=_("网站抓取：%(year)s年度报告") % {"year": year},
            queue=queue.backend(),
        )
        for agency in agencies:
            item = BatchItem.objects.create(batch=batch, name=agency.name[:255], url=agency.report_url[:500])
            CrawlTarget.objects.create(item=item, agency=agency, year=year, column_url=agency.report_url)
        audit.record(
            actor,
            "watch_crawl",
            batch,
            agency=region,
            before=None,
            after={"year": year, "agencies": len(agencies)},
        )
        transaction.on_commit(lambda: queue.dispatch(batch))
    return batch


def _page(agency: Agency, kind: str, url: str, **fields: Any) -> WatchedPage:
    now = timezone.now()
    page, created = WatchedPage.objects.get_or_create(
        agency=agency, url=url[:1000], defaults={"kind": kind, "first_seen": now, **fields}
    )
    if not created:
        for name, value in fields.items():
            setattr(page, name, value)
        page.save()
    return page


def _finding(kind: str, agency: Agency, year: int | None, message: str, **fields: Any) -> WatchFinding:
    """A finding, once: an unresolved one of the same kind for the same agency, year and page is updated."""
    same = WatchFinding.objects.filter(
        kind=kind, agency=agency, year=year, page=fields.get("page"), resolved_at__isnull=True
    ).first()
    if same is not None:
        same.message = message[:500]
        for name, value in fields.items():
            setattr(same, name, value)
        same.save()
        return same
    fields.setdefault("noticed", timezone.localdate())
    return WatchFinding.objects.create(kind=kind, agency=agency, year=year, message=message[:500], **fields)


def _record_collected(target: CrawlTarget, got: Collected) -> None:
    """The watched pages of a collected report, and the target's page, date and differences."""
    agency, year, now = target.agency, target.year, timezone.now()
    chosen = got.chosen
    if got.page is not None and got.page.ok and not is_attachment(got.entry.url):
        page = _page(
            agency,
            WatchedPage.Kind.PAGE,
            got.page.final_url,
            year=year,
            title=got.entry.title[:300],
            published=got.published,
            content_hash=got.page.sha256,
            last_seen=now,
            last_checked=now,
            last_status=got.page.status,
            answering=True,
        )
        if chosen is not None and chosen.kind == "page":
            target.page = page
    for document in got.documents:
        if document.kind == "attachment":
            attached = _page(
                agency,
                WatchedPage.Kind.ATTACHMENT,
                document.url,
                year=year,
                title=got.entry.title[:300],
                published=got.published,
                content_hash=document.sha256,
                last_seen=now,
                last_checked=now,
                last_status=200,
                answering=True,
            )
            if chosen is document:
                target.page = attached
    target.published, target.differences = got.published, got.differences[:500]
    target.save()


def _crawl(target: CrawlTarget) -> tuple[str, bytes] | str:
    client, agency, year = make_client(), target.agency, target.year
    try:
        found = discover(target.column_url, client, year)
        now = timezone.now()
        column_hash = next(
            (r.sha256 for r in client.records if r.url == found.final_url and r.status == 200), ""
        )
        _page(
            agency,
            WatchedPage.Kind.COLUMN,
            target.column_url,
            content_hash=column_hash,
            last_checked=now,
            answering=not found.error,
            **({"last_seen": now} if not found.error else {}),
        )
        if found.error:
            return _("年报栏目无法访问（%(why)s）：%(url)s") % {"why": found.error, "url": target.column_url}
        if not found.entries:
            _finding(
                WatchFinding.Kind.NOT_FOUND,
                agency,
                year,
                _("%(agency)s的年报栏目中没有找到%(year)s年度报告") % {"agency": agency.name, "year": year},
                details={"column": target.column_url, "family": found.family},
            )
            return _("年报栏目中没有找到%(year)s年度报告") % {"year": year}
        got = collect(found.entries[0], client)
        _record_collected(target, got)
        chosen = got.chosen
        if chosen is None:
            return _("报告页面未能读取：%(why)s") % {"why": got.error or _("没有报告内容")}
        return chosen.name, chosen.content
    finally:
        save_log(client, agency)
        client.close()


def _fetch_url(item: BatchItem) -> tuple[str, bytes] | str:
    """An item of a URL list: the report page (its tables or its attachment) or the file itself."""
    client = make_client()
    try:
        got = collect(Entry("", item.url, None), client)
        chosen = got.chosen
        if chosen is None:
            return _("网址未能抓取或读取：%(why)s") % {"why": got.error or _("没有报告内容")}
        return chosen.name, chosen.content
    finally:
        save_log(client)
        client.close()


def obtain(item: BatchItem) -> tuple[str, bytes] | str:
    """Fetch the content of an item that has a URL: ``(file name, bytes)``, or the reason it could not."""
    target = CrawlTarget.objects.select_related("agency").filter(item=item).first()
    got = _crawl(target) if target is not None else _fetch_url(item)
    if isinstance(got, tuple):
        content = got[1]
        digest = hashlib.sha256(content).hexdigest()
        # a crawl item is named after its agency until now: now after the document found too
        name = f"{target.agency.name}：{got[0]}"[:255] if target is not None else item.name
        BatchItem.objects.filter(pk=item.pk).update(
            content=content, size=len(content), sha256=digest, name=name
        )
        item.content, item.size, item.sha256, item.name = content, len(content), digest, name
    return got


def expected(item: BatchItem) -> tuple[Agency, int] | None:
    """The agency and year an item was fetched for (None: an uploaded file, nothing expected)."""
    if not item.url:  # (every crawl target's item has the URL it was fetched from)
        return None
    target = CrawlTarget.objects.select_related("agency").filter(item=item).first()
    return (target.agency, target.year) if target is not None else None


def disagreement(item: BatchItem, agency: Agency | None, year: int | None, name: str) -> str:
    """Why the report read does not match what the item was fetched for ("" when it does)."""
    wanted = expected(item)
    if wanted is None:
        return ""
    want_agency, want_year = wanted
    if year is not None and year != want_year:
        return _("抓取的是%(agency)s的%(want)s年度报告，读到的报告年度为%(year)s，请人工确认") % {
            "agency": want_agency.name,
            "want": want_year,
            "year": year,
        }
    if (agency is not None and agency.pk != want_agency.pk) or (agency is None and name):
        return _("报告所署机构“%(name)s”与年报栏目所属的%(agency)s不一致，请人工确认") % {
            "name": name,
            "agency": want_agency.name,
        }
    return ""


def deadline(agency: Agency, year: int) -> dt.date:
    month, day = rules_for([agency])[agency.pk].month_day
    return dt.date(year + 1, month, day)


def filed(item: BatchItem) -> None:
    """After an item was filed (in the filing's transaction): the watch's findings about it."""
    if not item.url:
        return
    target = CrawlTarget.objects.select_related("agency", "page").filter(item=item).first()
    if target is None or item.version is None:
        return
    version, agency, year = item.version, target.agency, target.year
    page = target.page
    if page is not None:
        WatchedPage.objects.filter(agency=agency, year=year, filed=True).exclude(pk=page.pk).update(
            filed=False
        )
        page.report, page.filed = version.report, True
        page.save(update_fields=["report", "filed"])
    if target.mode == CrawlTarget.Mode.CRAWL:
        if target.differences:
            _finding(
                WatchFinding.Kind.DIFFERS,
                agency,
                year,
                _("报告页面的表格与附件有 %(n)s 个单元格不同") % {"n": len(target.differences)},
                page=page,
                since=target.published,
                details={"cells": target.differences[:50]},
            )
        due = deadline(agency, year)
        seen = page.first_seen if page is not None else timezone.now()
        day, basis = (
            (target.published, _("页面所示发布日期"))
            if target.published
            else (timezone.localdate(seen), _("首次发现日期"))
        )
        if day > due:
            _finding(
                WatchFinding.Kind.LATE,
                agency,
                year,
                _("%(year)s年度报告于%(day)s发布（%(basis)s），晚于截止日期%(due)s，逾期%(n)s天")
                % {"year": year, "day": day, "basis": basis, "due": due, "n": (day - due).days},
                page=page,
                since=due,
                noticed=day,
                details={
                    "basis": "published" if target.published else "first_seen",
                    "deadline": due.isoformat(),
                },
            )
    elif item.status in (ItemStatus.READ, ItemStatus.READ_WITH_FINDINGS) and version.number > 1:
        previous = version.report.versions.filter(number=version.number - 1).first()
        first = (page.published if page is not None and page.published else None) or (
            timezone.localdate(previous.created_at) if previous is not None else None
        )
        today = timezone.localdate()
        _finding(
            WatchFinding.Kind.CHANGED,
            agency,
            year,
            _(
                "%(year)s年度报告发布（%(first)s）后被修改（%(today)s发现）："
                "第%(n)s版与第%(p)s版相比 %(k)s 个单元格不同"
            )
            % {
                "year": year,
                "first": first or "—",
                "today": today,
                "n": version.number,
                "p": version.number - 1,
                "k": version.changed_cells if version.changed_cells is not None else "?",
            },
            page=page,
            since=first,
            details={
                "from_version": version.number - 1,
                "to_version": version.number,
                "report": version.report_id,
            },
        )
