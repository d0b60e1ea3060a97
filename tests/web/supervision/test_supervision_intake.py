"""Batch intake end to end on the embedded queue (drained in the test's thread): real fixture reports in a
zip, read, checked, matched against the register and filed; the assignment queue; versions and duplicates;
one bad file never stops a batch."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from intake_files import REPORTS, fixture, make_zip

import gongkai
from gongkai_web.agencies.models import Agency, AuditEntry, User
from gongkai_web.supervision import embedded
from gongkai_web.supervision.models import AgencyAlias, Batch, BatchItem, CollectedReport, ItemStatus
from gongkai_web.supervision.services.intake import create_batch
from gongkai_web.supervision.services.processing import process_item

pytestmark = pytest.mark.django_db


def _login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, files: list[tuple[str, bytes]], **extra: Any) -> Batch:
    from django.core.files.uploadedfile import SimpleUploadedFile

    payload = {"files": [SimpleUploadedFile(n, d) for n, d in files], "name": "一月收集", **extra}
    response = client.post(reverse("supervision:index"), payload, follow=False)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Batch.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def _items(batch: Batch) -> dict[str, BatchItem]:
    return {i.name.rsplit("/", 1)[-1]: i for i in batch.items.all()}


def test_a_zip_of_real_reports_is_read_checked_matched_and_filed(
    chief: User, region: dict[str, Agency]
) -> None:
    members = [
        fixture("2019-pingtan-finance-page.html"),
        fixture("2020-pingtan-finance-crawled.txt"),
        fixture("2021-pingtan-social-crawled.txt"),
        fixture("2024-pingtan-page.html"),  # 平潭综合实验区: not the registered name → a person decides
        ("broken.pdf", b"%PDF-1.4 this is not a report"),
        ("inner.zip", make_zip([fixture("2021-pingtan-crawled.txt")])),
        ("../escape.txt", b"x"),
    ]
    client = _login(chief)
    batch = _upload(client, [("reports.zip", make_zip(members))])
    assert batch.source == Batch.Source.ZIP and batch.queue == "embedded"
    assert set(batch.items.values_list("status", flat=True)) == {ItemStatus.QUEUED, ItemStatus.REFUSED}
    embedded.drain()

    items = _items(batch)
    assert items["inner.zip"].status == ItemStatus.REFUSED and "压缩包内的压缩包" in items["inner.zip"].reason
    assert items["escape.txt"].status == ItemStatus.REFUSED and "路径不安全" in items["escape.txt"].reason
    assert items["broken.pdf"].status == ItemStatus.REFUSED and items["broken.pdf"].reason
    finance = items["2019-pingtan-finance-page.html"]
    assert finance.status in (ItemStatus.READ, ItemStatus.READ_WITH_FINDINGS)
    assert finance.version.report.agency == region["finance"] and finance.version.report.year == 2019
    assert finance.match_score == 1.0 and finance.sha256 and finance.size > 0
    assert items["2020-pingtan-finance-crawled.txt"].version.report.year == 2020
    assert items["2021-pingtan-social-crawled.txt"].version.report.agency == region["social"]
    waiting = items["2024-pingtan-page.html"]
    assert waiting.status == ItemStatus.NEEDS_ASSIGNMENT and waiting.version is None
    assert waiting.agency_name == "平潭综合实验区" and waiting.year == 2024
    assert (
        waiting.candidates[0]["name"] == "平潭综合实验区管理委员会"
        and 0 < waiting.candidates[0]["score"] < 0.9
    )
    assert "匹配度" in waiting.reason
    assert CollectedReport.objects.filter(agency=region["city"]).count() == 0  # never filed on a guess

    page = client.get(reverse("supervision:batch", args=[batch.pk])).content.decode()
    assert "未能读取" in page and "待人工归属" in page and "压缩包内的压缩包不予展开" in page
    progress = client.get(reverse("supervision:progress", args=[batch.pk])).json()
    assert progress == progress | {"total": 7, "done": 7, "failed": 3, "waiting": 1, "finished": True}

    # the person assigns it; the printed name becomes an alias, so the next one is filed alone
    queue_page = client.get(reverse("supervision:assign_queue")).content.decode()
    assert "2024-pingtan-page.html" in queue_page and "平潭综合实验区管理委员会（" in queue_page
    response = client.post(
        reverse("supervision:assign", args=[waiting.pk]),
        {f"i{waiting.pk}-agency": region["city"].pk, f"i{waiting.pk}-year": ""},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status in (ItemStatus.READ, ItemStatus.READ_WITH_FINDINGS)
    assert waiting.version.report.agency == region["city"] and waiting.version.report.year == 2024
    assert AgencyAlias.objects.get(name="平潭综合实验区").agency == region["city"]
    assert AuditEntry.objects.filter(action="intake_assign", actor=chief).count() == 1

    second = _upload(client, [fixture("2025-pingtan-page.html")])
    embedded.drain()
    item = second.items.get()
    assert item.status in (ItemStatus.READ, ItemStatus.READ_WITH_FINDINGS)
    assert item.version.report.agency == region["city"] and item.match_score == 1.0


def test_same_content_is_one_version_and_a_changed_report_is_a_new_version_with_its_diff(
    chief: User, region: dict[str, Agency]
) -> None:
    name, data = fixture("2019-pingtan-finance-page.html")
    report = gongkai.read_bytes(data, name=name).report
    first = report.to_json_dict()
    report.set("requests.received.total", (report.get("requests.received.total") or 0) + 7)
    changed = gongkai.render_report(report, "docx")
    batch = create_batch(chief, files=[(name, data), ("copy.html", data), ("corrected.docx", changed)])
    embedded.drain()
    items = _items(batch)
    assert items[name].version.number == 1
    assert items["copy.html"].status == ItemStatus.DUPLICATE
    assert items["copy.html"].version == items[name].version and "内容相同" in items["copy.html"].reason
    corrected = items["corrected.docx"]
    assert corrected.version.number == 2 and corrected.version.report == items[name].version.report
    assert corrected.version.changed_cells == 1 and "1 个单元格不同" in corrected.reason
    assert first["requests"] != corrected.version.data["requests"]
    page = (
        _login(chief).get(reverse("supervision:report", args=[corrected.version.report_id])).content.decode()
    )
    assert "第2版与第1版的不同" in page and "本年新收" in page


@pytest.mark.parametrize("flush", [0.0, 3600.0], ids=["each-alone", "all-together"])
def test_items_filed_together_or_one_by_one_give_the_same_versions(
    chief: User, region: dict[str, Agency], monkeypatch: pytest.MonkeyPatch, flush: float
) -> None:
    """A worker files what it read every FLUSH_SECONDS: an item filed with others is numbered, diffed and
    taken for a duplicate against the versions filed before it in the same transaction, as when alone; the
    report's summary, its indicator row and its cells follow its newest version."""
    from gongkai_web.analysis.models import IndicatorRow
    from gongkai_web.summaries.models import VersionCell
    from gongkai_web.supervision.services import processing

    monkeypatch.setattr(processing, "FLUSH_SECONDS", flush)
    if not flush:  # and each file taken from the database alone
        monkeypatch.setattr(processing, "CONTENT_BYTES", 1)
    name, data = fixture("2019-pingtan-finance-page.html")
    report = gongkai.read_bytes(data, name=name).report
    report.set("requests.received.total", (report.get("requests.received.total") or 0) + 7)
    changed = gongkai.render_report(report, "docx")
    files = [(name, data), ("corrected.docx", changed), ("copy.html", data), ("again.docx", changed)]
    batch = create_batch(chief, files=files)
    ids = list(batch.items.order_by("pk").values_list("pk", flat=True))
    outcome = processing.process_items(ids, "w:1")
    items = _items(batch)
    assert [outcome[i.pk] for i in (items[n] for n, _d in files)] == [
        str(items[name].status),
        str(items["corrected.docx"].status),
        "duplicate",
        "duplicate",
    ]
    first, second = items[name].version, items["corrected.docx"].version
    assert (first.number, second.number, second.changed_cells) == (1, 2, 1)
    assert items["copy.html"].version == first and items["again.docx"].version == second
    assert "与第1版相比 1 个单元格不同" in items["corrected.docx"].reason
    assert "第2版内容相同" in items["again.docx"].reason
    collected = second.report
    assert (collected.latest, collected.version_count) == (second, 2)
    assert IndicatorRow.objects.get(report=collected).version == second
    assert (
        VersionCell.objects.filter(version=first).count()
        == VersionCell.objects.filter(version=second).count()
        > 100
    )
    assert all(i.data is None and i.checks == [] for i in items.values())  # the versions keep them
    assert processing.process_items(ids, "w:2") == dict.fromkeys(ids, "skipped")


