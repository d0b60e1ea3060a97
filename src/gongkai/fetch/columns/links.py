"""A plain list of links (any other CMS): the report links of the page, then of each page its 下一页 (next
page) link leads to."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.fetch.client import PoliteClient
from gongkai.fetch.columns.common import MAX_PAGES, Entry, entries_from_links
from gongkai.fetch.pages import Page

NEXT = ("下一页", "下页", "后一页", ">")


class LinkListAdapter:
    name = "links"

    def recognise(self, page: Page, column_url: str) -> bool:
        return True

    def list_entries(self, page: Page, column_url: str, client: PoliteClient) -> Iterator[Entry]:
        seen = {page.url}
        for _n in range(MAX_PAGES):
            yield from entries_from_links(page)
            following = next(
                (link.url for link in page.links() if link.text in NEXT and link.url not in seen), None
            )
            if following is None:
                return
            seen.add(following)
            got = client.get(following)
            if not got.ok:
                return
            page = Page.parse(got.final_url, got.text)
