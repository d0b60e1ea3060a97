"""Chinese labels for messages, taken from the catalog (``labels.yaml``); rule code never types a label."""

from __future__ import annotations

import re
from functools import cache

from gongkai.catalog import load_catalog

_NOTE = re.compile(r"（[^（）]*）$")


@cache
def request_row_label(key: str) -> str:
    """The row label for messages, official notes dropped.

    ``一、本年新收政府信息公开申请数量``, ``三（一）予以公开``, ``三（三）1.属于国家秘密``.
    """
    catalog = load_catalog()
    row = catalog.request_row(key)
    text = _NOTE.sub("", row.label)
    if not row.group:
        return f"{row.number}、{text}"
    results = next(g for g in catalog.requests_groups if g.key == "results")
    if row.group == results.number:
        return f"{results.number}{row.number}{text}"
    group = next(g for g in catalog.requests_groups if g.label == row.group)
    return f"{results.number}{group.number}{row.number}{text}"


@cache
def request_column_label(key: str) -> str:
    return load_catalog().request_column(key).label


@cache
def request_group_label(key: str) -> str:
    """A category heading of 表三, e.g. ``三（三）不予公开``."""
    catalog = load_catalog()
    results = next(g for g in catalog.requests_groups if g.key == "results")
    group = next(g for g in catalog.requests_groups if g.key == key)
    return f"{results.number}{group.number}{group.label}"


@cache
def appeal_group_label(key: str) -> str:
    return next(g.label for g in load_catalog().appeals_groups if g.key == key)


@cache
def appeal_column_label(key: str) -> str:
    return next(c.label for c in load_catalog().appeals_columns if c.key == key)


@cache
def proactive_row_label(template: str, key: str) -> str:
    return load_catalog().proactive_row(template, key).label


@cache
def proactive_column_label(template: str, row: str, column: str) -> str:
    return load_catalog().proactive_row(template, row).columns[column]


@cache
def section_label(key: str) -> str:
    s = load_catalog().section(key)
    return f"{s.number}、{s.label}"


def cell_label(path: str, template: str = "2021") -> str:
    """The label of a model path (row or cell) for a message."""
    parts = path.split(".")
    if parts[0] == "requests" and len(parts) >= 2:
        text = request_row_label(parts[1])
        return text + (f"·{request_column_label(parts[2])}" if len(parts) == 3 else "")
    if parts[0] == "appeals" and len(parts) >= 2:
        text = appeal_group_label(parts[1])
        return text + (f"·{appeal_column_label(parts[2])}" if len(parts) == 3 else "")
    if parts[0] == "proactive" and len(parts) >= 2:
        text = proactive_row_label(template, parts[1])
        if len(parts) == 3 and parts[2] != "amount_unit":
            text += f"·{proactive_column_label(template, parts[1], parts[2])}"
        return text
    return load_catalog().label_of(path)
