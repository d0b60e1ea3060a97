"""The official layout of the annual report: the one place that knows which template a year uses, which rows
a report prints and in what order, each row's printed number, label, level and group, the section headings,
the table headers and the title.

Everything Chinese comes from the catalog (``catalog/labels.yaml``); this module only arranges it. Readers,
rules, renderers, the schema and the web application ask here instead of working it out again. Answers are
cached (the catalog is read once).

>>> template_for_year(2020), template_for_year(2021)
('2019', '2021')
>>> [r.outline for r in request_rows("2021") if r.group == "refused"][:2]
['三（三）1.', '三（三）2.']
>>> cell_label("requests.refused_state_secret.total")
'三（三）1.属于国家秘密·总计'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from gongkai.catalog import TEMPLATES, Label, TemplateId, load_catalog

#: First report year of each template (国办公开办函〔2019〕60号; 〔2021〕30号).
FIRST_YEAR: dict[str, int] = {"2019": 2019, "2021": 2021}

#: The 表三 category whose number (三) heads every outcome row.
RESULTS = "results"
#: The 表三 category of the 2021 template's three （六） sub-rows.
OTHER_SUB = "other_sub"

_NOTE = re.compile(r"（[^（）]*）$")


class HasLayout(Protocol):
    """What the layout needs of a report: its template (a 2021 report also says if （六） is one row)."""

    @property
    def template(self) -> str: ...


def template_for_year(year: int) -> TemplateId:
    """The template a report year uses: 2019 (years up to 2020) or 2021 (2021 on)."""
    return "2021" if year >= FIRST_YEAR["2021"] else "2019"


def single_other_row(report: HasLayout) -> bool:
    """True if the report prints （六）其他处理 as one row: the 2019 template, or the hybrid 2021 layout."""
    return report.template == "2019" or bool(getattr(report, "single_other_row", False))


# ---- 表三 rows -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One printed row of 表三.

    ``number`` is the numbering printed in the row's own cell (``一`` / ``（一）`` / ``1.``), ``outline`` the
    full number that places it (``一`` / ``三（一）`` / ``三（三）1.``), ``level`` 0 for 一、二、四, 1 for
    （一）…（七）, 2 for the numbered sub-items; ``group`` the key of its category (``""`` for 一、二、四,
    ``results`` for （一）（二）（六）（七）, else ``refused`` / ``unable`` / ``not_processed`` /
    ``other_sub``).
    """

    key: str
    number: str
    outline: str
    label: str
    level: int
    group: str

    @property
    def path(self) -> str:
        return f"requests.{self.key}"

    @property
    def printed(self) -> str:
        """The row's text as printed in its own cell: ``一、本年新收…``, ``（一）予以公开``,
        ``1.属于国家秘密``."""
        return f"{self.number}、{self.label}" if self.level == 0 else f"{self.number}{self.label}"

    @property
    def short(self) -> str:
        """The row's label as prose names it, official note dropped (``部分公开``)."""
        return _NOTE.sub("", self.label)

    @property
    def message(self) -> str:
        """The row named in a message: full number, official note dropped (``三（二）部分公开``)."""
        return f"{self.outline}、{self.short}" if self.level == 0 else f"{self.outline}{self.short}"


@dataclass(frozen=True)
class Group:
    """A category heading of 表三 (merged, no numbers of its own): ``results`` (三、本年度办理结果) and the
    categories （三）–（六）."""

    key: str
    number: str
    label: str
    rows: tuple[str, ...]

    @property
    def heading(self) -> str:
        """As printed: ``三、本年度办理结果``, ``（三）不予公开``."""
        return f"{self.number}、{self.label}" if self.key == RESULTS else f"{self.number}{self.label}"


def _row(spec: Label) -> Row:
    if not spec.group:
        return Row(spec.key, spec.number, spec.number, spec.label, 0, "")
    results = group(RESULTS)
    if spec.group == RESULTS:
        return Row(spec.key, spec.number, results.number + spec.number, spec.label, 1, RESULTS)
    outline = results.number + group(spec.group).number + spec.number
    return Row(spec.key, spec.number, outline, spec.label, 2, spec.group)


@cache
def _all_rows() -> dict[str, Row]:
    return {spec.key: _row(spec) for spec in load_catalog().requests_rows}


