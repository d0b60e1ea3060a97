"""Discovery and collection on recorded sites of each CMS family (served on loopback)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.fetch import FetchConfig, PoliteClient, collect, discover, is_report_title, title_year
from recorded_sites import FAMILIES, Published, build, missing_site, serve

FAST = FetchConfig(per_host_interval=0.0, backoff=0.01, timeout=5.0)
AGENCY = "平潭综合实验区财政金融局"


@pytest.mark.parametrize("family", FAMILIES)
def test_discover_finds_the_years_report_across_pages(family: str) -> None:
    site = build(family, Published(AGENCY, where="page"))
    with serve([site]), PoliteClient(FAST) as client:
        found = discover(site.column_url, client, 2024)
        everything = discover(site.column_url, client)
    assert found.family == family
    assert [e.title for e in found.entries] == [f"{AGENCY}2024年政府信息公开工作年度报告"]
    assert found.entries[0].published == date(2025, 1, 20)
    # every year's report is listed, the notice and the reading guide are not; 二〇二二 is read as 2022
    assert sorted(e.year for e in everything.entries) == [2020, 2021, 2022, 2023, 2024]
    assert not any("通知" in e.title or "解读" in e.title for e in everything.entries)


def test_trs_reads_every_page_the_script_counts() -> None:
    site = build("trs", Published(AGENCY))
    with serve([site]), PoliteClient(FAST) as client:
        discover(site.column_url, client)
    listing = sorted(p for m, p, _ua in site.hits if "index" in p)
    assert listing == [
        "/zfxxgk/zfxxgknb/index.html",
        "/zfxxgk/zfxxgknb/index_1.html",
        "/zfxxgk/zfxxgknb/index_2.html",
    ]


def test_hanweb_asks_the_data_proxy_for_the_records_not_inline() -> None:
    site = build("hanweb", Published(AGENCY))
    with serve([site]), PoliteClient(FAST) as client:
        found = discover(site.column_url, client, 2024)
    posts = [p for m, p, _ua in site.hits if m == "POST"]
    assert posts and all(p.startswith("/module/web/jpage/dataproxy.jsp?startrecord=3") for p in posts[:1])
    assert len(found.entries) == 1


def test_gbk_site_behind_a_script_redirect_is_read() -> None:
    site = build("links", Published(AGENCY, where="page"))
    with serve([site]), PoliteClient(FAST) as client:
        found = discover(site.column_url, client, 2024)
        got = collect(found.entries[0], client)
    assert found.final_url.endswith("/gknb/list.html")  # the shell at /gknb/ sent us on
    assert got.chosen is not None and got.chosen.result is not None
    assert got.chosen.result.report.agency == AGENCY
    assert got.published == date(2025, 1, 20)


@pytest.mark.parametrize("where", ["page", "attachment", "both"])
def test_collect_reads_the_report_where_it_is(where: str) -> None:
    site = build("trs", Published(AGENCY, where=where))
    with serve([site]), PoliteClient(FAST) as client:
        entry = discover(site.column_url, client, 2024).entries[0]
        got = collect(entry, client)
    kinds = sorted(d.kind for d in got.documents)
    assert kinds == {"page": ["page"], "attachment": ["attachment"], "both": ["attachment", "page"]}[where]
    assert got.chosen is not None and got.chosen.result is not None
    assert got.chosen.result.report.year == 2024
    assert got.differences == []


def test_page_and_attachment_that_differ_are_a_difference() -> None:
    site = build("gkmlpt", Published(AGENCY, where="both", differ=True))
    with serve([site]), PoliteClient(FAST) as client:
        got = collect(discover(site.column_url, client, 2024).entries[0], client)
    assert "requests.received.natural_person" in got.differences
    assert got.chosen is not None and got.chosen.kind == "attachment"


def test_a_missing_column_is_an_error_not_an_exception() -> None:
    site = missing_site()
    with serve([site]), PoliteClient(FAST) as client:
        found = discover(site.column_url, client, 2024)
    assert found.entries == [] and found.error == "HTTP 404"


@pytest.mark.parametrize(
    ("title", "year", "report"),
    [
        ("平潭综合实验区2024年政府信息公开工作年度报告", 2024, True),
        ("某某局2023年度政府信息公开年报", 2023, True),
        ("某某局二〇二二年政府信息公开工作年度报告", 2022, True),
        ("某某局二零一九年度政府信息公开工作年度报告", 2019, True),
        ("某某局２０２１年政府信息公开工作年度报告", 2021, True),
        ("关于报送2024年政府信息公开工作年度报告的通知", 2024, False),
        ("《2024年政府信息公开工作年度报告》解读", 2024, False),
        ("2024年部门预算", 2024, False),
    ],
)
def test_titles(title: str, year: int, report: bool) -> None:
    assert title_year(title) == year
    assert is_report_title(title) is report


def test_a_real_trs_article_page_gives_its_title_date_and_report() -> None:
    from pathlib import Path

    from gongkai.fetch.pages import Page
    from gongkai.fetch.reports import published_date

    path = Path(__file__).parents[1] / "fixtures" / "reports" / "2019" / "2019-pingtan-page.html"
    page = Page.parse(
        "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm", path.read_text("utf-8")
    )
    assert page.title() == "平潭综合实验区2019年度政府信息公开工作年度报告"
    assert is_report_title(page.title()) and title_year(page.title()) == 2019
    assert published_date(page) == date(2020, 1, 20)
    assert page.table_count() >= 3  # the report is the page's own tables


def test_xlsx_and_real_pdf_attachments_are_read() -> None:
    from pathlib import Path

    from recorded_sites import Site, article_page

    site = build("trs", Published(AGENCY, where="attachment", attachment_format="xlsx"))
    pdf = Path(__file__).parents[1] / "fixtures" / "reports" / "2021" / "2023-hongze-district.pdf"
    real = Site("hongze")
    real.put("/att/P020240131.pdf", pdf.read_bytes(), "application/pdf")
    real.put(
        "/art/2024/1/31/art_1_1.html",
        article_page(
            "洪泽区2023年政府信息公开工作年度报告",
            "2024-01-31",
            "<p>详见附件。</p>",
            [("/att/P020240131.pdf", "年度报告.pdf")],
        ),
    )
    with serve([site, real]), PoliteClient(FAST) as client:
        xlsx = collect(discover(site.column_url, client, 2024).entries[0], client)
        from gongkai.fetch import Entry

        from_pdf = collect(
            Entry("洪泽区2023年政府信息公开工作年度报告", real.url("/art/2024/1/31/art_1_1.html"), 2023),
            client,
        )
    assert xlsx.chosen is not None and xlsx.chosen.name.endswith(".xlsx") and xlsx.chosen.result is not None
    assert from_pdf.chosen is not None and from_pdf.chosen.result is not None
    assert from_pdf.chosen.result.report.year == 2023 and from_pdf.published == date(2024, 1, 31)
