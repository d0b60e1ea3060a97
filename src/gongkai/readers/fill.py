"""Map row views onto the model's 表二, 表三 and 表四, by label first, then by position.

Labels are matched by catalog form (normalised, with or without the printed numbering). Rows of 表三
whose label was lost (text converted from a PDF often detaches them) are placed by template order between
the labelled rows around them, and only when the count of such rows equals the count of unfilled rows in
that gap.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from gongkai.catalog import Catalog, Label
from gongkai.catalog.normalize import normalize
from gongkai.layout import printed_label
from gongkai.model.report import APPEAL_COLUMNS, REQUEST_COLUMNS, Location
from gongkai.readers.layout import Cell
from gongkai.readers.rows import Fitted, RowView, align_by_position, fit
from gongkai.readers.values import Value, parse_value

_HEADER_WORDS = tuple(
    normalize(w) for w in ("自然人", "商业企业", "申请人情况", "法律服务机构", "信息内容", "结果维持")
)


# words a 表四 data row may carry as its label: a caption run into it, or a non-official "案件数量" column
_APPEALS_ROW_WORDS = ("复议", "诉讼", "案件", "数量", "件数")


@dataclass
class FillResult:
    values: dict[str, Any] = field(default_factory=dict)  # model path -> value, validated once at the end
    cells: dict[str, Location] = field(default_factory=dict)
    rows_found: list[str] = field(default_factory=list)
    unaligned: list[str] = field(default_factory=list)
    tables_found: list[str] = field(default_factory=list)
    subtotals: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # how cells were decided (reading notes, rule F108)
    from_narrative: list[str] = field(default_factory=list)  # cell paths decided from the narrative
    last_requests_order: int = -1
    uncertain: dict[str, list[float]] = field(default_factory=dict)  # OCR'd cells left blank -> candidates


def _is_header(row: RowView) -> bool:
    return any(w in row.label for w in _HEADER_WORDS)


class Forms:
    """Label forms → key, matched by equality or, for distinctive forms, by suffix; the longest form wins.

    A row label carries its parents' text in front (``三本年度办理结果一予以公开``), so a form matches the end
    of the label. Short bare forms (``其他``, ``总计``) only match exactly: they are column words too.
    """

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.exact: dict[str, str] = {}
        self.suffix: dict[str, str] = {}
        for form, key in pairs:
            self.exact.setdefault(form, key)
            if len(form) >= 4 or not form.isalpha() or _numbered(form):
                self.suffix.setdefault(form, key)
        self.lengths = sorted({len(f) for f in self.suffix}, reverse=True)

    def match(self, label: str) -> str | None:
        if label in self.exact:
            return self.exact[label]
        for n in self.lengths:
            if n <= len(label) and (key := self.suffix.get(label[-n:])) is not None:
                return key
        return None


def _numbered(form: str) -> bool:
    return bool(re.match(r"^[0-9一二三四五六七八九十]", form)) and len(form) >= 3


def _forms(labels: tuple[Label, ...]) -> Forms:
    return Forms([(f, lab.key) for lab in labels for f in lab.forms])


def _store(result: FillResult, path: str, row: RowView, fitted: Fitted, cols: tuple[str, ...]) -> None:
    for col, (cell, value) in zip(cols, fitted, strict=True):
        result.values[f"{path}.{col}"] = value.number
        result.cells[f"{path}.{col}"] = row.location(cell if cell.col >= 0 else None)
        if cell.candidates:  # an unsure OCR'd digit: a blank with every reading, never a guess
            numbers = {v.number for v in map(parse_value, cell.candidates) if v.number is not None}
            result.values[f"{path}.{col}"] = None
            result.uncertain[f"{path}.{col}"] = sorted(float(n) for n in numbers)
    result.rows_found.append(path)


def _fit_row(row: RowView, width: int, siblings: list[RowView]) -> Fitted | None:
    fitted = fit(row.values, width)
    if fitted is None:
        reference = [s for s in siblings if s.table is row.table and len(s.values) == width]
        fitted = align_by_position(row, reference, width)
    return fitted


# ---- 表三 ---------------------------------------------------------------------------------


def fill_requests(
    template: str,
    rows: list[RowView],
    catalog: Catalog,
    result: FillResult,
    stated: dict[str, tuple[float, str]] | None = None,
) -> None:
    specs = catalog.request_rows(template)
    order_index = {lab.key: i for i, lab in enumerate(specs)}
    forms = _forms(specs)
    group_forms = Forms(
        [(normalize(g.number) + normalize(g.label), g.key) for g in catalog.requests_groups if g.rows]
        + [(normalize(g.label), g.key) for g in catalog.requests_groups if g.rows and len(g.label) >= 4]
    )
    width = len(REQUEST_COLUMNS)
    matched: dict[str, RowView] = {}
    anchors: list[tuple[int, int]] = []  # (document order, template index)
    orphans: list[RowView] = []
    subtotal_rows: dict[str, RowView] = {}
    candidates = [r for r in rows if not _is_header(r)]
    for row in candidates:
        key = forms.match(row.label) if row.label else None
        if key is not None:
            if key in matched and (matched[key].has_number or not row.has_number):
                continue
            matched[key] = row
            anchors.append((row.order, order_index[key]))
        elif row.label:
            group = group_forms.match(row.label)
            if group is not None and row.has_number:
                subtotal_rows[group] = row
            elif group is None and row.has_number and fit(row.values, width) is not None:
                orphans.append(row)  # a label misprinted in the report (characters left out): placed by order
        elif row.has_number and fit(row.values, width) is not None:
            orphans.append(row)
    # （六）其他处理 as a row with numbers beside its sub-rows is a subtotal, not the hybrid single row
    if template == "2021" and "other" in matched:
        subs = ("other_no_correction", "other_unpaid_fee", "other_misc")
        if any(s in matched and matched[s].has_number for s in subs) or not matched["other"].has_number:
            if matched["other"].has_number:
                subtotal_rows["other_sub"] = matched["other"]
            del matched["other"]
    _place_orphans(matched, anchors, orphans, specs, template)
    for key, row in matched.items():
        path = f"requests.{key}"
        fitted = _placed(row, path, REQUEST_COLUMNS, stated or {}, result, candidates, width)
        if fitted is None:
            result.unaligned.append(path)
            result.rows_found.append(path)
            continue
        _store(result, path, row, fitted, REQUEST_COLUMNS)
    for group, row in subtotal_rows.items():
        fitted = fit(row.values, width)
        if fitted is not None:
            result.subtotals[f"requests.{group}"] = dict(
                zip(REQUEST_COLUMNS, (v.number for _, v in fitted), strict=True)
            )
    if matched:
        result.tables_found.append("requests")
        result.last_requests_order = max(r.order for r in matched.values())


def _place_orphans(
    matched: dict[str, RowView],
    anchors: list[tuple[int, int]],
    orphans: list[RowView],
    specs: tuple[Label, ...],
    template: str,
) -> None:
    if not orphans or not anchors:
        return
    anchors = sorted(anchors)
    bounds = [*anchors, (10**9, len(specs))]
    for (o1, i1), (o2, i2) in itertools.pairwise(bounds):
        if i2 <= i1:
            continue
        gap_rows = [r for r in orphans if o1 < r.order < o2]
        # a 2021 report's single （六） row is never inferred from position
        gap_keys = [
            specs[i].key
            for i in range(i1 + 1, i2)
            if specs[i].key not in matched and not (specs[i].key == "other" and template == "2021")
        ]
        if o2 == 10**9:
            # after the last labelled row: only as many rows as remain, and only if they all fit
            gap_rows = gap_rows[: len(gap_keys)] if len(gap_rows) >= len(gap_keys) else []
        if gap_rows and len(gap_rows) == len(gap_keys):
            for key, row in zip(gap_keys, gap_rows, strict=True):
                matched[key] = row


# ---- 表四 ---------------------------------------------------------------------------------


def fill_appeals(
    rows: list[RowView],
    catalog: Catalog,
    result: FillResult,
    stated: dict[str, tuple[float, str]] | None = None,
) -> None:
    width = len(catalog.appeals_groups) * len(APPEAL_COLUMNS)
    groups = [g.key for g in catalog.appeals_groups]
    candidates = [
        r
        for r in rows
        if (not r.label or any(w in r.label for w in _APPEALS_ROW_WORDS))
        and r.has_number
        and fit(r.values, width) is not None
    ]
    after = [r for r in candidates if r.order > result.last_requests_order]
    chosen = (after or candidates)[:1]
    if chosen and _trailing_blank(chosen[0], width):
        # a converter's row of the three groups ending in empty cells: where its numbers stand is not known
        for group in groups:
            result.unaligned.append(f"appeals.{group}")
            result.rows_found.append(f"appeals.{group}")
        result.tables_found.append("appeals")
        return
    if chosen:
        row = chosen[0]
        fitted = fit(row.values, width)
        assert fitted is not None
        for g, group in enumerate(groups):
            part = fitted[g * 5 : g * 5 + 5]
            _store(result, f"appeals.{group}", row, part, APPEAL_COLUMNS)
        result.tables_found.append("appeals")
        return
    # one row per group: 行政复议 / 未经复议直接起诉 / 复议后起诉 with five values each, the group named in
    # the row's label or, for a converter's three small tables, in the heading right above its table
    forms = _forms(catalog.appeals_groups)
    found = False
    for row in rows:
        key = forms.match(row.label or row.caption) if row.label or row.caption else None
        if key is None or f"appeals.{key}" in result.rows_found:
            continue
        group_path, size = f"appeals.{key}", len(APPEAL_COLUMNS)
        trailing = _trailing_blank(row, size)
        fitted = (None if trailing else fit(row.values, size)) or _from_narrative(
            row, group_path, APPEAL_COLUMNS, stated or {}, result, size
        )
        if (
            fitted is None and trailing
        ):  # printed, but where its numbers stand is not known: F103, never a guess
            result.unaligned.append(group_path)
            result.rows_found.append(group_path)
            found = True
        if fitted is not None and row.has_number:
            _store(result, group_path, row, fitted, APPEAL_COLUMNS)
            found = True
    if found:
        result.tables_found.append("appeals")


# ---- 表二 ---------------------------------------------------------------------------------


def fill_proactive(
    template: str,
    rows: list[RowView],
    catalog: Catalog,
    result: FillResult,
    stated: dict[str, tuple[float, str]] | None = None,
) -> None:
    specs = catalog.proactive[template]
    forms = Forms(
        [(f, lab.key) for lab in specs for f in (normalize(lab.label), *map(normalize, lab.variants))]
    )
    for row in rows:
        if not row.label or _is_header(row):
            continue
        key = forms.match(row.label) if len(row.label) <= 20 else None
        if key is None or f"proactive.{key}" in result.rows_found:
            continue
        spec = next(s for s in specs if s.key == key)
        cols = tuple(c for c in spec.columns)
        fitted = _placed(row, f"proactive.{key}", cols, stated or {}, result, rows)
        if fitted is None:
            if row.values:
                result.unaligned.append(f"proactive.{key}")
                result.rows_found.append(f"proactive.{key}")
            continue
        _store(result, f"proactive.{key}", row, fitted, cols)
        if key == "procurement":
            unit = next((v.unit for _, v in fitted if v.unit), None) or _header_unit(row, rows)
            result.values["proactive.procurement.amount_unit"] = unit
    if any(p.startswith("proactive.") for p in result.rows_found):
        result.tables_found.append("proactive")


def _trailing_blank(row: RowView, width: int) -> bool:
    """A converter's Markdown row whose numbers stop before its last column, empty cells after them: the
    converter may have dropped a cell before them and added the empty one (see ``Row.loose``), so where its
    numbers stand is not known from the row itself. A row with empty cells among its numbers is not such a
    row: the converter kept its empty cells (and a document with such a row has none, see ``row_views``)."""
    if not row.loose:
        return False
    vals = list(row.values)
    while len(vals) > width and vals[-1][1].kind == "blank":
        vals.pop()
    if len(vals) != width or vals[-1][1].kind != "blank" or not row.has_number:
        return False
    kinds = [v.kind for _, v in vals]
    last_number = max(i for i, k in enumerate(kinds) if k == "number")
    # empty cells among the numbers: this converter keeps the empty cells, so the trailing ones stand too
    numbers, after = kinds[:last_number], kinds[last_number + 1 :]
    return all(k == "number" for k in numbers) and all(k == "blank" for k in after)


def _placed(
    row: RowView,
    path: str,
    cols: tuple[str, ...],
    stated: dict[str, tuple[float, str]],
    result: FillResult,
    siblings: list[RowView],
    group: int | None = None,
) -> Fitted | None:
    """A row's values in its columns: fitted by position, or — for a row printing fewer numbers than it has
    columns — placed only where one reading is left (:func:`_from_narrative`); None when it cannot be said."""
    if _trailing_blank(row, len(cols)):
        return _from_narrative(row, path, cols, stated, result, group)
    return _fit_row(row, len(cols), siblings) or _from_narrative(row, path, cols, stated, result, group)


def _solve(values: list[float | None], i: int, group: int) -> float | None:
    """Cell ``i`` from its group's sum (the last cell is the sum of the others): the number (negative when no
    count fits), or None when another cell of the group is unknown too."""
    start = i // group * group
    cells = values[start : start + group]
    if sum(v is None for v in cells) != 1:
        return None
    known = [v for v in cells if v is not None]
    total = cells[-1]
    return sum(known) if total is None else total - sum(known[:-1])


def _from_narrative(
    row: RowView,
    path: str,
    cols: tuple[str, ...],
    stated: dict[str, tuple[float, str]],
    result: FillResult,
    group: int | None = None,
) -> Fitted | None:
    """A row printing fewer numbers than it has columns (a converter dropped a cell): every placement of the
    gaps among the columns is tried, the printed numbers keeping their order. A gap is filled from the
    narrative where it states the cell (``制发规章22件``, ``收到政府信息公开申请34件``, ``行政复议1件``); a
    placement must agree with every statement about a printed cell and keep the sums (``group``: each
    group's last cell is the sum of the others — a gap the sums alone decide only tests the placement, it is
    never filled).
    A converter's row that ends in empty cells (:func:`_trailing_blank`) may also stand as printed, the empty
    cells blank. The row is read only when exactly one reading is left; anything else is left to F103."""
    values = list(row.values)
    while values and values[-1][1].kind == "blank":
        values.pop()  # a trailing empty cell (a converter's extra column), as fit() drops it
    printed = [(c, v) for c, v in values if v.kind == "number"]
    n = len(cols)
    if not printed or len(values) != len(printed) or len(printed) >= n:
        return None
    as_printed = tuple(range(len(printed), n)) if _trailing_blank(row, n) else None
    said = {i: stated[f"{path}.{c}"] for i, c in enumerate(cols) if f"{path}.{c}" in stated}
    # each reading's values → a placement giving them; a placement whose gap only the sums decide is kept
    # only while no placement from print and narrative alone gives the same values
    readings: dict[tuple[float | None, ...], tuple[tuple[int, ...], bool]] = {}
    for gaps in itertools.combinations(range(n), n - len(printed)):
        numbers = iter(float(v.number or 0) for _, v in printed)
        row_values: list[float | None] = [
            (said[i][0] if i in said else None) if i in gaps else next(numbers) for i in range(n)
        ]
        if any(i not in gaps and abs((row_values[i] or 0) - said[i][0]) > 1e-9 for i in said):
            continue
        unknown = [i for i in gaps if row_values[i] is None]
        checked = list(row_values)
        if gaps != as_printed and unknown:
            # a shifted reading: its unstated gap must follow from the sums (tested, never filled); a shift
            # nothing in the report supports (no statement, no sum decides its gap) is no reading at all
            solved = [_solve(row_values, i, group) if group else None for i in unknown]
            if any(v is None or v < -1e-9 for v in solved):
                continue
            for i, v in zip(unknown, solved, strict=True):
                checked[i] = v
        if group and not _sums_hold(checked, group):
            continue
        # as printed, the empty cells are blanks the report printed: a statement tests them, never fills them
        key = tuple(None if gaps == as_printed and i in gaps else v for i, v in enumerate(checked))
        by_sums = gaps != as_printed and bool(unknown)
        if key not in readings or (readings[key][1] and not by_sums):
            readings[key] = (gaps, by_sums)
    if len(readings) != 1:
        return None
    ((_, (gaps, by_sums)),) = readings.items()
    if by_sums:
        return None
    if gaps == as_printed:
        return list(values) + [(Cell(text="", col=-1), Value("blank")) for _ in gaps]
    numbers_left = iter(printed)
    fitted: Fitted = []
    for i in range(n):
        if i in gaps:
            value = said[i][0] if i in said else None
            if value is None:
                fitted.append((Cell(text="", col=-1), Value("blank")))
            else:
                number = int(value) if value.is_integer() else value
                fitted.append((Cell(text="", col=-1), Value("number", number)))
        else:
            fitted.append(next(numbers_left))
    filled = [i for i in gaps if i in said]
    result.from_narrative.extend(f"{path}.{cols[i]}" for i in filled)
    words = "；".join(f"“{printed_label(f'{path}.{cols[i]}')}”按正文“{said[i][1]}”填写" for i in filled)
    name = printed_label(f"{path}.{cols[0]}").split("·")[0]
    table = {"proactive": "表二", "requests": "表三", "appeals": "表四"}[path.split(".")[0]]
    result.notes.append(
        f"{table}：“{name}”一行只印了{len(printed)}个数（应为{n}个），{words}，其余按顺序对应"
    )
    return fitted


def _sums_hold(values: list[float | None], group: int) -> bool:
    """Each group's last cell (总计) is the sum of the others, wherever the group is fully known."""
    for start in range(0, len(values), group):
        cells = values[start : start + group]
        if None not in cells and abs(sum(cells[:-1]) - cells[-1]) > 1e-9:  # type: ignore[arg-type,operator]
            return False
    return True


def _header_unit(row: RowView, rows: list[RowView]) -> Any:
    """The unit printed in the 采购总金额 header cell above the row, if any."""
    for prev in reversed(rows[: row.order]):
        if prev.table is not row.table:
            break
        if "采购总金额" in prev.raw_label:
            m = re.search(r"采购总金额\s*[（(]\s*(?:单位\s*[:：]\s*)?(万元|元)", prev.raw_label)
            return m.group(1) if m else None
    return None
