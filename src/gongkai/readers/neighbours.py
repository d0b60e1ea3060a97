"""Reading a report with its neighbouring years: digits that ran together in one year's 表二 and that the
report alone cannot split are decided by the same agency's report of the year before or after.

表二 has no sums, so a crawled ``行政许可3960181`` reads 396/0/181, 39/60/181, 3/960/181 …, and every reading
satisfies every rule of that report. The next year's report repeats the number of items at the end of the
year as its ``上一年项目数量``, which gives an identity between the two reports (spec §2.1, rules T2-1 and
T2-3):

- 2019 template, 第（五）（六）（八）项: ``上一年项目数量 + 本年增/减`` = next year's ``上一年项目数量``;
- 2019 template, 第（一）项: ``对外公开总数量`` + next year's ``本年新公开数量`` = next year's
  ``对外公开总数量``;
- 2021 template, 第（一）项: ``现行有效件数`` + next year's ``本年制发件数 − 本年废止件数`` = next year's
  ``现行有效件数``.

These identities are de-facto, not part of the format: agencies recount their items and repeal documents.
So they only choose among the readings that already satisfy every rule of each report; a cell is filled
only when every reading left agrees on it; when no pair of readings satisfies the identity, nothing is
decided and the note says so. Either report may be the one decided, and each note names the other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.catalog.normalize import normalize
from gongkai.errors import InputError
from gongkai.layout import proactive_row_label
from gongkai.model.facts import DocumentFacts
from gongkai.model.report import Report
from gongkai.readers.sources import cell_sources

Row = Mapping[str, int | float]


@dataclass(frozen=True)
class Continuity:
    """An identity between a 表二 row of one year's report and the same row of the next year's."""

    template: str
    rows: tuple[str, ...]
    text: str
    holds: Callable[[Row, Row], bool]


CONTINUITIES = (
    Continuity(
        "2019",
        ("licensing", "other_services", "penalty", "coercion", "fees"),
        "上一年项目数量＋本年增/减＝次年的上一年项目数量",
        lambda a, b: a["items_last_year"] + a["items_change"] == b["items_last_year"],
    ),
    Continuity(
        "2019",
        ("rules", "normative_documents"),
        "对外公开总数量＋次年本年新公开数量＝次年对外公开总数量",
        lambda a, b: a["total_published"] + b["published"] == b["total_published"],
    ),
    Continuity(
        "2021",
        ("rules", "normative_documents"),
        "现行有效件数＋次年本年制发件数－次年本年废止件数＝次年现行有效件数",
        lambda a, b: a["in_force"] + b["issued"] - b["repealed"] == b["in_force"],
    ),
)


@dataclass(eq=False)
class _Year:
    report: Report
    facts: DocumentFacts | None
    name: str

    def readings(self, row: str) -> list[Row] | None:
        """The readings of a 表二 row: the open ones, or the row as read; None if a cell is blank."""
        path = f"proactive.{row}"
        if self.facts is not None and path in self.facts.ambiguous_rows:
            return list(self.facts.ambiguous_rows[path])
        values = self.report.get(path).model_dump()
        if any(v is None for v in values.values()):
            return None
        return [values]

    def narrow(self, row: str, kept: list[Row]) -> list[str]:
        """Keep only ``kept`` of the row's open readings and fill the cells they agree on; return those."""
        assert self.facts is not None
        path = f"proactive.{row}"
        unique = list({tuple(sorted(r.items())): r for r in kept}.values())
        decided = []
        for col in unique[0]:
            cell = f"{path}.{col}"
            values = sorted({r[col] for r in unique})
            if len(values) == 1:
                if cell in self.facts.ambiguous_cells:
                    self.report.set(cell, values[0])
                    del self.facts.ambiguous_cells[cell]
                    decided.append(cell)
            else:
                self.facts.ambiguous_cells[cell] = [float(v) for v in values]
        if len(unique) == 1:
            del self.facts.ambiguous_rows[path]
        else:
            self.facts.ambiguous_rows[path] = [dict(r) for r in unique]
        return decided


@dataclass
class _Use:
    """What one report took from one neighbour: identities used, cells decided, rows that did not fit."""

    rules: dict[str, None] = field(default_factory=dict)
    decided: list[str] = field(default_factory=list)
    broken: dict[str, None] = field(default_factory=dict)


