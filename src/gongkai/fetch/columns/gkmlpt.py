"""Guangdong's 政府信息公开目录平台 (gkmlpt): the column page is a script application; its entries come
from ``/gkmlpt/api/all/<category>?page=<n>&sid=<site>`` as JSON (``articles``: ``title``, ``url``, ``date``
or ``first_publish_time``; ``total``). The category is the column URL's fragment (``/gkmlpt/index#2525``) or
the page's ``CATEGORY``/``classify`` setting, the site id its ``SID``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from urllib.parse import urljoin, urlsplit

from gongkai.fetch.client import PoliteClient
from gongkai.fetch.columns.common import MAX_PAGES, Entry, find_date
from gongkai.fetch.pages import Page
from gongkai.fetch.titles import is_report_title, title_year


def _setting(text: str, *names: str) -> str | None:
    for name in names:
        found = re.search(rf"""\b{name}\b['"]?\s*[:=]\s*['"]?(\d+)""", text, re.I)
        if found:
            return found.group(1)
    return None


def _entry(base: str, article: dict[str, object]) -> Entry | None:
    title, url = str(article.get("title") or ""), str(article.get("url") or "")
    if not title or not url or not is_report_title(title):
        return None
    stamp = article.get("first_publish_time")
    published: date | None
    if isinstance(stamp, int | float) and stamp > 0:
        published = datetime.fromtimestamp(stamp, UTC).date()
    else:
        published = find_date(str(article.get("date") or ""))
    return Entry(title, urljoin(base, url), title_year(title), published)


class GkmlptAdapter:
    name = "gkmlpt"

    def recognise(self, page: Page, column_url: str) -> bool:
        return "/gkmlpt/" in urlsplit(column_url).path or "/gkmlpt/" in urlsplit(page.url).path

    def list_entries(self, page: Page, column_url: str, client: PoliteClient) -> Iterator[Entry]:
        fragment = urlsplit(column_url).fragment
        category = fragment if fragment.isdigit() else _setting(page.text, "CATEGORY", "classify")
        sid = _setting(page.text, "SID") or "2"
        if category is None:
            return
        api = urljoin(page.url, f"/gkmlpt/api/all/{category}")
        seen = 0
        for number in range(1, MAX_PAGES + 1):
            got = client.get(f"{api}?page={number}&sid={sid}")
            if not got.ok:
                return
            try:
                data = json.loads(got.text)
            except ValueError:
                return
            articles = data.get("articles") if isinstance(data, dict) else None
            if not isinstance(articles, list) or not articles:
                return
            for article in articles:
                if isinstance(article, dict):
                    entry = _entry(got.final_url, article)
                    if entry is not None:
                        yield entry
            seen += len(articles)
            total = data.get("total")
            if not isinstance(total, int) or seen >= total:
                return
