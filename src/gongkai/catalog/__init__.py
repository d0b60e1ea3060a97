"""The official labels of both templates, loaded from ``labels.yaml`` (data, not code).

Code addresses cells by key; labels live only here. How they are arranged on the page (row order, numbering,
titles) is :mod:`gongkai.layout`. :func:`load_catalog` is cached: the catalog is read once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from gongkai.catalog.normalize import normalize

TemplateId = Literal["2019", "2021"]
TEMPLATES: tuple[TemplateId, ...] = ("2019", "2021")


@dataclass(frozen=True)
class Label:
    """One official label with its accepted variants (all normalised for matching)."""

    key: str
    label: str
    number: str = ""
    group: str = ""  # 表三: the key of the category (``requests_groups``) the row belongs to
    templates: tuple[str, ...] = TEMPLATES
    variants: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    item: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """Normalised forms this label matches: with and without its printed number."""
        out: list[str] = []
        num = normalize(self.number)
        for text in (self.label, *self.variants):
            n = normalize(text)
            if num:
                out.append(num + n)
            out.append(n)
        return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    number: str
    rows: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    sections: tuple[Label, ...]
    requests_columns: tuple[Label, ...]
    requests_rows: tuple[Label, ...]
    requests_groups: tuple[Group, ...]
    appeals_groups: tuple[Label, ...]
    appeals_columns: tuple[Label, ...]
    proactive: dict[str, tuple[Label, ...]]
    template_markers: dict[str, tuple[str, ...]]
    pre_2019_markers: tuple[str, ...]
    table_captions: dict[str, tuple[str, ...]]
    headers: dict[str, str]
    placeholders: dict[str, str]

    def request_rows(self, template: str) -> tuple[Label, ...]:
        return tuple(r for r in self.requests_rows if template in r.templates)

    def request_row(self, key: str) -> Label:
        return next(r for r in self.requests_rows if r.key == key)

    def request_column(self, key: str) -> Label:
        return next(c for c in self.requests_columns if c.key == key)

    def proactive_row(self, template: str, key: str) -> Label:
        return next(r for r in self.proactive[template] if r.key == key)

    def section(self, key: str) -> Label:
        return next(s for s in self.sections if s.key == key)


def _label(raw: dict[str, Any], **extra: Any) -> Label:
    return Label(
        key=raw["key"],
        label=raw["label"],
        number=str(raw.get("number", "")),
        group=str(raw.get("group", "")),
        templates=tuple(raw.get("templates", TEMPLATES)),
        variants=tuple(raw.get("variants", ())),
        columns=dict(raw.get("columns", {})),
        item=str(raw.get("item", "")),
        **extra,
    )


def _labels_text() -> str:
    return resources.files("gongkai.catalog").joinpath("labels.yaml").read_text(encoding="utf-8")


@cache
def load_catalog() -> Catalog:
    raw = yaml.safe_load(_labels_text())
    return Catalog(
        sections=tuple(_label(s) for s in raw["sections"]),
        requests_columns=tuple(_label(c) for c in raw["requests_columns"]),
        requests_rows=tuple(_label(r) for r in raw["requests_rows"]),
        requests_groups=tuple(
            Group(g["key"], g["label"], g["number"], tuple(g["rows"])) for g in raw["requests_groups"]
        ),
        appeals_groups=tuple(_label(g) for g in raw["appeals_groups"]),
        appeals_columns=tuple(_label(c) for c in raw["appeals_columns"]),
        proactive={t: tuple(_label(r) for r in rows) for t, rows in raw["proactive"].items()},
        template_markers={t: tuple(normalize(m) for m in ms) for t, ms in raw["template_markers"].items()},
        pre_2019_markers=tuple(normalize(m) for m in raw["pre_2019_markers"]),
        table_captions={k: tuple(normalize(c) for c in v) for k, v in raw["table_captions"].items()},
        headers=dict(raw["headers"]),
        placeholders=dict(raw["placeholders"]),
    )


@dataclass(frozen=True)
class SupervisionData:
    """``supervision.yaml``: the copy detector's defaults and what makes section 五 say nothing."""

    copies: dict[str, float]
    problems_nothing: tuple[str, ...]
    problems_min_chars: int
    problems_stock: tuple[str, ...]
    indicators: dict[str, Any]  # min_sample, iqr_factor, definitions (key → label, definition)


@cache
def load_supervision() -> SupervisionData:
    text = resources.files("gongkai.catalog").joinpath("supervision.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    problems = raw["problems"]
    return SupervisionData(
        copies={k: float(v) for k, v in raw["copies"].items()},
        problems_nothing=tuple(str(s) for s in problems["nothing"]),
        problems_min_chars=int(problems["min_chars"]),
        # longest first, so a long phrase is removed before the short phrase inside it
        problems_stock=tuple(sorted((str(s) for s in problems["stock"]), key=len, reverse=True)),
        indicators=dict(raw["indicators"]),
    )
