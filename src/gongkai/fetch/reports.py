"""From a 年报 column to the reports themselves: :func:`discover` lists a column's reports by year;
:func:`collect` fetches one report's page, finds the report in it — the page's own tables and/or the
attachments it links (PDF, DOC, DOCX, WPS, XLS, XLSX) — reads each, and compares them when there are both."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from gongkai.errors import InputError
from gongkai.fetch.client import Fetched, PoliteClient
from gongkai.fetch.columns import Entry, adapter_for
from gongkai.fetch.columns.common import find_date
from gongkai.fetch.pages import Page
from gongkai.fetch.titles import is_report_title, title_year
from gongkai.read import read_bytes
from gongkai.readers import ReadResult

ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et")
_PUBLISHED = re.compile(
    r"(?:发布|公开|成文|印发)(?:日期|时间)\s*[:：]?\s*((?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2})"
)


def is_attachment(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(ATTACHMENT_SUFFIXES)


@dataclass
class Discovery:
    """A column's report entries (``family``: the adapter that listed it); ``error`` when the column page
    could not be had."""

    column_url: str
    final_url: str = ""
    family: str = ""
    entries: list[Entry] = field(default_factory=list)
    error: str = ""

    def for_year(self, year: int) -> list[Entry]:
        return [e for e in self.entries if e.year == year]


def discover(column_url: str, client: PoliteClient, year: int | None = None) -> Discovery:
    """List the reports of a column (only those of ``year`` when given), following its pagination."""
    got = client.get(column_url)
    if not got.ok:
        return Discovery(column_url, got.final_url, error=got.error or f"HTTP {got.status}")
    page = Page.parse(got.final_url, got.text)
    adapter = adapter_for(page, column_url)
    entries = list(dict.fromkeys(e for e in adapter.list_entries(page, column_url, client) if e.is_report))
    if year is not None:
        entries = [e for e in entries if e.year == year]
    return Discovery(column_url, got.final_url, adapter.name, entries)


@dataclass
class Document:
    """A report as a file: the article page itself or an attachment, as fetched and read."""

    url: str
    kind: str  # "page" or "attachment"
    name: str
    content: bytes
    sha256: str
    result: ReadResult | None = None
    error: str = ""


@dataclass
class Collected:
    """One report entry collected: its page, the report documents found, and whether they agree."""

    entry: Entry
    page: Fetched | None
    published: date | None = None
    documents: list[Document] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)  # the cells where page and attachment differ
    error: str = ""

    @property
    def chosen(self) -> Document | None:
        """The document to file: a readable attachment (the document as issued), else the readable page."""
        readable = [d for d in self.documents if d.result is not None]
        attachments = [d for d in readable if d.kind == "attachment"]
        first = attachments or readable
        return first[0] if first else None


def _name(url: str, fallback: str) -> str:
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    return name if "." in name else fallback


def _read(document: Document) -> Document:
    try:
        document.result = read_bytes(document.content, name=document.name)
    except InputError as exc:
        exc.file = None
        document.error = exc.line()
    if document.result is not None and not any(
        v is not None for _p, v in document.result.report.iter_cells()
    ):
        document.result, document.error = None, "没有读到年度报告的表格数据"
    return document


def _document(got: Fetched, kind: str, fallback: str) -> Document:
    name = _name(got.final_url, fallback)
    if kind == "page" and not name.lower().endswith((".html", ".htm", ".shtml", ".jsp")):
        name = fallback
    if name.lower().endswith((".shtml", ".jsp")):
        name += ".html"
    return Document(got.final_url, kind, name, got.content, got.sha256)


def differing_cells(a: ReadResult, b: ReadResult) -> list[str]:
    """The model paths whose values differ between two readings of a report."""
    left, right = dict(a.report.iter_cells()), dict(b.report.iter_cells())
    return sorted(p for p in left.keys() | right.keys() if left.get(p) != right.get(p))


def published_date(page: Page) -> date | None:
    """The date a report page says it was published (``<meta name="PubDate">``, 发布日期：…)."""
    found = find_date(page.meta("PubDate") or page.meta("firstpublishedtime"))
    if found is None:
        match = _PUBLISHED.search(" ".join(page.tree.text_content().split()))
        found = find_date(match.group(1)) if match else None
    return found


def collect(entry: Entry, client: PoliteClient, read: bool = True) -> Collected:
    """Fetch a report entry: its page, the page's report tables and its attachments; read and compare."""
    if is_attachment(entry.url):
        got = client.get(entry.url)
        out = Collected(entry, got, entry.published)
        if got.ok:
            out.documents.append(_document(got, "attachment", "report.pdf"))
        else:
            out.error = got.error
    else:
        got = client.get(entry.url)
        out = Collected(entry, got, entry.published)
        if not got.ok:
            out.error = got.error
            return out
        page = Page.parse(got.final_url, got.text)
        out.published = published_date(page) or entry.published
        if page.table_count():
            out.documents.append(_document(got, "page", "report.html"))
        for link in page.links():
            if is_attachment(link.url) and link.url not in {d.url for d in out.documents}:
                attached = client.get(link.url)
                if attached.ok:
                    out.documents.append(_document(attached, "attachment", "attachment.pdf"))
    if read:
        for document in out.documents:
            _read(document)
        readable = [d for d in out.documents if d.result is not None]
        pages = [d for d in readable if d.kind == "page"]
        attachments = [d for d in readable if d.kind == "attachment"]
        if pages and attachments:
            assert pages[0].result is not None and attachments[0].result is not None
            out.differences = differing_cells(pages[0].result, attachments[0].result)
        if not readable and not out.error:
            out.error = (
                "页面及附件中没有读到年度报告" if out.documents else "页面中没有报告表格，也没有报告附件"
            )
    return out


def discover_and_collect(
    column_url: str,
    year: int,
    client: PoliteClient,
    progress: Callable[[Collected], None] | None = None,
) -> tuple[Discovery, list[Collected]]:
    """Everything of one year in one column: discover, then collect each entry."""
    found = discover(column_url, client, year)
    collected = []
    for entry in found.entries:
        one = collect(entry, client)
        collected.append(one)
        if progress is not None:
            progress(one)
    return found, collected


__all__ = [
    "Collected",
    "Discovery",
    "Document",
    "collect",
    "differing_cells",
    "discover",
    "discover_and_collect",
    "is_attachment",
    "is_report_title",
    "published_date",
    "title_year",
]
