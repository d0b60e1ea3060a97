"""What a fetched HTML page says: its text (encoding detected), its links, its ``<meta>``, its tables, and
whether it is only a shell that sends the browser on (``window.location = …``, a meta refresh)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

import lxml.html

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*\"?([A-Za-z0-9_\-]+)", re.IGNORECASE)
# the Chinese legacy encodings all decode as their superset GB18030
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}

_JS_LOCATION = re.compile(
    r"""(?:window\.|document\.|self\.|top\.)?location(?:\.href)?\s*=\s*["']([^"']+)["']"""
    r"""|location\.(?:replace|assign)\(\s*["']([^"']+)["']\s*\)""",
    re.IGNORECASE,
)
_META_REFRESH = re.compile(
    r"""<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["']?\s*\d*\s*;?\s*url\s*=\s*([^"'>\s]+)""",
    re.IGNORECASE,
)


def _codec(name: str) -> str:
    name = name.strip().lower()
    return "gb18030" if name in _GB else name


def decode_page(content: bytes, content_type: str = "") -> str:
    """The text of a page: the charset its header or ``<meta>`` declares, else UTF-8, else GB18030."""
    declared = []
    found = _HEADER_CHARSET.search(content_type or "")
    if found:
        declared.append(_codec(found.group(1)))
    meta = _CHARSET.search(content[:4096])
    if meta:
        declared.append(_codec(meta.group(1).decode("ascii", "replace")))
    for codec in [*declared, "utf-8", "gb18030"]:
        try:
            return content.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return content.decode("utf-8", "replace")


def find_script_redirect(text: str) -> str | None:
    """Where a redirect shell sends the browser, if ``text`` is one: a short page whose script assigns
    ``location`` or whose ``<meta http-equiv="refresh">`` names a URL."""
    meta = _META_REFRESH.search(text)
    if meta:
        return meta.group(1)
    visible = re.sub(r"<script.*?</script>|<[^>]+>|\s", "", text, flags=re.S | re.I)
    if len(visible) > 200:  # a page with content of its own, not a shell
        return None
    for match in _JS_LOCATION.finditer(text):
        target = match.group(1) or match.group(2)
        if target and not target.startswith(("#", "javascript:")):
            return target
    return None


@dataclass(frozen=True)
class Link:
    text: str
    url: str  # absolute, without fragment


@dataclass(frozen=True)
class Page:
    """A parsed HTML page."""

    url: str
    text: str
    tree: lxml.html.HtmlElement

    @classmethod
    def parse(cls, url: str, text: str) -> Page:
        body = text.strip() or "<html></html>"
        try:
            tree = lxml.html.document_fromstring(body)
        except (lxml.etree.ParserError, ValueError):  # an XML declaration in a str, or nothing parseable
            tree = lxml.html.document_fromstring(body.encode("utf-8", "replace"))
        return cls(url, text, tree)

    def title(self) -> str:
        meta = self.meta("ArticleTitle")
        if meta:
            return meta
        found = self.tree.findtext(".//title")
        return (found or "").strip()

    def meta(self, name: str) -> str:
        for element in self.tree.iter("meta"):
            if (element.get("name") or "").lower() == name.lower():
                return (element.get("content") or "").strip()
        return ""

    def links(self) -> list[Link]:
        out: list[Link] = []
        for element in self.tree.iter("a"):
            href = (element.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "#", "mailto:")):
                continue
            text = " ".join(element.text_content().split()) or (element.get("title") or "").strip()
            out.append(Link(text, urldefrag(urljoin(self.url, href))[0]))
        return out

    def table_count(self) -> int:
        return sum(1 for _ in self.tree.iter("table"))