def test_a_version_filed_elsewhere_is_read_back_to_compare_the_next_with(
    chief: User, region: dict[str, Agency]
) -> None:
    """A worker compares a new version with the one before from memory when it filed that one itself, and
    reads it from the database when another worker (or an earlier run) did: the same difference either way."""
    from gongkai_web.supervision.services import filing, processing

    def file(name: str, data: bytes) -> BatchItem:
        batch = create_batch(chief, files=[(name, data)])
        processing.process_items(list(batch.items.values_list("pk", flat=True)), "w:1")
        return batch.items.get()

    name, data = fixture("2019-pingtan-finance-page.html")
    report = gongkai.read_bytes(data, name=name).report
    assert file(name, data).version.number == 1
    filing._RECENT.clear()  # version 1 was filed by another worker
    report.set("requests.received.total", (report.get("requests.received.total") or 0) + 7)
    second = file("corrected.docx", gongkai.render_report(report, "docx")).version
    report.set("requests.received.natural_person", (report.get("requests.received.natural_person") or 0) + 5)
    report.set("requests.carried_over.total", (report.get("requests.carried_over.total") or 0) + 5)
    third = file("again.docx", gongkai.render_report(report, "docx")).version
    assert (second.number, second.changed_cells, third.number, third.changed_cells) == (2, 1, 3, 2)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in REPORTS.glob("*/*") if p.suffix in {".html", ".txt", ".pdf"})
)
def test_the_content_hash_of_a_read_report_is_that_of_the_report_it_names(name: str) -> None:
    """Filing hashes a report's JSON form as it is (not validated again): that must be the hash of the report
    without its source — as read, and as the database gives it back."""
    import json

    from gongkai_web.reports.services.versions import content_hash
    from gongkai_web.supervision.services.filing import report_hash

    as_read = gongkai.read_bytes(fixture(name)[1], name=name).report.to_json_dict(with_cells=True)
    expected = content_hash(
        gongkai.report_from_dict({k: v for k, v in as_read.items() if k != "source"}, cells=False)
    )
    assert report_hash(as_read) == expected
    assert report_hash(json.loads(json.dumps(as_read))) == expected


