"""Finding annual reports on agency websites, fetching them politely, and what a page says (spec
``supervision.md`` §5): :class:`PoliteClient` (httpx, per-host limits, robots.txt, retries, size limit,
GBK, script redirects), :func:`discover` (a 年报 column's reports by year, one adapter per CMS family) and
:func:`collect` (a report's page, its tables and attachments, read and compared).

A public subpackage: its ``__all__`` is public API (``docs/architecture.md``); the web application's watch
uses it.
"""

from __future__ import annotations

from gongkai.fetch.client import USER_AGENT, FetchConfig, Fetched, FetchRecord, PoliteClient, user_agent
from gongkai.fetch.columns import Entry
from gongkai.fetch.pages import decode_page, find_script_redirect
from gongkai.fetch.reports import (
    Collected,
    Discovery,
    Document,
    collect,
    differing_cells,
    discover,
    discover_and_collect,
    is_attachment,
)
from gongkai.fetch.titles import is_report_title, title_year

__all__ = [
    "USER_AGENT",
    "Collected",
    "Discovery",
    "Document",
    "Entry",
    "FetchConfig",
    "FetchRecord",
    "Fetched",
    "PoliteClient",
    "collect",
    "decode_page",
    "differing_cells",
    "discover",
    "discover_and_collect",
    "find_script_redirect",
    "is_attachment",
    "is_report_title",
    "title_year",
    "user_agent",
]
