"""TRS (拓尔思) columns: ``index.html``, ``index_1.html`` … ``index_<N-1>.html``; the page count N is in the
listing's script, ``createPageHTML(N, current, "index", "html")`` or ``var countPage = N``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from gongkai.fetch.client import PoliteClient
from gongkai.fetch.columns.common import MAX_PAGES, Entry, entries_from_links
from gongkai.fetch.pages import Page

_CREATE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_COUNT = re.compile(r"countPage\s*=\s*['\"]?(\d+)")


class TrsAdapter:
    name = "trs"

    def recognise(self, page: Page, column_url: str) -> bool:
        return bool(_CREATE.search(page.text) or _COUNT.search(page.text))

    def page_urls(self, page: Page) -> list[str]:
        """Every listing page's URL, the first included."""
        found = _CREATE.search(page.text)
        if found:
            count, stem, ext = int(found.group(1)), found.group(3), found.group(4)
        else:
            count_match = _COUNT.search(page.text)
            count, stem, ext = int(count_match.group(1)) if count_match else 1, "index", "html"
        count = max(1, min(count, MAX_PAGES))
        return [urljoin(page.url, f"{stem}.{ext}" if n == 0 else f"{stem}_{n}.{ext}") for n in range(count)]

    def list_entries(self, page: Page, column_url: str, client: PoliteClient) -> Iterator[Entry]:
        urls = self.page_urls(page)
        yield from entries_from_links(page)
        for url in urls:
            if url == page.url or url.rstrip("/") + "/" == page.url:
                continue
            got = client.get(url)
            if got.ok:
                yield from entries_from_links(Page.parse(got.final_url, got.text))
