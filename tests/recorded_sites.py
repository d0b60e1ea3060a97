"""Recorded agency websites for the fetch and watch tests and ``bench/watch.py``: the fixture reports laid out
as the CMS families of spec ``supervision.md`` §5 publish them, served from loopback servers (one port per
site, so each is its own host to the polite client).

- TRS: ``/zfxxgk/zfxxgknb/index.html``, ``index_1.html``… with ``createPageHTML(N, …)``; articles
  ``YYYYMM/tYYYYMMDD_<id>.html`` with ``<meta name="ArticleTitle|PubDate">``;
- Hanweb JCMS: ``/col/col<ID>/index.html`` with the first records inline as ``<datastore>`` XML, the rest from
  ``POST /module/web/jpage/dataproxy.jsp``;
- gkmlpt: ``/gkmlpt/index#<category>``, entries from ``/gkmlpt/api/all/<category>?page=&sid=`` (JSON);
- a plain link list in GBK behind a JavaScript redirect shell, with a 下一页 link.

A report is on its page (the page's own tables, rendered from the hand-checked fixture JSON), in an
attachment (DOCX/XLSX) linked from it, or both; a site can serve a changed page, a 404, latency.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import gongkai
from report_corpus import vary

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"
BASE_2024 = REPORTS / "2021" / "2024-pingtan-page.expected.json"
HTML = "text/html; charset=utf-8"
FAMILIES = ("trs", "hanweb", "gkmlpt", "links")


@dataclass
class Resource:
    body: bytes
    content_type: str = HTML
    status: int = 200


Handler = Callable[[str, bytes], Resource]


@dataclass
class Site:
    """One website: its routes (path, or path?query, → resource or handler) and the requests it saw."""

    name: str
    latency: float = 0.0
    routes: dict[str, Resource | Handler] = field(default_factory=dict)
    hits: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, User-Agent
    port: int = 0
    column_path: str = "/"

    def put(self, path: str, body: bytes | str, content_type: str = HTML, status: int = 200) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Resource(data, content_type, status)

    def remove(self, path: str) -> None:
        self.routes.pop(path, None)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def column_url(self) -> str:
        return self.url(self.column_path)

    def answer(self, method: str, target: str, body: bytes) -> Resource:
        path = urlsplit(target).path
        route = self.routes.get(target) or self.routes.get(path)
        if route is None:
            return Resource("<html><body><h1>404 页面不存在</h1></body></html>".encode(), HTML, 404)
        return route(target, body) if callable(route) else route


def _handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            site.hits.append((method, self.path, self.headers.get("User-Agent", "")))
            if site.latency:
                time.sleep(site.latency)
            got = site.answer(method, self.path, body)
            self.send_response(got.status)
            self.send_header("Content-Type", got.content_type)
            self.send_header("Content-Length", str(len(got.body)))
            self.end_headers()
            self.wfile.write(got.body)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve(sites: list[Site]) -> Iterator[list[Site]]:
    """Serve each site on its own loopback port for the duration of the block."""
    servers = []
    for site in sites:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(site))
        server.daemon_threads = True
        site.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield sites
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


# -- the reports ------------------------------------------------------------------------------------------


def report_2024(agency: str, i: int = 0) -> gongkai.Report:
    """A valid 2024 report of ``agency`` (the hand-checked fixture, numbers varied by ``i``)."""
    return vary(json.loads(BASE_2024.read_text(encoding="utf-8")), i, agency)


def tables_html(report: gongkai.Report) -> str:
    """The body of the report rendered as HTML (its heading and tables), to embed in an article page."""
    html = gongkai.render_report(report, "html").decode("utf-8")
    return html[html.index("<body") : html.rindex("</body>")].split(">", 1)[1]


def article_page(title: str, published: str, body: str, attachments: list[tuple[str, str]] = ()) -> str:  # type: ignore[assignment]
    links = "".join(f'<p>附件：<a href="{href}">{text}</a></p>' for href, text in attachments)
    date = f'<meta name="PubDate" content="{published} 09:30">' if published else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta name="ArticleTitle" content="{title}">{date}'
        f"<title>{title}_政府信息公开年报</title></head><body>"
        f"<div class='article'>{body}{links}</div><div class='footer'>网站标识码 3500000000</div></body></html>"
    )


@dataclass
class Published:
    """An agency's report as its site publishes it: where (``page``, ``attachment``, ``both``), and, for
    ``both``, whether the attachment says something else than the page (``differ``)."""

    agency: str
    year: int = 2024
    where: str = "page"
    differ: bool = False
    published: str = "2025-01-20"
    index: int = 0
    attachment_format: str = "docx"
    dated: bool = True  # False: neither the listing nor the page gives a date

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"


def _fillers(agency: str) -> list[tuple[str, str]]:
    """Entries every 年报 column also lists: other years' reports and notices (title, date)."""
    return [
        (f"{agency}2023年政府信息公开工作年度报告", "2024-01-25"),
        ("关于报送2024年政府信息公开工作年度报告的通知", "2024-12-10"),
        (f"{agency}二〇二二年政府信息公开工作年度报告", "2023-01-18"),
        ("《2024年政府信息公开工作年度报告》解读", "2025-01-21"),
        (f"{agency}2021年政府信息公开工作年度报告", "2022-01-20"),
        (f"{agency}2020年政府信息公开工作年度报告", "2021-01-22"),
    ]


