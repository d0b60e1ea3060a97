"""What every adapter shares: an entry of a column and reading entries off the links of a listing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urldefrag, urljoin

from gongkai.fetch.pages import Page
from gongkai.fetch.titles import is_report_title, title_year

_DATE = re.compile(r"((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
#: the most pages of one column read (a column with more is not a 年报 column)
MAX_PAGES = 50


@dataclass(frozen=True)
class Entry:
    """A report listed in a column: its title, its page (or file) URL, the year the title names and the
    date the listing shows (None when it shows none)."""

    title: str
    url: str
    year: int | None
    published: date | None = None

    @property
    def is_report(self) -> bool:
        return is_report_title(self.title)


def find_date(text: str) -> date | None:
    found = _DATE.search(text)
    if not found:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def entries_from_links(page: Page) -> list[Entry]:
    """The report entries among a page's links, each with the date printed next to it."""
    out: list[Entry] = []
    for element in page.tree.iter("a"):
        href = (element.get("href") or "").strip()
        title = (element.get("title") or "").strip() or " ".join(element.text_content().split())
        if not href or href.startswith(("javascript:", "#")) or not is_report_title(title):
            continue
        parent = element.getparent()
        context = " ".join(parent.text_content().split()) if parent is not None else ""
        url = urldefrag(urljoin(page.url, href))[0]
        out.append(Entry(title, url, title_year(title), find_date(context.replace(title, ""))))
    return out
