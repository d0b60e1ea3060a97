"""Renderers: the report model → a file in the official layout, one module per output format.

>>> data = render_report(report, "docx")              # doctest: +SKIP
>>> data = render_report(report, "pdf", strict=True)  # doctest: +SKIP

The shared layout (the official grids with their merged cells) is :mod:`gongkai.renderers.grid`; every format
draws it. A report with error-level findings is rendered as it is, unless ``strict=True``: then
:class:`ReportHasErrors` is raised.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from gongkai.errors import InputError
from gongkai.model.report import Report

# format → (module, function); modules are imported on first use (WeasyPrint and openpyxl are slow to import)
FORMATS: dict[str, tuple[str, str]] = {
    "docx": ("gongkai.renderers.docx", "render_docx"),
    "pdf": ("gongkai.renderers.pdf", "render_pdf"),
    "html": ("gongkai.renderers.html", "render_html"),
    "xlsx": ("gongkai.renderers.xlsx", "render_xlsx"),
    "txt": ("gongkai.renderers.text", "render_text"),
    "md": ("gongkai.renderers.text", "render_markdown"),
}


class UnknownRenderFormat(InputError):
    code = "unknown-render-format"
    message = "不支持的输出格式"
    hint = "可选：" + "、".join(FORMATS)


class ReportHasErrors(InputError):
    """``strict=True`` and the checker found error-level problems in the report."""

    code = "report-has-errors"
    message = "报告存在错误级问题，严格模式下不生成文件"
    hint = "先用 gongkai check 查看并改正这些问题，或去掉 --strict"


def renderer(fmt: str) -> Callable[[Report], bytes]:
    try:
        module, name = FORMATS[fmt]
    except KeyError:
        raise UnknownRenderFormat(fmt) from None
    fn: Callable[[Report], bytes] = getattr(import_module(module), name)
    return fn


def render_report(report: Report, fmt: str, *, strict: bool = False) -> bytes:
    """The report as the bytes of a ``fmt`` file (docx, pdf, html, xlsx, txt, md)."""
    fn = renderer(fmt)
    if strict:
        from gongkai.check import check_report
        from gongkai.checker.finding import Severity

        errors = [f for f in check_report(report) if f.severity == Severity.ERROR and f.counts]
        if errors:
            codes = "、".join(dict.fromkeys(f.code for f in errors))
            raise ReportHasErrors(f"{len(errors)} 个错误（{codes}）")
    return fn(report)


__all__ = ["FORMATS", "ReportHasErrors", "UnknownRenderFormat", "render_report", "renderer"]