def put_article(site: Site, path: str, pub: Published, attachment_dir: str) -> None:
    """The report's article page at ``path`` (and its attachment), as ``pub`` says."""
    report = report_2024(pub.agency, pub.index)
    body = f"<h1>{pub.title}</h1>" + (f"<p>发布日期：{pub.published}</p>" if pub.dated else "")
    attachments: list[tuple[str, str]] = []
    if pub.where in ("page", "both"):
        body = tables_html(report)
    if pub.where in ("attachment", "both"):
        attached = report_2024(pub.agency, pub.index + 1) if pub.differ else report
        fmt = pub.attachment_format
        href = f"{attachment_dir}P0{pub.published.replace('-', '')}_{pub.index}.{fmt}"
        site.put(href, gongkai.render_report(attached, fmt), "application/octet-stream")
        attachments.append((href, f"{pub.title}.{fmt}"))
    site.put(path, article_page(pub.title, pub.published if pub.dated else "", body, attachments))


def _li(href: str, title: str, day: str) -> str:
    return f'<li><a href="{href}" title="{title}">{title}</a><span>{day}</span></li>'


def build_trs(pub: Published, per_page: int = 3, latency: float = 0.0) -> Site:
    site = Site(f"trs:{pub.agency}", latency, column_path="/zfxxgk/zfxxgknb/index.html")
    stamp = pub.published.replace("-", "")
    article = f"/zfxxgk/zfxxgknb/{stamp[:6]}/t{stamp}_{1000 + pub.index}.html"
    entries = [(f"./{f'x{i}/t_{i}.html'}", t, d) for i, (t, d) in enumerate(_fillers(pub.agency))]
    day = pub.published if pub.dated else ""
    entries.insert(per_page + 1, (f".{article.removeprefix('/zfxxgk/zfxxgknb')}", pub.title, day))
    pages = [entries[i : i + per_page] for i in range(0, len(entries), per_page)]
    for n, chunk in enumerate(pages):
        items = "".join(_li(href, title, day) for href, title, day in chunk)
        script = f'<script>createPageHTML({len(pages)}, {n}, "index", "html");</script>'
        name = "index.html" if n == 0 else f"index_{n}.html"
        site.put(
            f"/zfxxgk/zfxxgknb/{name}",
            f'<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head>'
            f'<body><ul class="list">{items}</ul><div class="page">{script}</div></body></html>',
        )
    put_article(site, article, pub, f"/zfxxgk/zfxxgknb/{stamp[:6]}/")
    return site


def build_hanweb(pub: Published, per_page: int = 2, latency: float = 0.0) -> Site:
    column = 1400 + pub.index
    site = Site(f"hanweb:{pub.agency}", latency, column_path=f"/col/col{column}/index.html")
    y, m, d = (int(p) for p in pub.published.split("-"))
    article = f"/art/{y}/{m}/{d}/art_{column}_{5000 + pub.index}.html"
    records = [_li(f"/art/x/{i}.html", t, day) for i, (t, day) in enumerate(_fillers(pub.agency))]
    records.insert(per_page + 1, _li(article, pub.title, pub.published))

    def xml(chunk: list[str]) -> str:
        cdata = "".join(f"<record><![CDATA[{r}]]></record>" for r in chunk)
        return (
            f"<datastore><totalrecord>{len(records)}</totalrecord><recordset>{cdata}</recordset></datastore>"
        )

    site.put(
        site.column_path,
        '<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
        f'<div id="{column}"><script type="text/xml">{xml(records[:per_page])}</script>'
        "<script>var jp = new Jpage({dataproxy: '/module/web/jpage/dataproxy.jsp', "
        f"columnid: {column}, unitid: 77{pub.index}, webid: 3, totalRecord: {len(records)}, "
        f"perPage: {per_page}}});</script></div></body></html>",
    )

    def proxy(target: str, body: bytes) -> Resource:
        query, form = parse_qs(urlsplit(target).query), parse_qs(body.decode())
        if form.get("columnid") != [str(column)]:
            return Resource(b"<datastore></datastore>", "text/xml; charset=utf-8")
        start, end = int(query["startrecord"][0]), int(query["endrecord"][0])
        return Resource(xml(records[start - 1 : end]).encode(), "text/xml; charset=utf-8")

    site.routes["/module/web/jpage/dataproxy.jsp"] = proxy
    put_article(site, article, pub, f"/module/download/downfile.jsp/{column}/")
    return site


