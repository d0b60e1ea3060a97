"""The real fixture reports as OCR and PDF→Markdown converters print them, made on the fly (never committed).

Each real fixture (a web page, the PDF, the reference text) keeps its own narrative — every paragraph the
readers find in it, in order, section headings included — and its tables are printed again from its
hand-checked expected values (``*.expected.json``) in the shapes converters write:

- ``headings``: section headings as Markdown headings (``#``/``##``/``###``, or bold), the title as ``#``;
- ``appeals-split``: 表四 as three small tables under the headings 行政复议 / 行政诉讼（未经复议直接起诉） /
  行政诉讼（复议后起诉）, five columns each;
- ``requests-grouped``: 表三 as one table per row group (一、二 / 三（一）（二） / （三） … / （七）、四), each with a
  generic header (``数据1`` … ``数据6``, ``总计``), a category's heading printed above its table;
- ``continued``: a table's rows continuing in a second table with a different header (a page break: the
  second table's first row became its header, or a header of column numbers);
- ``converted``: all of these at once.

Labels come from :mod:`gongkai.layout`; a blank expected cell (``null``) is printed as an empty cell. The
tests read each document and compare every cell with the expected file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gongkai import layout
from gongkai.model.report import REQUEST_COLUMNS
from gongkai.readers import read_bytes
from gongkai.readers.layout import Paragraph

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"

#: Fixtures whose expected file holds every cell of 表二–表四 read from the original (not a crawl's runs).
SOURCES = (
    "2019/2019-pingtan-page.html",
    "2019/2019-shanghai-govoffice.html",
    "2019/2020-pinghu-emergency.txt",
    "2021/2021-pingtan-page.html",
    "2021/2023-hongze-district.pdf",
    "2021/2024-pingtan-page.html",
    "2021/2024-pingtan-page-blank-orgs.html",
    "2021/2025-pingtan-page.html",
)
SHAPES = ("headings", "appeals-split", "requests-grouped", "continued", "converted")

_TABLE_OF_SECTION = {"proactive": "proactive", "requests": "requests", "appeals": "appeals"}


def expected(source: str) -> dict[str, Any]:
    path = REPORTS / source
    stem = path.name.rsplit(".", 1)[0]
    data: dict[str, Any] = json.loads((path.parent / f"{stem}.expected.json").read_text(encoding="utf-8"))
    return data


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return [*out, ""]


# ---- 表二 -------------------------------------------------------------------------------------------------


def _proactive(exp: dict[str, Any]) -> list[str]:
    """表二 as converters print a ruled table: its header rows kept, four columns wide."""
    template = exp["template"]
    rows: list[list[str]] = []
    item = None
    for spec in layout.proactive_rows(template):
        if spec.item != item:
            item = spec.item
            rows.append([spec.item, "", "", ""])
            heads = list(spec.columns.values())
            unit = exp.get("proactive", {}).get("procurement", {}).get("amount_unit")
            if spec.key == "procurement" and unit:
                heads[-1] += layout.header("amount_unit").format(unit=unit)
            rows.append(["信息内容", *heads, *[""] * (3 - len(heads))])
        values = exp.get("proactive", {}).get(spec.key, {})
        cells = [_cell(values.get(c)) for c in spec.columns]
        rows.append([spec.label, *cells, *[""] * (3 - len(cells))])
    return _md_table(rows[0], rows[1:])


# ---- 表三 -------------------------------------------------------------------------------------------------


def _request_rows(exp: dict[str, Any]) -> list[tuple[layout.Row, list[str]]]:
    single = "other" in exp["requests"] and exp["template"] == "2021"
    out = []
    for row in layout.request_rows(exp["template"], single_other=single or None):
        values = exp["requests"].get(row.key, {})
        out.append((row, [_cell(values.get(c)) for c in REQUEST_COLUMNS]))
    return out


_GENERIC = ["项目", *(f"数据{i}" for i in range(1, 7)), "总计"]
_NUMBERED = ["", *(str(i) for i in range(1, 8))]


def _requests_ruled(exp: dict[str, Any], *, continued: bool) -> list[str]:
    """表三 as one ruled table (its label columns merged into one); ``continued``: cut after （三）4 by a page
    break, the rest a second table whose header is its first row."""
    rows = [[_label(r), *v] for r, v in _request_rows(exp)]
    header = ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    if not continued:
        return _md_table(header, rows)
    cut = next(i for i, (r, _) in enumerate(_request_rows(exp)) if r.key == "refused_third_party") + 1
    return [*_md_table(header, rows[:cut]), "- 5 -", "", *_md_table(rows[cut], rows[cut + 1 :])]


def _label(row: layout.Row) -> str:
    if row.level == 2:
        return f"{layout.group(row.group).heading} {row.printed}"
    return row.printed


def _requests_grouped(exp: dict[str, Any], *, continued: bool) -> list[str]:
    """One table per row group, each under a generic header; a category's heading printed above its table
    (its rows keep only their own numbering: ``1.属于国家秘密``)."""
    out: list[str] = []
    blocks: list[tuple[str | None, list[list[str]]]] = []
    for row, values in _request_rows(exp):
        key = row.group if row.level == 2 else ("top" if row.level == 0 else "results")
        if row.key == "carried_forward" or row.key == "total_handled":
            key = "end"
        heading = layout.group(row.group).heading if row.level == 2 else None
        if not blocks or blocks[-1][0] != (heading or key):
            blocks.append((heading or key, []))
        blocks[-1][1].append([row.printed, *values])
    for n, (name, rows) in enumerate(blocks):
        if name and name.startswith("（"):
            out += [name, ""]
        header = _NUMBERED if continued and n % 2 else _GENERIC
        out += _md_table(header, rows)
    return out


# ---- 表四 -------------------------------------------------------------------------------------------------


def _appeals_row(exp: dict[str, Any], group: str) -> list[str]:
    values = exp.get("appeals", {}).get(group, {})
    return [_cell(values.get(c.key)) for c in layout.appeal_columns()]


def _appeals_ruled(exp: dict[str, Any]) -> list[str]:
    groups = [g.key for g in layout.appeal_groups()]
    head = [layout.appeal_group_heading(g) for g in groups for _ in range(5)]
    sub = [c.label for _ in groups for c in layout.appeal_columns()]
    return _md_table(head, [sub, [v for g in groups for v in _appeals_row(exp, g)]])


def _appeals_split(exp: dict[str, Any], marker: str, *, numbered: bool) -> list[str]:
    """Three small tables under their headings; ``numbered``: a header of column numbers, the column names
    in the first row."""
    out: list[str] = []
    suit = layout.header("appeals_suit")
    names = [c.label for c in layout.appeal_columns()]
    for g in layout.appeal_groups():
        name = g.label if g.key == "review" else f"{suit}（{g.label}）"
        out += [f"{marker}{name}", ""]
        if numbered:
            out += _md_table([str(i) for i in range(1, 6)], [names, _appeals_row(exp, g.key)])
        else:
            out += _md_table(names, [_appeals_row(exp, g.key)])
    return out


# ---- the document -----------------------------------------------------------------------------------------


def _narrative(source: str) -> Iterator[tuple[str, str | None]]:
    """The fixture's paragraphs in order, each with the section key when it is a section heading."""
    read = read_bytes((REPORTS / source).read_bytes())
    headings = {h.text: h.key for h in read.facts.headings}
    title = read.report.title or ""
    paragraphs = [b.text for b in read.layout.blocks if isinstance(b, Paragraph)]
    # a web page's own furniture before the report (menus, links) is not what a converter of the report sees
    start = next((i for i, t in enumerate(paragraphs) if title and title[:12] in t), 0)
    for text in paragraphs[start:]:
        yield text, headings.get(text)


def convert(source: str, shape: str) -> bytes:
    """The fixture ``source`` printed in ``shape`` (one of :data:`SHAPES`), as UTF-8 Markdown."""
    exp = expected(source)
    all_shapes = shape == "converted"
    md_headings = all_shapes or shape == "headings"
    out: list[str] = []
    first = True
    for n, (text, key) in enumerate(_narrative(source)):
        if first and "年度报告" in text:
            out += [f"# {text}" if md_headings else text, ""]
            first = False
            continue
        if key is None:
            out += [text, ""]
            continue
        marker = ("## ", "### ", "**")[n % 3] if md_headings else ""
        out += [f"{marker}{text}{'**' if marker == '**' else ''}", ""]
        if key == "proactive":
            out += _proactive(exp)
        elif key == "requests":
            if all_shapes or shape == "requests-grouped":
                out += _requests_grouped(exp, continued=all_shapes)
            else:
                out += _requests_ruled(exp, continued=shape == "continued")
        elif key == "appeals":
            if all_shapes or shape == "appeals-split":
                out += _appeals_split(exp, "### " if md_headings else "", numbered=all_shapes)
            else:
                out += _appeals_ruled(exp)
    return "\n".join(out).encode("utf-8")