@cache
def group(key: str) -> Group:
    g = next(g for g in load_catalog().requests_groups if g.key == key)
    rows = g.rows or tuple(r.key for r in load_catalog().requests_rows if r.group == key)
    return Group(g.key, g.number, g.label, rows)


def groups() -> tuple[Group, ...]:
    """The categories with sub-items, in official order (``refused`` … ``other_sub``)."""
    return tuple(group(g.key) for g in load_catalog().requests_groups if g.rows)


def request_row(key: str) -> Row:
    return _all_rows()[key]


@cache
def request_rows(template: str, *, single_other: bool | None = None) -> tuple[Row, ...]:
    """The 表三 rows a template prints, in official order. （六） is one row in the 2019 template and three
    sub-rows in the 2021 one; ``single_other=True`` asks for the hybrid 2021 layout (one （六） row)."""
    single = template == "2019" if single_other is None else single_other
    out = []
    for spec in load_catalog().request_rows(template):
        if spec.key == "other" and not single:
            continue
        if spec.group == OTHER_SUB and single:
            continue
        out.append(_all_rows()[spec.key])
    return tuple(out)


def rows_of(report: HasLayout) -> tuple[Row, ...]:
    """The 表三 rows this report prints (its template; the hybrid 2021 layout prints one （六） row)."""
    return request_rows(report.template, single_other=single_other_row(report))


def row_keys(report: HasLayout) -> tuple[str, ...]:
    return tuple(r.key for r in rows_of(report))


def other_row_keys(report: HasLayout) -> tuple[str, ...]:
    """The rows that make up （六）其他处理: the single row, or （六）1–3."""
    return ("other",) if single_other_row(report) else group(OTHER_SUB).rows


def outcome_row_keys(report: HasLayout) -> tuple[str, ...]:
    """The rows summed into 三（七）总计: （一）, （二）, the sub-items of （三）–（五）, and （六）."""
    return tuple(r.key for r in rows_of(report) if r.group and r.key != "total_handled")


def counted_in(outcome: str, template: str) -> str:
    """The 表三 row of ``template`` that counts an outcome coded as a 2021 row key: the 2019 template prints
    the three （六） sub-rows as its one （六） row."""
    if template == "2019" and outcome in group(OTHER_SUB).rows:
        return "other"
    return outcome


@cache
def request_row_label(key: str) -> str:
    """A 表三 row named in a message: ``一、本年新收政府信息公开申请数量``, ``三（三）1.属于国家秘密``."""
    return request_row(key).message


@cache
def request_group_label(key: str) -> str:
    """A 表三 category named in a message: ``三（三）不予公开``."""
    g = group(key)
    return f"{group(RESULTS).number}{g.number}{g.label}"


@cache
def request_column_label(key: str) -> str:
    return next(c.label for c in load_catalog().requests_columns if c.key == key)


@cache
def request_column_heading(key: str) -> str:
    """A 表三 column under its headers: ``自然人``, ``法人或其他组织·商业企业``, ``总计``."""
    label = request_column_label(key)
    if key in ("natural_person", "total"):
        return label
    return f"{header('requests_organisations')}·{label}"


# ---- 表二, 表四, sections, headers ------------------------------------------------------------------


def proactive_rows(template: str) -> tuple[Label, ...]:
    """The 表二 rows of a template, each with its 第二十条 item and its columns (key → label), in order."""
    return load_catalog().proactive[template]


@cache
def proactive_row_label(template: str, key: str) -> str:
    return load_catalog().proactive_row(template, key).label


@cache
def proactive_column_label(template: str, row: str, column: str) -> str:
    return load_catalog().proactive_row(template, row).columns[column]


def appeal_groups() -> tuple[Label, ...]:
    return load_catalog().appeals_groups


def appeal_columns() -> tuple[Label, ...]:
    return load_catalog().appeals_columns


@cache
def appeal_group_label(key: str) -> str:
    return next(g.label for g in appeal_groups() if g.key == key)


@cache
def appeal_group_heading(key: str) -> str:
    """A 表四 group under its header: ``行政复议``, ``行政诉讼·未经复议直接起诉``."""
    label = appeal_group_label(key)
    return label if key == "review" else f"{header('appeals_suit')}·{label}"


@cache
def appeal_column_label(key: str) -> str:
    return next(c.label for c in appeal_columns() if c.key == key)


@cache
def section_heading(key: str) -> str:
    """``一、总体情况`` … ``六、其他需要报告的事项``."""
    s = load_catalog().section(key)
    return f"{s.number}、{s.label}"


