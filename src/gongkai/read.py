"""Reading a report end to end: the readers (:mod:`gongkai.readers`), then what only the checker's rules can
decide — the OCR'd cells left blank because a digit was unsure. This is the pipeline behind
``gongkai.read_report`` / ``gongkai.read_bytes``; it sits above the readers and the rules, so neither imports
the other.

OCR'd cells left blank because a digit was unsure (``1`` or ``7``?) are decided — where they can be — by the
identities the format itself prints in 表三 and 表四: each row's 总计 is the sum of its columns, 三（七）总计
the sum of the outcome rows, 一 + 二 = 三（七） + 四, each 表四 group's 总计 the sum of its four results.

A candidate is ruled out when, with it in the cell, one of the checker's error rules of those tables (T301,
T302, T303, T401 …) fails on that cell — and a rule with blanks fails only when no filling of the blanks
could satisfy it (:mod:`gongkai.checker.arith`), so a candidate is never ruled out for a cell still open. A
cell is filled only when exactly one candidate is left; the note says which identities decided which cells.
表二 has no sums: its unsure cells stay blank.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gongkai.checker import CheckContext, Severity
from gongkai.layout import cell_label
from gongkai.model.facts import DocumentFacts
from gongkai.model.report import Report
from gongkai.readers import ReadResult
from gongkai.readers import load_any as _load_any
from gongkai.readers import read_bytes as _read_bytes
from gongkai.readers import read_report as _read_report
from gongkai.readers.limits import DEFAULT_LIMITS, Limits
from gongkai.readers.neighbours import read_with_neighbours as _read_with_neighbours
from gongkai.readers.sources import cell_sources
from gongkai.rules import all_rules

GROUPS = ("table3", "table4")


def read_bytes(
    data: bytes, *, name: str | None = None, max_bytes: int | None = None, limits: Limits | None = None
) -> ReadResult:
    """Read one report from bytes (see :func:`gongkai.readers.read_bytes`), OCR'd cells decided where the
    tables' identities decide them. Raises :class:`gongkai.errors.InputError` on bad input."""
    return _decided(_read_bytes(data, name=name, max_bytes=max_bytes, limits=limits))


def read_report(
    path: str | Path, *, max_bytes: int | None = None, limits: Limits | None = None
) -> ReadResult:
    """Read one report file, as :func:`read_bytes`."""
    return _decided(_read_report(path, max_bytes=max_bytes, limits=limits))


def load_any(
    path: str | Path, max_bytes: int = DEFAULT_LIMITS.max_bytes
) -> tuple[Report, DocumentFacts | None]:
    """A report from a published file (read as :func:`read_bytes`), or from gongkai's own JSON form."""
    report, facts = _load_any(path, max_bytes)
    if facts is not None:
        _decide(report, facts)
    return report, facts


def read_with_neighbours(path: Path, pool: Iterable[Path]) -> tuple[Report, DocumentFacts | None]:
    """:func:`gongkai.readers.neighbours.read_with_neighbours`, each file read as :func:`load_any`."""
    return _read_with_neighbours(path, pool, load=load_any)


def _decided(result: ReadResult) -> ReadResult:
    _decide(result.report, result.facts)
    return result


def _decide(report: Report, facts: DocumentFacts) -> None:
    if facts.ocr_cells:
        decide_ocr_cells(report, facts)
        facts.cell_sources = cell_sources(report, facts)


def decide_ocr_cells(report: Report, facts: DocumentFacts) -> None:
    """Fill, in place, the unsure OCR'd cells that the tables' identities decide, and say so in a note."""
    rules = [r for r in all_rules() if r.group() in GROUPS and r.severity is Severity.ERROR]
    context = CheckContext()
    decided: dict[str, list[str]] = {}  # cell -> the rules that ruled its other candidates out

    def failing(path: str) -> list[str]:
        return [
            r.code
            for r in rules
            if r.applies(report, context) and any(path in f.paths for f in r.evaluate(report, context))
        ]

    changed = True
    while changed:
        changed = False
        for path in [p for p in facts.ocr_cells if p.split(".")[0] in ("requests", "appeals")]:
            candidates = facts.ambiguous_cells[path]
            verdicts = []
            for value in candidates:
                report.set(path, int(value) if float(value).is_integer() else value)
                verdicts.append(failing(path))
            report.set(path, None)
            fits = [v for v, codes in zip(candidates, verdicts, strict=True) if not codes]
            if len(fits) == 1 and len(candidates) > 1:
                value = fits[0]
                report.set(path, int(value) if float(value).is_integer() else value)
                del facts.ambiguous_cells[path]
                facts.ocr_cells.remove(path)
                decided[path] = sorted({c for codes in verdicts for c in codes})
                changed = True
    if decided:
        rules_used = sorted({c for codes in decided.values() for c in codes})
        shown = "、".join(f"“{cell_label(p, report.template)}”" for p in decided)
        facts.reading_notes.append(
            f"文字识别（OCR）不确定的{len(decided)}个单元格（{shown}）由表内勾稽关系（{'、'.join(rules_used)}）"
            "唯一确定：其余读法都使等式不可能成立"
        )