def test_a_redelivered_task_files_once(chief: User, region: dict[str, Agency]) -> None:
    batch = create_batch(chief, files=[fixture("2020-pingtan-finance-crawled.txt")])
    item = batch.items.get()
    # a worker took it and died before finishing: it stays 'processing' and the broker delivers it again
    BatchItem.objects.filter(pk=item.pk).update(status=ItemStatus.PROCESSING, attempts=1, claimed_by="dead:1")
    assert process_item(item.pk, "second:2") in (ItemStatus.READ, ItemStatus.READ_WITH_FINDINGS)
    assert process_item(item.pk, "third:3") == "skipped"
    item.refresh_from_db()
    assert item.attempts == 2 and item.claimed_by == "second:2"
    assert CollectedReport.objects.get().versions.count() == 1


def test_a_csv_of_urls_is_queued_to_be_fetched(chief: User) -> None:
    urls = "机构,网址\n某局,https://www.example.gov.cn/zfxxgknb/2024.html\n某局,https://www.example.gov.cn/zfxxgknb/2024.html\n"
    batch = create_batch(chief, url_list=urls.encode("gbk"))
    item = batch.items.get()
    assert batch.source == Batch.Source.URLS
    # queued, not fetched here: the queue fetches it (tests/web/watch fetch such items from loopback sites)
    assert item.status == ItemStatus.QUEUED and item.content is None and item.url.endswith("2024.html")


def test_the_outcomes_export_as_csv_and_xlsx(chief: User, region: dict[str, Agency]) -> None:
    batch = create_batch(chief, files=[fixture("2019-pingtan-finance-page.html"), ("empty.txt", b"  ")])
    embedded.drain()
    client = _login(chief)
    text = client.get(reverse("supervision:export", args=[batch.pk, "csv"])).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_name = {r["文件名"]: r for r in rows}
    assert by_name["empty.txt"]["状态"] == "未能读取" and by_name["empty.txt"]["说明"]
    assert by_name["2019-pingtan-finance-page.html"]["归入机构"] == "平潭综合实验区财政金融局"
    xlsx = client.get(reverse("supervision:export", args=[batch.pk, "xlsx"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "文件名" and len(values) == 3


def test_the_outcomes_export_writes_a_file_name_that_looks_like_a_formula_as_text(chief: User) -> None:
    hostile = "=cmd|' /C calc'!A0.txt"
    batch = create_batch(chief, files=[(hostile, b"  ")])
    embedded.drain()
    client = _login(chief)
    text = client.get(reverse("supervision:export", args=[batch.pk, "csv"])).content.decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["文件名"] == "'" + hostile and row["大小（字节）"] == "2"
    xlsx = client.get(reverse("supervision:export", args=[batch.pk, "xlsx"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    name, size = sheet["A2"], sheet["B2"]
    assert (name.value, name.data_type) == ("'" + hostile, "s") and size.value == 2


def test_only_supervisors_of_the_region_see_a_batch(
    chief: User, outsider: User, region: dict[str, Agency], staff: dict[str, User]
) -> None:
    batch = create_batch(chief, files=[fixture("2024-pingtan-page.html")])
    embedded.drain()
    item = batch.items.get()
    assert item.status == ItemStatus.NEEDS_ASSIGNMENT
    other = _login(outsider)
    for url in (
        reverse("supervision:batch", args=[batch.pk]),
        reverse("supervision:progress", args=[batch.pk]),
        reverse("supervision:export", args=[batch.pk, "csv"]),
    ):
        assert other.get(url).status_code == 403
    assert "2024-pingtan-page.html" not in other.get(reverse("supervision:assign_queue")).content.decode()
    assert other.post(reverse("supervision:assign", args=[item.pk]), {}).status_code == 403
    # the region's own supervisor cannot file it under an agency outside the region
    client = _login(chief)
    client.post(reverse("supervision:assign", args=[item.pk]), {f"i{item.pk}-agency": region["other"].pk})
    item.refresh_from_db()
    assert item.status == ItemStatus.NEEDS_ASSIGNMENT
    # other roles have no intake at all
    for role in ("registrar", "handler", "approver", "admin"):
        assert _login(staff[role]).get(reverse("supervision:index")).status_code == 403