def section_keys() -> tuple[str, ...]:
    return tuple(s.key for s in load_catalog().sections)


def section_title(key: str) -> str:
    """A section's label without its number (the caption of its table)."""
    return load_catalog().section(key).label


def header(key: str) -> str:
    """A text the templates print around the tables (catalog ``headers``), e.g. ``requests_note``."""
    return load_catalog().headers[key]


def placeholder(key: str) -> str:
    """A text that stands in a section until someone writes it (catalog ``placeholders``): ``to_fill`` is
    ``（待填写）``."""
    return load_catalog().placeholders[key]


def placeholders() -> tuple[str, ...]:
    """Every placeholder text: the official blank template's notes and the ledger draft's."""
    return tuple(load_catalog().placeholders.values())


def title(agency: str, year: int) -> str:
    """The title an agency gives its report: ``某某局2024年政府信息公开工作年度报告``."""
    return header("title").format(agency=agency, year=year)


def report_title(agency: str | None, year: int | None, own: str | None = None) -> str:
    """The title a rendered report prints: its own, else ``某某局2024年度政府信息公开工作年度报告``."""
    if own:
        return own
    period = header("title_period").format(year=year) if year is not None else ""
    return header("title_untitled").format(agency=agency or "", period=period)


# ---- labels of model paths ------------------------------------------------------------------------------


@cache
def cell_label(path: str, template: str = "2021") -> str:
    """A model path (row or cell) named in a finding's message: ``三（三）1.属于国家秘密·总计``,
    ``未经复议直接起诉·尚未审结``, ``行政事业性收费·本年收费金额（单位：万元）``,
    ``五、存在的主要问题及改进情况``."""
    parts = path.split(".")
    if parts[0] == "requests" and len(parts) >= 2:
        text = request_row(parts[1]).message
        return text + (f"·{request_column_label(parts[2])}" if len(parts) == 3 else "")
    if parts[0] == "proactive" and len(parts) >= 2:
        text = proactive_row_label(template, parts[1])
        if len(parts) == 3 and parts[2] != "amount_unit":
            text += f"·{proactive_column_label(template, parts[1], parts[2])}"
        return text
    return printed_label(path)


@cache
def printed_label(path: str) -> str:
    """A model path named as the table prints it (each row with its own number, notes kept):
    ``一、本年新收政府信息公开申请数量·总计``, ``1.属于国家秘密``, ``政府集中采购·金额单位``."""
    parts = path.split(".")
    table = parts[0]
    if table == "requests" and len(parts) >= 2:
        text = request_row(parts[1]).printed
        return text + (f"·{request_column_label(parts[2])}" if len(parts) == 3 else "")
    if table == "appeals" and len(parts) >= 2:
        text = appeal_group_label(parts[1])
        return text + (f"·{appeal_column_label(parts[2])}" if len(parts) == 3 else "")
    if table == "proactive" and len(parts) >= 2:
        for template in TEMPLATES:
            for r in proactive_rows(template):
                if r.key == parts[1] and (len(parts) == 2 or parts[2] in r.columns):
                    return r.label + (f"·{r.columns[parts[2]]}" if len(parts) == 3 else "")
        if len(parts) == 3 and parts[2] == "amount_unit":
            return f"{proactive_row_label('2019', parts[1])}·{header('amount_unit_label')}"
    if table == "sections" and len(parts) == 2:
        return section_heading(parts[1])
    return path


__all__ = [
    "FIRST_YEAR",
    "OTHER_SUB",
    "RESULTS",
    "TEMPLATES",
    "Group",
    "HasLayout",
    "Row",
    "TemplateId",
    "appeal_column_label",
    "appeal_columns",
    "appeal_group_heading",
    "appeal_group_label",
    "appeal_groups",
    "cell_label",
    "counted_in",
    "group",
    "groups",
    "header",
    "other_row_keys",
    "outcome_row_keys",
    "placeholder",
    "placeholders",
    "printed_label",
    "proactive_column_label",
    "proactive_row_label",
    "proactive_rows",
    "report_title",
    "request_column_heading",
    "request_column_label",
    "request_group_label",
    "request_row",
    "request_row_label",
    "request_rows",
    "row_keys",
    "rows_of",
    "section_heading",
    "section_keys",
    "section_title",
    "single_other_row",
    "template_for_year",
    "title",
]
