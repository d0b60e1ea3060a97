"""A whole recorded region: discovery → fetch → read → check → filing → watch page, then the watch over time
(a report changed after publication, a page gone, a report that appears late)."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai_web.agencies.models import Agency, User
from gongkai_web.supervision import embedded
from gongkai_web.supervision.models import BatchItem, CollectedReport, ItemStatus
from gongkai_web.watch.models import CrawlTarget, FetchLog, WatchedPage, WatchFinding
from gongkai_web.watch.services.crawl import start_crawl
from gongkai_web.watch.services.watching import run_watch
from recorded_sites import Published, Site, build_trs, put_article
from web.watch.conftest import CITY, EDUCATION, FINANCE, HEALTH, SOCIAL, TRANSPORT


def _crawl(chief: User) -> dict[str, BatchItem]:
    batch = start_crawl(chief, 2024)
    embedded.drain()
    return {item.name.split("：")[0]: item for item in batch.items.all()}


def _findings(kind: str) -> dict[str, WatchFinding]:
    return {f.agency.name: f for f in WatchFinding.objects.filter(kind=kind).select_related("agency")}


def test_a_region_is_discovered_fetched_read_checked_and_filed(
    chief: User, region: dict[str, Agency], sites: dict[str, Site]
) -> None:
    items = _crawl(chief)
    assert set(items) == {CITY, FINANCE, SOCIAL, TRANSPORT, EDUCATION, HEALTH}  # not the archive: no column
    for name in (CITY, FINANCE, SOCIAL, TRANSPORT):
        item = items[name]
        assert item.status in (ItemStatus.READ, ItemStatus.READ_WITH_FINDINGS), (name, item.reason)
        assert item.version is not None and item.version.report.agency == region[name]
        assert item.year == 2024 and item.sha256 and item.content
    assert CollectedReport.objects.filter(year=2024).count() == 4
    # a 404 column is refused with its reason; a report signed by another agency waits for a person
    assert items[EDUCATION].status == ItemStatus.REFUSED and "HTTP 404" in items[EDUCATION].reason
    assert items[HEALTH].status == ItemStatus.NEEDS_ASSIGNMENT
    assert FINANCE in items[HEALTH].reason and HEALTH in items[HEALTH].reason
    # the attachment is what was filed where there is one; the page where there is none
    filed = {p.agency.name: p.kind for p in WatchedPage.objects.filter(filed=True).select_related("agency")}
    assert filed == {CITY: "page", FINANCE: "attachment", SOCIAL: "attachment", TRANSPORT: "page"}
    # findings: the social bureau's page and attachment differ; the transport bureau published after 31 January
    differs = _findings(WatchFinding.Kind.DIFFERS)
    assert set(differs) == {SOCIAL} and "requests.received.natural_person" in differs[SOCIAL].details["cells"]
    late = _findings(WatchFinding.Kind.LATE)
    assert set(late) == {TRANSPORT}
    assert late[TRANSPORT].since == dt.date(2025, 1, 31) and late[TRANSPORT].noticed == dt.date(2025, 2, 15)
    assert late[TRANSPORT].details["basis"] == "published" and "逾期15天" in late[TRANSPORT].message
    # every request is logged with its status, size and hash
    logged = FetchLog.objects.filter(agency=region[FINANCE])
    assert logged.filter(url__contains="dataproxy.jsp", status=200).exists()
    assert all(len(r.sha256) == 64 for r in logged.filter(status=200))
    # the supervisor sees it all on the watch page, with filters
    client = Client()
    client.force_login(chief)
    page = client.get(reverse("watch:index")).content.decode()
    assert "页面与附件不一致" in page and "逾期发布" in page and TRANSPORT in page
    only_late = client.get(reverse("watch:index"), {"kind": "late"}).content.decode()
    assert "逾期15天" in only_late and "个单元格不同" not in only_late


def test_the_watch_finds_changes_gone_pages_and_late_reports(
    chief: User, region: dict[str, Agency], sites: dict[str, Site]
) -> None:
    _crawl(chief)
    quiet = run_watch()
    assert (quiet.changed, quiet.gone, quiet.searched) == (
        0,
        0,
        0,
    ) and quiet.checked == WatchedPage.objects.count()
    # the city changes its published report's numbers; the finance bureau's attachment disappears
    trs = sites[CITY]
    article = next(p for p in trs.routes if "/t2025" in p)
    changed = Published(CITY, where="page", index=7, published="2025-03-20")
    put_article(trs, article, changed, "/zfxxgk/zfxxgknb/202503/")
    attachment = WatchedPage.objects.get(agency=region[FINANCE], kind="attachment")
    sites[FINANCE].remove(attachment.url.split(str(sites[FINANCE].port), 1)[1])
    run = run_watch()
    assert (run.changed, run.gone) == (1, 1)
    embedded.drain()
    report = CollectedReport.objects.get(agency=region[CITY], year=2024)
    assert list(report.versions.values_list("number", flat=True)) == [2, 1]
    found = _findings(WatchFinding.Kind.CHANGED)[CITY]
    assert found.since == dt.date(2025, 3, 20) and found.details == {
        "from_version": 1,
        "to_version": 2,
        "report": report.pk,
    }
    assert "第2版与第1版相比" in found.message
    gone = _findings(WatchFinding.Kind.GONE)[FINANCE]
    assert (
        gone.since == timezone.localdate(attachment.last_seen)
        and gone.resolved_at is None
        and "HTTP 404" in gone.message
    )
    # found once: a second run repeats neither
    again = run_watch()
    assert (again.changed, again.gone) == (0, 0)
    assert WatchFinding.objects.filter(kind__in=["changed", "gone"]).count() == 2


def test_a_report_appearing_after_the_deadline_is_late_by_its_first_seen_date(
    chief: User, region: dict[str, Agency], sites: dict[str, Site]
) -> None:
    # the education bureau's column answers at last, with no 2024 report yet
    education = sites[EDUCATION]
    later = build_trs(Published(EDUCATION, where="page", index=9, dated=False))
    education.routes.update({p: r for p, r in later.routes.items() if "index" in p and "index.html" in p})
    listing = education.routes["/zfxxgk/zfxxgknb/index.html"]
    education.put(
        "/zfxxgk/zfxxgknb/index.html",
        b'<html><head><meta charset="utf-8"></head><body><ul></ul></body></html>',
    )
    _crawl(chief)
    assert set(_findings(WatchFinding.Kind.NOT_FOUND)) == {EDUCATION}
    # then the report appears (no date on the listing or the page)
    education.routes.update(later.routes)
    education.routes["/zfxxgk/zfxxgknb/index.html"] = listing
    run = run_watch()
    assert run.searched == 1
    embedded.drain()
    late = _findings(WatchFinding.Kind.LATE)[EDUCATION]
    page = WatchedPage.objects.get(agency=region[EDUCATION], kind="page")
    assert late.details["basis"] == "first_seen" and late.noticed == timezone.localdate(page.first_seen)
    assert "首次发现日期" in late.message
    assert CrawlTarget.objects.filter(agency=region[EDUCATION], mode="crawl").count() == 2


def test_a_csv_of_report_urls_is_fetched_and_read(
    chief: User, region: dict[str, Agency], sites: dict[str, Site]
) -> None:
    from gongkai_web.supervision.services.intake import create_batch

    hanweb = sites[FINANCE]
    article = next(p for p in hanweb.routes if p.startswith("/art/2025"))
    urls = f"机构,网址\n财政金融局,{hanweb.url(article)}\n某局,{hanweb.url('/nothing.html')}\n"
    batch = create_batch(chief, url_list=urls.encode("gbk"))
    embedded.drain()
    items = {i.url: i for i in batch.items.all()}
    assert items[hanweb.url(article)].status in (ItemStatus.READ, ItemStatus.READ_WITH_FINDINGS)
    assert items[hanweb.url(article)].agency_name == FINANCE
    assert items[hanweb.url("/nothing.html")].status == ItemStatus.REFUSED
    assert "HTTP 404" in items[hanweb.url("/nothing.html")].reason
