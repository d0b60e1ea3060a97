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

from collections.abc import Iterator, Mapping
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
class SummedCell:
    """A cell of the 汇总. ``total`` sums the numbers given (``None`` when no agency gave one);
    ``blank`` names the agencies whose cell is blank, ``not_comparable`` those whose template has no cell
    of the same meaning. The cell is complete when neither names anyone."""

    path: str
    label: str
    total: Number
    contributions: tuple[Contribution, ...]
    blank: tuple[str, ...]
    not_comparable: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.blank and not self.not_comparable


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


@dataclass(frozen=True)
class _Flat:
    """A report's cells by path, read once (a 汇总 looks each up once per summed cell)."""

    agency: str
    template: str
    one_row: bool  # prints （六） as one row
    cells: dict[str, Number | str]


def _flat(name: str, report: Report) -> _Flat:
    return _Flat(name, report.template, single_other_row(report), dict(report.iter_cells()))


def _other_total(r: _Flat, column: str) -> tuple[Number, str | None]:
    """A report's （六）其他处理 in ``column`` as one number: its single row, or its three sub-rows added
    (blank if any sub-row is blank)."""
    if r.one_row:
        return _number(r.cells[f"requests.other.{column}"]), None
    subs = [_number(r.cells[f"requests.{key}.{column}"]) for key in group(OTHER_SUB).rows]
    if any(v is None for v in subs):
        return None, "（六）分项有空白"
    return sum(v for v in subs if v is not None), "（六）1–3项合计"


def _number(value: Number | str) -> Number:
    return None if isinstance(value, str) else value


def _amount(r: _Flat) -> tuple[Number, str | None]:
    value = _number(r.cells[_AMOUNT])
    unit = r.cells.get(_AMOUNT_UNIT)
    if value is None or not isinstance(unit, str) or unit == "万元":
        return value, None
    return value / _PER_WAN[unit], f"{value}{unit}折合万元"


def _paths(template: str, other_as_one_row: bool) -> Iterator[str]:
    """The summed cells of the 汇总, in official order (the unit of 采购总金额 is not summed)."""
    for row in proactive_rows(template):
        for column in row.columns:
            yield f"proactive.{row.key}.{column}"
    for r in request_rows(template, single_other=other_as_one_row):
        for column in REQUEST_COLUMNS:
            yield f"requests.{r.key}.{column}"
    for g in APPEAL_GROUPS:
        for column in APPEAL_COLUMNS:
            yield f"appeals.{g}.{column}"


def _contribution(r: _Flat, path: str) -> Contribution | None:
    """``r``'s value for the 汇总's （六） or 采购总金额 cell ``path``, made comparable; ``None`` when its
    template has no such cell."""
    if path.startswith("requests.other."):
        value, note = _other_total(r, path.rsplit(".", 1)[1])
    elif path == _AMOUNT and path in r.cells:
        value, note = _amount(r)
    else:
        return None
    return Contribution(r.agency, value, r.template, note)


_ABSENT = object()


def _add(values: list[Number]) -> Number:
    numbers = [v for v in values if v is not None]
    if not numbers:
        return None
    total = sum(numbers)
    return int(total) if all(isinstance(v, int) for v in numbers) else round(total, 4)


def sum_reports(reports: Mapping[str, Report | None], year: int, *, region: str, scope: str) -> Summary:
    """The 汇总 of ``year`` over ``reports`` (agency name → its report of ``year``, or ``None`` when it has
    none). ``region`` names the region (XX市), ``scope`` the selection (市政府部门). A report of another year
    is refused with ``ValueError`` (a caller's bug, not the user's input)."""
    for name, r in reports.items():
        if r is not None and r.year is not None and r.year != year:
            raise ValueError(f"{name}: a {r.year} report cannot be summed into {year}")
    template = template_for_year(year)
    present = {name: r for name, r in reports.items() if r is not None}
    flats = [_flat(name, r) for name, r in present.items()]
    missing = tuple(name for name, r in reports.items() if r is None)
    one_row = template == "2019" or any(f.one_row for f in flats)
    out = new_report(template)
    cells: dict[str, SummedCell] = {}
    for path in _paths(template, one_row):
        parts: list[Contribution] = []
        incomparable: list[str] = []
        special = path.startswith("requests.other.") or path == _AMOUNT
        for f in flats:
            if special:
                c = _contribution(f, path)
                if c is None:
                    incomparable.append(f.agency)
                else:
                    parts.append(c)
                continue
            v = f.cells.get(path, _ABSENT)  # the plain case, inline: it runs once per agency and cell
            if v is _ABSENT:
                incomparable.append(f.agency)
            else:
                parts.append(Contribution(f.agency, v, f.template))  # type: ignore[arg-type]
        total = _add([c.value for c in parts])
        blank = tuple(c.agency for c in parts if c.value is None)
        label = cell_label(path, template)
        cells[path] = SummedCell(path, label, total, tuple(parts), blank, tuple(incomparable))
        out.set(path, total)
    if template == "2019" and out.get(_AMOUNT) is not None:
        out.set(_AMOUNT_UNIT, "万元")
    out.agency = region
    out.year = year
    out.title = summary_title(region, year, scope, len(reports), len(missing))
    summary = Summary(
        region=region,
        scope=scope,
        year=year,
        template=template,
        selected=tuple(reports),
        missing=missing,
        other_template=tuple(n for n, r in present.items() if r.template != template),
        other_as_one_row=one_row and template == "2021",
        cells=cells,
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
