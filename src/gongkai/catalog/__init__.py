"""The official labels of both templates, loaded from ``labels.yaml`` (data, not code).

Code addresses cells by key; labels live only here. :func:`load_catalog` is cached: the catalog is read once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from gongkai.catalog.normalize import normalize

TEMPLATES = ("2019", "2021")


@dataclass(frozen=True)
class Label:
    """One official label with its accepted variants (all normalised for matching)."""

    key: str
    label: str
    number: str = ""
    group: str = ""
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

    def label_of(self, path: str) -> str:
        """The Chinese label of a model path such as ``requests.received.total`` (for messages)."""
        parts = path.split(".")
        table = parts[0]
        if table == "requests" and len(parts) >= 2:
            row = self.request_row(parts[1])
            # 一、 for the top rows; （一） and 1. carry their own punctuation
            top = row.number and row.number[-1] in "一二三四五六七八九十"
            number = f"{row.number}、" if top else row.number
            text = f"{number}{row.label}"
            if len(parts) == 3:
                text += f"·{self.request_column(parts[2]).label}"
            return text
        if table == "appeals" and len(parts) >= 2:
            group = next(g for g in self.appeals_groups if g.key == parts[1])
            text = group.label
            if len(parts) == 3:
                text += "·" + next(c for c in self.appeals_columns if c.key == parts[2]).label
            return text
        if table == "proactive" and len(parts) >= 2:
            for template in TEMPLATES:
                for r in self.proactive[template]:
                    if r.key == parts[1] and (len(parts) == 2 or parts[2] in r.columns):
                        return r.label + (f"·{r.columns[parts[2]]}" if len(parts) == 3 else "")
            if len(parts) == 3 and parts[2] == "amount_unit":
                return "政府集中采购·金额单位"
        if table == "sections" and len(parts) == 2:
            s = self.section(parts[1])
            return f"{s.number}、{s.label}"
        return path


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


@cache
def load_catalog() -> Catalog:
    text = resources.files("gongkai.catalog").joinpath("labels.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
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
    )
