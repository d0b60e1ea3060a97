"""Listing a 年报 column, one small adapter per CMS family behind one interface (spec ``supervision.md`` §5).

An adapter says whether a column page is of its family (:meth:`ColumnAdapter.recognise`) and lists every
entry of the column, following the family's pagination (:meth:`ColumnAdapter.list_entries`). The first that
recognises the page lists it; the plain link list takes any page. Adding a family = one module + its
recorded pages in the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from gongkai.fetch.client import PoliteClient
from gongkai.fetch.columns.common import Entry
from gongkai.fetch.columns.gkmlpt import GkmlptAdapter
from gongkai.fetch.columns.hanweb import HanwebAdapter
from gongkai.fetch.columns.links import LinkListAdapter
from gongkai.fetch.columns.trs import TrsAdapter
from gongkai.fetch.pages import Page


class ColumnAdapter(Protocol):
    name: str

    def recognise(self, page: Page, column_url: str) -> bool: ...

    def list_entries(self, page: Page, column_url: str, client: PoliteClient) -> Iterator[Entry]: ...


ADAPTERS: tuple[ColumnAdapter, ...] = (GkmlptAdapter(), HanwebAdapter(), TrsAdapter(), LinkListAdapter())


def adapter_for(page: Page, column_url: str) -> ColumnAdapter:
    return next(a for a in ADAPTERS if a.recognise(page, column_url))


__all__ = ["ADAPTERS", "ColumnAdapter", "Entry", "adapter_for"]
