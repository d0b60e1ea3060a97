"""The official layout as data every renderer draws: the title, the six sections and the three tables as grids
of cells with their row and column spans.

The merged structure is copied from the official 2021 blank template (``template-2021-blank.docx``) and,
for the 2019 template, from ``annual-report-format.md`` §2–§4:

- 表二: four grid columns. Each 第二十条第（X）项 caption spans all four; a 2021 decision count or fee amount
  spans the three value columns; the 2019 第（八）/（九）项 rows have two values, the second spanning two
  columns.
- 表三: ten grid columns (three label columns, seven applicant columns) under a three-row header whose
  top-left cell carries the 勾稽 note. ``三、本年度办理结果`` spans its outcome rows; the categories
  （三）–（五） (and （六） in the 2021 template) span their numbered sub-rows; single rows such as （一）
  span the two inner label columns.
- 表四: fifteen columns under a three-row header: 行政复议 over five columns whose labels span two rows,
  行政诉讼 over ten, split into 未经复议直接起诉 and 复议后起诉.

Which rows print, their numbers, labels, groups and the header texts come from :mod:`gongkai.layout`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from gongkai import layout
from gongkai.model.report import APPEAL_COLUMNS, REQUEST_COLUMNS, Number, Report

Kind = Literal["caption", "header", "label", "value"]
TableKey = Literal["proactive", "requests", "appeals"]


@dataclass(slots=True)
class GridCell:
    """One cell of a table grid, placed at its top-left grid position. ``path`` is the model path of a value
    cell; ``headers`` the ids of the header cells that describe it (for HTML ``headers``)."""

    text: str
    kind: Kind
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    path: str | None = None
    value: Number = None
    unit: str | None = None
    id: str = ""
    headers: tuple[str, ...] = ()


@dataclass(slots=True)
class GridTable:
    key: TableKey
    caption: str
    n_cols: int
    header_rows: int  # rows repeated at the top of each page (0: none)
    widths: tuple[int, ...]  # relative column widths (twentieths of a point, as in the template)
    rows: list[list[GridCell]] = field(default_factory=list)

    def cell_map(self) -> dict[tuple[int, int], GridCell]:
        """Every covered grid position → the cell covering it."""
        out: dict[tuple[int, int], GridCell] = {}
        for row in self.rows:
            for c in row:
                for r in range(c.row, c.row + c.rowspan):
                    for k in range(c.col, c.col + c.colspan):
                        out[r, k] = c
        return out

    @property
    def values(self) -> list[GridCell]:
        return [c for row in self.rows for c in row if c.kind == "value"]


Block = tuple[Literal["heading"], str] | tuple[Literal["text"], str] | tuple[Literal["table"], GridTable]


@dataclass(slots=True)
class Document:
    title: str
    blocks: list[Block]


def format_number(value: Number) -> str:
    """A cell value as printed: blank for ``None`` (never 0), integers plainly, decimals without exponent."""
    if value is None:
        return ""
    if isinstance(value, bool):  # pragma: no cover - the model never holds booleans
        raise TypeError("boolean cell value")
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" in text or "E" in text:
        text = f"{value:.12f}".rstrip("0").rstrip(".")
    return text


def report_title(report: Report) -> str:
    return layout.report_title(report.agency, report.year, report.title)


def build_document(report: Report, *, with_units_in_cells: bool = True) -> Document:
    """The report as blocks in official order: headings, narrative paragraphs, the three tables."""
    blocks: list[Block] = []
    texts = {
        "overview": report.sections.overview,
        "problems": report.sections.problems,
        "other": report.sections.other,
    }
    tables = {
        "proactive": proactive_table(report, with_unit_in_cell=with_units_in_cells),
        "requests": requests_table(report),
        "appeals": appeals_table(report),
    }
    for key in layout.section_keys():
        blocks.append(("heading", layout.section_heading(key)))
        if key in tables:
            blocks.append(("table", tables[key]))
        else:
            for line in (texts.get(key) or "").split("\n"):
                if line.strip():
                    blocks.append(("text", line.strip()))
    return Document(title=report_title(report), blocks=blocks)


# ---- 表二 --------------------------------------------------------------------------------------------------


def proactive_table(report: Report, *, with_unit_in_cell: bool = True) -> GridTable:
    """表二. ``with_unit_in_cell``: print the 2019 procurement unit inside the amount cell (as the reference
    example does); otherwise it goes into the 采购总金额 header (for formats whose cells hold bare
    numbers)."""
    template = report.template
    table = GridTable("proactive", layout.section_title("proactive"), 4, 0, (2435, 2435, 2435, 2435))
    content = layout.header("proactive_content")
    specs = {spec.key: spec for spec in layout.proactive_rows(template)}
    items: dict[str, list[str]] = {}
    for spec in specs.values():
        items.setdefault(spec.item, []).append(spec.key)
    for b, (item, keys) in enumerate(items.items()):
        first = specs[keys[0]]
        columns = list(first.columns.items())
        r = len(table.rows)
        cap_id = f"p{b}"
        table.rows.append([GridCell(item, "caption", r, 0, colspan=4, id=cap_id)])
        spans = _value_spans(len(columns))
        unit = _procurement_unit(report) if first.key == "procurement" else None
        header: list[GridCell] = [GridCell(content, "header", r + 1, 0, id=f"{cap_id}h0", headers=(cap_id,))]
        for k, ((_, label), (col, span)) in enumerate(zip(columns, spans, strict=True)):
            text = label
            if unit and not with_unit_in_cell and k == len(columns) - 1:
                text += layout.header("amount_unit").format(unit=unit)
            header.append(
                GridCell(text, "header", r + 1, col, colspan=span, id=f"{cap_id}h{k + 1}", headers=(cap_id,))
            )
        table.rows.append(header)
        for key in keys:
            spec = specs[key]
            rr = len(table.rows)
            row_id = f"{cap_id}r{key}"
            cells = [GridCell(spec.label, "label", rr, 0, id=row_id, headers=(cap_id, f"{cap_id}h0"))]
            for k, ((col_key, _), (col, span)) in enumerate(zip(spec.columns.items(), spans, strict=True)):
                path = f"proactive.{key}.{col_key}"
                value = report.get(path)
                cell_unit = (
                    unit if key == "procurement" and col_key == "amount" and value is not None else None
                )
                text = format_number(value)
                if cell_unit and with_unit_in_cell:
                    text += layout.header("amount_unit").format(unit=cell_unit)
                cells.append(
                    GridCell(
                        text,
                        "value",
                        rr,
                        col,
                        colspan=span,
                        path=path,
                        value=value,
                        unit=cell_unit,
                        headers=(cap_id, f"{cap_id}h{k + 1}", row_id),
                    )
                )
            table.rows.append(cells)
    return table


def _value_spans(n: int) -> list[tuple[int, int]]:
    """(first grid column, span) of each of ``n`` value columns in the three value columns of 表二."""
    if n == 3:
        return [(1, 1), (2, 1), (3, 1)]
    if n == 2:
        return [(1, 1), (2, 2)]
    return [(1, 3)]


def _procurement_unit(report: Report) -> str | None:
    if report.template != "2019":
        return None
    unit: str | None = report.get("proactive.procurement.amount_unit")
    return unit


# ---- 表三 --------------------------------------------------------------------------------------------------


def requests_table(report: Report) -> GridTable:
    widths = (754, 921, 3271, *(685,) * 7)
    table = GridTable("requests", layout.section_title("requests"), 10, 3, widths)
    cols = [layout.request_column_label(c) for c in REQUEST_COLUMNS]
    note, applicants = layout.header("requests_note"), layout.header("requests_applicants")
    orgs = layout.header("requests_organisations")
    table.rows.append(
        [
            GridCell(note, "header", 0, 0, rowspan=3, colspan=3, id="rnote"),
            GridCell(applicants, "header", 0, 3, colspan=7, id="rapp"),
        ]
    )
    table.rows.append(
        [
            GridCell(cols[0], "header", 1, 3, rowspan=2, id="rc0", headers=("rapp",)),
            GridCell(orgs, "header", 1, 4, colspan=5, id="rorg", headers=("rapp",)),
            GridCell(cols[-1], "header", 1, 9, rowspan=2, id="rc6", headers=("rapp",)),
        ]
    )
    table.rows.append(
        [
            GridCell(c, "header", 2, 4 + i, id=f"rc{i + 1}", headers=("rapp", "rorg"))
            for i, c in enumerate(cols[1:-1])
        ]
    )
    rows = layout.rows_of(report)
    results = layout.group(layout.RESULTS)
    outcomes = [row for row in rows if row.group]
    first_row = len(table.rows)
    seen_groups: set[str] = set()
    for row in rows:
        key = row.key
        r = len(table.rows)
        cells: list[GridCell] = []
        row_headers: tuple[str, ...]
        if row.level == 0:  # 一、二、四: the label spans the three label columns
            cells.append(GridCell(row.printed, "label", r, 0, colspan=3, id=f"r{key}"))
            row_headers = (f"r{key}",)
        else:
            if row is outcomes[0]:
                cells.append(GridCell(results.heading, "label", r, 0, rowspan=len(outcomes), id="rresults"))
            if row.level == 1:  # （一）（二）（六）（七）: the label spans the two inner label columns
                cells.append(GridCell(row.printed, "label", r, 1, colspan=2, id=f"r{key}"))
                row_headers = ("rresults", f"r{key}")
            else:
                group = layout.group(row.group)
                if group.key not in seen_groups:
                    seen_groups.add(group.key)
                    cells.append(
                        GridCell(
                            group.heading,
                            "label",
                            r,
                            1,
                            rowspan=len(group.rows),
                            id=f"rg{group.key}",
                            headers=("rresults",),
                        )
                    )
                cells.append(GridCell(row.printed, "label", r, 2, id=f"r{key}"))
                row_headers = ("rresults", f"rg{group.key}", f"r{key}")
        for i, col in enumerate(REQUEST_COLUMNS):
            path = f"requests.{key}.{col}"
            value = report.get(path)
            col_headers = ("rapp", f"rc{i}") if i in (0, 6) else ("rapp", "rorg", f"rc{i}")
            cells.append(
                GridCell(
                    format_number(value),
                    "value",
                    r,
                    3 + i,
                    path=path,
                    value=value,
                    headers=(*col_headers, *row_headers),
                )
            )
        table.rows.append(cells)
    assert len(table.rows) - first_row == len(rows)
    return table


# ---- 表四 --------------------------------------------------------------------------------------------------


def appeals_table(report: Report) -> GridTable:
    table = GridTable("appeals", layout.section_title("appeals"), 15, 3, (650,) * 15)
    review, direct, after = layout.appeal_groups()
    col_labels = [c.label for c in layout.appeal_columns()]
    table.rows.append(
        [
            GridCell(review.label, "header", 0, 0, colspan=5, id=f"a{review.key}"),
            GridCell(layout.header("appeals_suit"), "header", 0, 5, colspan=10, id="asuit"),
        ]
    )
    second = [
        GridCell(text, "header", 1, i, rowspan=2, id=f"a{review.key}{i}", headers=(f"a{review.key}",))
        for i, text in enumerate(col_labels)
    ]
    second += [
        GridCell(g.label, "header", 1, 5 + 5 * n, colspan=5, id=f"a{g.key}", headers=("asuit",))
        for n, g in enumerate((direct, after))
    ]
    table.rows.append(second)
    table.rows.append(
        [
            GridCell(text, "header", 2, 5 + 5 * n + i, id=f"a{g.key}{i}", headers=("asuit", f"a{g.key}"))
            for n, g in enumerate((direct, after))
            for i, text in enumerate(col_labels)
        ]
    )
    values: list[GridCell] = []
    for n, g in enumerate((review, direct, after)):
        for i, col in enumerate(APPEAL_COLUMNS):
            path = f"appeals.{g.key}.{col}"
            value = report.get(path)
            heads = (f"a{g.key}", f"a{g.key}{i}") if n == 0 else ("asuit", f"a{g.key}", f"a{g.key}{i}")
            values.append(
                GridCell(format_number(value), "value", 3, 5 * n + i, path=path, value=value, headers=heads)
            )
    table.rows.append(values)
    return table