def _pair(earlier: _Year, later: _Year, uses: dict[tuple[_Year, _Year], _Use]) -> bool:
    """Apply each identity to the pair; True if a reading of either report was ruled out."""
    template = earlier.report.template
    changed = False
    for rule in CONTINUITIES:
        if rule.template != template:
            continue
        for row in rule.rows:
            a, b = earlier.readings(row), later.readings(row)
            if a is None or b is None or (len(a) == 1 and len(b) == 1):
                continue
            pairs = [(x, y) for x in a for y in b if rule.holds(x, y)]
            for year, other, side, kept in (
                (earlier, later, a, [x for x, _ in pairs]),
                (later, earlier, b, [y for _, y in pairs]),
            ):
                if len(side) == 1:
                    continue
                use = uses.setdefault((year, other), _Use())
                if not pairs:
                    use.broken[proactive_row_label(template, row)] = None
                elif len({tuple(sorted(r.items())) for r in kept}) < len(side):
                    use.rules[rule.text] = None
                    use.decided.extend(year.narrow(row, kept))
                    changed = True
    return changed


def _note(year: _Year, other: _Year, use: _Use) -> str:
    assert year.facts is not None
    template = year.report.template
    note = f"表二：结合{other.report.year}年的报告（{other.name}）"
    if use.rules:
        rules = "”“".join(use.rules)
        rows = list(dict.fromkeys(proactive_row_label(template, c.split(".")[1]) for c in use.decided))
        note += f"，按“{rules}”（惯例，非格式要求）"
        note += f"，{'、'.join(rows)}的{len(use.decided)}个单元格唯一确定" if rows else "，缩小了候选范围"
    if use.broken:
        note += f"；{'、'.join(use.broken)}与该报告对不上，未据此判定"
    open_cells = [c for c in year.facts.ambiguous_cells if c.startswith("proactive.")]
    note += f"；表二仍有{len(open_cells)}个单元格有多种读法" if open_cells else "；表二全部确定"
    return note


def _key(report: Report) -> str | None:
    return normalize(report.agency) if report.agency else None


def _follows(a: Report, b: Report) -> bool:
    """True if ``b`` is the same agency's report of the year after ``a``, in the same template."""
    key = _key(a)
    return (
        key is not None
        and key == _key(b)
        and a.template == b.template
        and a.year is not None
        and b.year == a.year + 1
    )


def decide_with_neighbours(
    reports: Iterable[tuple[Report, DocumentFacts | None, str]],
) -> None:
    """Decide, in place, the run-together 表二 cells of each report from the same agency's reports of the
    adjacent years among ``reports`` (report, facts, name shown in notes). Reports of another agency or of
    another template are not used."""
    by_agency: dict[str, dict[int, list[_Year]]] = defaultdict(lambda: defaultdict(list))
    for report, facts, name in reports:
        key = _key(report)
        if key is not None and report.year is not None:
            by_agency[key][report.year].append(_Year(report, facts, name))
    for years in by_agency.values():
        # two reports of one year (the web page and a crawl of it) both constrain their neighbours
        pairs = [
            (a, b)
            for y in sorted(years)
            for a in years[y]
            for b in years.get(y + 1, [])
            if _follows(a.report, b.report)
        ]
        # a reading ruled out in one pair may decide another pair (a longer run of years, two reports of one
        # year); every change removes a reading, so this ends
        uses: dict[tuple[_Year, _Year], _Use] = {}
        while any([_pair(a, b, uses) for a, b in pairs]):
            pass
        for (year, other), use in uses.items():
            if year.facts is not None and (use.rules or use.broken):
                year.facts.reading_notes.append(_note(year, other, use))
        for group in years.values():
            for year in group:
                if year.facts is not None and year.facts.tables_found:
                    year.facts.cell_sources = cell_sources(year.report, year.facts)


def neighbours_of(target: Report, candidates: Sequence[Report]) -> list[Report]:
    """Those of ``candidates`` that :func:`decide_with_neighbours` would pair with ``target``."""
    return [c for c in candidates if _follows(target, c) or _follows(c, target)]


def read_with_neighbours(
    path: Path,
    pool: Iterable[Path],
    load: Callable[[Path], tuple[Report, DocumentFacts | None]] | None = None,
) -> tuple[Report, DocumentFacts | None]:
    """Read ``path`` with the reports among ``pool`` (files or gongkai JSON) of the same agency and an
    adjacent year as neighbours; files of its own year, and files that cannot be read, are left out.
    ``load`` reads one file (``gongkai.read.load_any``, which also decides OCR'd cells; by default the
    readers' own)."""
    if load is None:
        from gongkai.readers import load_any

        load = load_any
    report, facts = load(path)
    others: list[tuple[Report, DocumentFacts | None, str]] = []
    for other_path in pool:
        if other_path == path:
            continue
        try:
            other, other_facts = load(other_path)
        except InputError:
            continue
        if other.year != report.year:
            others.append((other, other_facts, other_path.name))
    decide_with_neighbours([(report, facts, path.name), *others])
    return report, facts


__all__ = ["CONTINUITIES", "Continuity", "decide_with_neighbours", "neighbours_of", "read_with_neighbours"]