def build_gkmlpt(pub: Published, per_page: int = 3, latency: float = 0.0) -> Site:
    category = 2500 + pub.index
    site = Site(f"gkmlpt:{pub.agency}", latency, column_path=f"/gkmlpt/index#{category}")
    article = f"/gkmlpt/content/4/{4000 + pub.index}/post_{4000 + pub.index}.html"
    articles: list[dict[str, Any]] = [
        {"title": t, "url": f"/gkmlpt/content/0/{i}/post_{i}.html", "date": d}
        for i, (t, d) in enumerate(_fillers(pub.agency))
    ]
    stamp = int(time.mktime(time.strptime(pub.published + " 12:00", "%Y-%m-%d %H:%M")))
    articles.insert(per_page + 1, {"title": pub.title, "url": article, "first_publish_time": stamp})
    site.put(
        "/gkmlpt/index",
        '<html><head><meta charset="utf-8"><title>政府信息公开</title></head><body><div id="app"></div>'
        "<script>window._CONFIG = {SID: 5, ROOT: '/gkmlpt'};</script></body></html>",
    )
    pages = [articles[i : i + per_page] for i in range(0, len(articles), per_page)]
    for n, chunk in enumerate(pages, start=1):
        data = {"articles": chunk, "total": len(articles), "page": n}
        site.put(
            f"/gkmlpt/api/all/{category}?page={n}&sid=5",
            json.dumps(data, ensure_ascii=False),
            "application/json; charset=utf-8",
        )
    put_article(site, article, pub, "/gkmlpt/files/")
    return site


def build_links(pub: Published, latency: float = 0.0) -> Site:
    """A plain list in GBK, two pages joined by 下一页, behind a JavaScript redirect shell."""
    site = Site(f"links:{pub.agency}", latency, column_path="/gknb/")
    site.put("/gknb/", '<html><head><script>window.location.href = "/gknb/list.html";</script></head></html>')
    fillers = _fillers(pub.agency)
    first = "".join(_li(f"/gknb/old_{i}.htm", t, d) for i, (t, d) in enumerate(fillers[:3]))
    second = "".join(_li(f"/gknb/old_{i}.htm", t, d) for i, (t, d) in enumerate(fillers[3:], 3))
    second += _li("/gknb/2025/report.htm", pub.title, pub.published)
    head = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    site.put(
        "/gknb/list.html",
        f'{head}<body><ul>{first}</ul><a href="list_2.html">下一页</a></body></html>'.encode("gbk"),
        "text/html",
    )
    site.put("/gknb/list_2.html", f"{head}<body><ul>{second}</ul></body></html>".encode("gbk"), "text/html")
    put_article(site, "/gknb/2025/report.htm", pub, "/gknb/2025/")
    page = site.routes["/gknb/2025/report.htm"]
    assert isinstance(page, Resource)
    text = page.body.decode("utf-8").replace('<meta charset="utf-8">', head.removeprefix("<html><head>")[:-7])
    site.put("/gknb/2025/report.htm", text.encode("gbk"), "text/html")
    return site


BUILDERS: dict[str, Callable[..., Site]] = {
    "trs": build_trs,
    "hanweb": build_hanweb,
    "gkmlpt": build_gkmlpt,
    "links": build_links,
}


def build(family: str, pub: Published, latency: float = 0.0) -> Site:
    return BUILDERS[family](pub, latency=latency)


def missing_site(name: str = "gone") -> Site:
    """A site whose column answers 404."""
    return Site(name, column_path="/zfxxgk/zfxxgknb/index.html")
