"""gongkai: read, check and produce 政府信息公开工作年度报告 (government information disclosure
annual reports).

The public API is what this module exports (``__all__``, pinned by a test; see ``docs/architecture.md``)::

    import gongkai

    result = gongkai.read_report("2024.pdf")           # ReadResult: .report, .facts
    findings = gongkai.check_report(result.report, facts=result.facts)
    errors = gongkai.failing(findings)                 # those at or above Severity.ERROR
    data = gongkai.render_report(result.report, "docx")

plus five public subpackages, each with its own ``__all__``: :mod:`gongkai.model` (the report),
:mod:`gongkai.layout` (the official layout: rows, numbers, labels, headings, titles, year → template),
:mod:`gongkai.clock` (the statutory clock and working days) and :mod:`gongkai.supervise` (checks over many
reports: copied text, a region's totals, the roster; its entry points are also names here). Every other
module is internal. Names are loaded on first use, so ``import gongkai.clock`` stays as light as before.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name → the module that defines it
_HOMES: dict[str, str] = {
    "read_report": "gongkai.read",
    "read_bytes": "gongkai.read",
    "ReadResult": "gongkai.readers",
    "decide_with_neighbours": "gongkai.readers.neighbours",
    "Report": "gongkai.model",
    "report_from_dict": "gongkai.model",
    "DocumentFacts": "gongkai.model.facts",
    "check_report": "gongkai.check",
    "Finding": "gongkai.checker",
    "Severity": "gongkai.checker",
    "failing": "gongkai.checker",
    "show_value": "gongkai.checker.arith",
    "render_report": "gongkai.render",
    "InputError": "gongkai.errors",
}
_ALIASES = {"show_value": "show"}
_MODULES = ("clock", "fetch", "layout", "model", "supervise")

__all__ = [
    "DocumentFacts",
    "Finding",
    "InputError",
    "ReadResult",
    "Report",
    "Severity",
    "__version__",
    "check_report",
    "clock",
    "decide_with_neighbours",
    "failing",
    "fetch",
    "layout",
    "model",
    "read_bytes",
    "read_report",
    "render_report",
    "report_from_dict",
    "show_value",
    "supervise",
]

if TYPE_CHECKING:
    from gongkai import clock, fetch, layout, model, supervise
    from gongkai.check import check_report
    from gongkai.checker import Finding, Severity, failing
    from gongkai.checker.arith import show as show_value
    from gongkai.errors import InputError
    from gongkai.model import Report, report_from_dict
    from gongkai.model.facts import DocumentFacts
    from gongkai.read import read_bytes, read_report
    from gongkai.readers import ReadResult
    from gongkai.readers.neighbours import decide_with_neighbours
    from gongkai.render import render_report


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return import_module(f"gongkai.{name}")
    if name in _HOMES:
        value = getattr(import_module(_HOMES[name]), _ALIASES.get(name, name))
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gongkai' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
