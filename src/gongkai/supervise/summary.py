"""A region's 汇总 (``spec/supervision.md`` §2): the 表二/表三/表四 of the agencies a supervisor selects,
summed cell by cell into a report of its own, kept apart from the government's own 本级 report.

Every summed cell keeps what made it: each agency's value, the agencies whose cell is blank (a blank is not a
zero: the sum over it is a sum of the numbers given and says so) and the agencies whose report has no
comparable cell. Agencies selected but without a report are named as missing, and the title says so.

Across the 2019→2021 template change only cells of the same meaning are summed together. A cell is the same
where both templates have its key (``docs/report-json.md``: the keys are the meaning); the one row that
changed shape, 三（六）其他处理, is summed as its total: when any report prints （六） as one row (the 2019
template, or the hybrid 2021 layout), the 汇总 prints one （六） row and a 2021 report's three sub-rows are
added into it. 表二 cells the other template lacks (2019 项目数量, 2021 现行有效件数 …) take nothing from it.

The sum is a :class:`~gongkai.model.Report` of the year's template, so the checker (``gongkai.check_report``)
runs on it and the renderers draw it in the official layout, titled as a 汇总 with its scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from gongkai.layout import (
    OTHER_SUB,
    cell_label,
    group,
    header,
    proactive_rows,
    request_rows,
    single_other_row,
    template_for_year,
)
from gongkai.model.report import (
    APPEAL_COLUMNS,
    REQUEST_COLUMNS,
    Number,
    Report,
    new_report,
)

APPEAL_GROUPS = ("review", "suit_direct", "suit_after_review")
_AMOUNT = "proactive.procurement.amount"
_AMOUNT_UNIT = "proactive.procurement.amount_unit"
_PER_WAN = {"万元": 1, "元": 10000}


class Contribution(NamedTuple):
    """One agency's part in a summed cell: its value (``None``: blank) and, where the value was made
    comparable, how (``note``). (A tuple: a 汇总 of 5,000 agencies makes a million of them.)"""

    agency: str
    value: Number
    template: str
    note: str | None = None


@dataclass(frozen=True)
class CellParts:
    """What makes a summed cell: each agency's part (``contributions``, blank ones included) and the agencies
    whose template has no cell of the same meaning (``not_comparable``)."""

    contributions: tuple[Contribution, ...]
    not_comparable: tuple[str, ...]

    @property
    def blank(self) -> tuple[str, ...]:
        """The agencies whose cell is blank."""
        return tuple(c.agency for c in self.contributions if c.value is None)


@dataclass(frozen=True)
class SummedCell:
    """A cell of the 汇总 (:func:`sum_cell` defines its figures). ``total`` sums the numbers given
    (``None`` when no agency gave one); ``given`` counts the agencies that gave a number, ``blanks`` those
    whose cell is blank, ``incomparable`` those whose template has no cell of the same meaning. The cell is
    complete when the last two are 0. ``parts`` names them (:func:`sum_reports` keeps them; the web
    application loads one cell's on its drill-down)."""

    path: str
    label: str
    total: Number
    given: int
    blanks: int
    incomparable: int
    parts: CellParts | None = field(default=None, repr=False, compare=False)

    @property
    def complete(self) -> bool:
        return not self.blanks and not self.incomparable

    def _parts(self) -> CellParts:
        if self.parts is None:
            raise LookupError(f"{self.path}: the parts of this sum were not loaded")
        return self.parts

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        return self._parts().contributions

    @property
    def blank(self) -> tuple[str, ...]:
        return self._parts().blank

    @property
    def not_comparable(self) -> tuple[str, ...]:
        return self._parts().not_comparable


def sum_cell(
    path: str,
    template: str,
    total: float | None,
    given: int,
    printed: int,
    reports: int,
    parts: CellParts | None = None,
) -> SummedCell:
    """The one definition of a summed cell, for a sum made in Python (:func:`sum_reports`) or by a database
    (``SUM``/``COUNT`` per key): ``total`` is the sum of the ``given`` numbers, ``printed`` counts the
    reports that have the cell (a number or blank), ``reports`` the reports summed.

    A blank is never read as 0: the total is the sum of the numbers given, ``None`` when none was given, and
    the cell is incomplete when ``printed > given`` (blanks) or ``reports > printed`` (not comparable). A
    whole total is an ``int`` (a database sums in floating point), another is rounded to 4 places."""
    if not 0 <= given <= printed <= reports:
        raise ValueError(f"{path}: {given} numbers of {printed} cells of {reports} reports")
    value: Number = None
    if given and total is not None:
        value = int(total) if float(total).is_integer() else round(float(total), 4)
    return SummedCell(
        path, cell_label(path, template), value, given, printed - given, reports - printed, parts
    )


@dataclass(frozen=True)
class Summary:
    """The 汇总 of ``year`` over the selected agencies (``scope`` says which, e.g. 市政府部门)."""

    region: str
    scope: str
    year: int
    template: str
    selected: tuple[str, ...]
    missing: tuple[str, ...]  # selected, no report
    other_template: tuple[str, ...]  # reports in the other template (only comparable cells summed)
    other_as_one_row: bool  # 三（六）其他处理 summed as one row
    cells: dict[str, SummedCell] = field(repr=False)
    report: Report = field(repr=False)

    @property
    def included(self) -> tuple[str, ...]:
        return tuple(a for a in self.selected if a not in self.missing)

    @property
    def complete(self) -> bool:
        """No agency missing and no summed cell over a blank or an incomparable cell."""
        return not self.missing and all(c.complete for c in self.cells.values())

    @property
    def incomplete_cells(self) -> tuple[SummedCell, ...]:
        return tuple(c for c in self.cells.values() if not c.complete)

    @property
    def title(self) -> str:
        return self.report.title or ""


def summary_title(region: str, year: int, scope: str, count: int, missing: int) -> str:
    """``XX市2024年度政府信息公开工作年度报告汇总（市政府部门，32个单位，缺2个）``."""
    base = header("title_untitled").format(agency=region, period=header("title_period").format(year=year))
    gap = header("summary_missing").format(count=missing) if missing else ""
    return header("summary_title").format(base=base, scope=scope, count=count, missing=gap)


def _other_total(cells: Mapping[str, Number | str], one_row: bool, column: str) -> tuple[Number, str | None]:
    """A report's （六）其他处理 in ``column`` as one number: its single row, or its three sub-rows added
    (blank if any sub-row is blank)."""
    if one_row:
        return _number(cells[f"requests.other.{column}"]), None
    subs = [_number(cells[f"requests.{key}.{column}"]) for key in group(OTHER_SUB).rows]
    if any(v is None for v in subs):
        return None, "（六）分项有空白"
    return sum(v for v in subs if v is not None), "（六）1–3项合计"


def _number(value: Number | str) -> Number:
    return None if isinstance(value, str) else value


def _amount(cells: Mapping[str, Number | str]) -> tuple[Number, str | None]:
    value = _number(cells[_AMOUNT])
    unit = cells.get(_AMOUNT_UNIT)
    if value is None or not isinstance(unit, str) or unit == "万元":
        return value, None
    shown = int(value) if float(value).is_integer() else value  # 251000元, whether read as 251000 or 251000.0
    return value / _PER_WAN[unit], f"{shown}{unit}折合万元"


def summed_paths(template: str, other_as_one_row: bool) -> Iterator[str]:
    """The summed cells of a 汇总 of ``template``, in official order (the unit of 采购总金额 is not summed);
    ``other_as_one_row``: （六） as one row."""
    for row in proactive_rows(template):
        for column in row.columns:
            yield f"proactive.{row.key}.{column}"
    for r in request_rows(template, single_other=other_as_one_row):
        for column in REQUEST_COLUMNS:
            yield f"requests.{r.key}.{column}"
    for g in APPEAL_GROUPS:
        for column in APPEAL_COLUMNS:
            yield f"appeals.{g}.{column}"


def is_derived(path: str) -> bool:
    """Whether an agency's part in the summed cell ``path`` is not simply its own cell of that key: （六）
    (a report's three sub-rows may be added into it) and 采购总金额 (元 converted to 万元)."""
    return path.startswith("requests.other.") or path == _AMOUNT


def derived_keys(path: str) -> tuple[str, ...]:
    """The cells of a report that :func:`contribution` reads for the summed cell ``path``."""
    if path.startswith("requests.other."):
        column = path.rsplit(".", 1)[1]
        return (path, *(f"requests.{key}.{column}" for key in group(OTHER_SUB).rows))
    if path == _AMOUNT:
        return (_AMOUNT, _AMOUNT_UNIT)
    return (path,)


_ABSENT = object()


def contribution(
    agency: str, template: str, one_row: bool, cells: Mapping[str, Number | str], path: str
) -> Contribution | None:
    """``agency``'s part in the summed cell ``path``, made comparable, from its report's ``cells`` (by key;
    the keys :func:`derived_keys` names suffice); ``None`` when its template has no such cell. ``one_row``:
    the report prints （六） as one row (:func:`gongkai.layout.single_other_row`)."""
    if path.startswith("requests.other."):
        value, note = _other_total(cells, one_row, path.rsplit(".", 1)[1])
        return Contribution(agency, value, template, note)
    v = cells.get(path, _ABSENT)
    if v is _ABSENT:
        return None
    if path == _AMOUNT:
        value, note = _amount(cells)
        return Contribution(agency, value, template, note)
    return Contribution(agency, v, template)  # type: ignore[arg-type]


def tally(parts: Iterable[Contribution]) -> tuple[float | None, int, int]:
    """The figures :func:`sum_cell` takes, of parts in hand: the sum of the numbers, how many numbers, how
    many parts (a blank part is a part without a number)."""
    total: float = 0
    given = printed = 0
    for c in parts:
        printed += 1
        if c.value is not None:
            given += 1
            total += c.value
    return (total if given else None), given, printed


def sum_reports(reports: Mapping[str, Report | None], year: int, *, region: str, scope: str) -> Summary:
    """The 汇总 of ``year`` over ``reports`` (agency name → its report of ``year``, or ``None`` when it has
    none), every cell with its parts. ``region`` names the region (XX市), ``scope`` the selection
    (市政府部门). A report of another year is refused with ``ValueError`` (a caller's bug, not the user's
    input)."""
    for name, r in reports.items():
        if r is not None and r.year is not None and r.year != year:
            raise ValueError(f"{name}: a {r.year} report cannot be summed into {year}")
    template = template_for_year(year)
    present = {name: r for name, r in reports.items() if r is not None}
    flats = [(name, r.template, single_other_row(r), dict(r.iter_cells())) for name, r in present.items()]
    one_row = template == "2019" or any(f[2] for f in flats)
    cells: dict[str, SummedCell] = {}
    for path in summed_paths(template, one_row):
        parts: list[Contribution] = []
        incomparable: list[str] = []
        derived = is_derived(path)
        for name, t, single, values in flats:
            if derived:
                c = contribution(name, t, single, values, path)
            else:  # the plain case, inline: it runs once per agency and cell
                v = values.get(path, _ABSENT)
                c = None if v is _ABSENT else Contribution(name, v, t)
            if c is None:
                incomparable.append(name)
            else:
                parts.append(c)
        total, given, printed = tally(parts)
        held = CellParts(tuple(parts), tuple(incomparable))
        cells[path] = sum_cell(path, template, total, given, printed, len(flats), held)
    return assemble_summary(
        cells,
        year,
        region=region,
        scope=scope,
        selected=tuple(reports),
        missing=tuple(name for name, r in reports.items() if r is None),
        other_template=tuple(n for n, r in present.items() if r.template != template),
        other_as_one_row=one_row and template == "2021",
    )


def assemble_summary(
    cells: Mapping[str, SummedCell],
    year: int,
    *,
    region: str,
    scope: str,
    selected: tuple[str, ...],
    missing: tuple[str, ...],
    other_template: tuple[str, ...],
    other_as_one_row: bool,
) -> Summary:
    """The 汇总 of summed ``cells`` (every path of :func:`summed_paths`, made by :func:`sum_cell`): its
    report in the year's template, titled, with its sections 一 and 六."""
    template = template_for_year(year)
    out = new_report(template)
    for path, c in cells.items():
        out.set(path, c.total)
    if template == "2019" and out.get(_AMOUNT) is not None:
        out.set(_AMOUNT_UNIT, "万元")
    out.agency = region
    out.year = year
    out.title = summary_title(region, year, scope, len(selected), len(missing))
    summary = Summary(
        region=region,
        scope=scope,
        year=year,
        template=template,
        selected=selected,
        missing=missing,
        other_template=other_template,
        other_as_one_row=other_as_one_row,
        cells=dict(cells),
        report=out,
    )
    out.sections.overview = describe(summary)
    out.sections.other = (
        f"计入本汇总的单位（{len(summary.included)}个）：{'、'.join(summary.included) or '无'}。"
    )
    return summary


def describe(summary: Summary) -> str:
    """The 汇总's section 一: what was summed, what is missing and which rows were made comparable."""
    lines = [
        f"本报告为{summary.region}{summary.year}年度政府信息公开工作年度报告的汇总，"
        f"由{summary.scope}共{len(summary.selected)}个单位中已收到的{len(summary.included)}份年度报告"
        "逐项相加而成，不代替本级政府的年度报告。"
    ]
    if summary.missing:
        lines.append(f"缺{len(summary.missing)}个单位的报告，未计入：{'、'.join(summary.missing)}。")
    incomplete = summary.incomplete_cells
    if incomplete:
        lines.append(
            f"有{len(incomplete)}个单元格的合计含空白或不可比的单元格（空白不按0计），仅为已填数字之和。"
        )
    if summary.other_template:
        lines.append(f"{'、'.join(summary.other_template)}的报告使用另一版格式，仅汇总两版含义相同的单元格。")
    if summary.other_as_one_row:
        lines.append("有报告将三（六）其他处理列为一行，故汇总只列其合计一行。")
    return "\n".join(lines)
