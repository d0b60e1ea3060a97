"""Hanweb (大汉) JCMS columns: ``/col/col<ID>/index.html``. The listing is XML in the page
(``<script type="text/xml"><datastore>…<record><![CDATA[<li>…</li>]]></record>``) holding the first records,
and the rest comes from ``POST /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=`` with
``columnid``, ``unitid`` and ``webid``, answering the same XML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlencode, urljoin

from gongkai.fetch.client import PoliteClient
from gongkai.fetch.columns.common import MAX_PAGES, Entry, entries_from_links
from gongkai.fetch.pages import Page

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_COLUMN = re.compile(r"/col/col(\d+)/")


def _param(text: str, name: str) -> str | None:
    found = re.search(rf"""\b{name}\b['"]?\s*[:=]\s*['"]?(\d+)""", text, re.I)
    return found.group(1) if found else None


def records(page_url: str, xml: str) -> list[Entry]:
    """The entries of a datastore's records (each record is a fragment of HTML)."""
    html = "<ul>" + "".join(_RECORD.findall(xml)) + "</ul>"
    return entries_from_links(Page.parse(page_url, html))


class HanwebAdapter:
    name = "hanweb"

    def recognise(self, page: Page, column_url: str) -> bool:
        return "dataproxy.jsp" in page.text or ("<datastore>" in page.text and bool(_COLUMN.search(page.url)))

    def list_entries(self, page: Page, column_url: str, client: PoliteClient) -> Iterator[Entry]:
        inline = _RECORD.findall(page.text)
        yield from records(page.url, page.text)
        total = int(_param(page.text, "totalRecord") or 0)
        per_page = int(_param(page.text, "perPage") or 15)
        column = _param(page.text, "columnid") or next(iter(_COLUMN.findall(page.url)), None)
        if total <= len(inline) or column is None:
            return
        form = {"col": "1", "appid": "1", "columnid": column}
        for key in ("unitid", "webid"):
            value = _param(page.text, key)
            if value is not None:
                form[key] = value
        proxy = urljoin(page.url, "/module/web/jpage/dataproxy.jsp")
        start = len(inline) + 1
        while start <= total and start < per_page * MAX_PAGES:
            end = min(total, start + per_page * 3 - 1)  # dataproxy pages by 3 listing pages at a time
            query = urlencode({"startrecord": start, "endrecord": end, "perpage": per_page})
            got = client.post(f"{proxy}?{query}", form)
            if not got.ok:
                return
            yield from records(page.url, got.text)
            start = end + 1
