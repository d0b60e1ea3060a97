"""Renderers: the report model → a file in the official layout, one module per output format.

>>> data = render_report(report, "docx")              # doctest: +SKIP

The shared layout (the official grids with their merged cells) is :mod:`gongkai.renderers.grid`; every format
draws it. A report is rendered as it is: renderers never run the checker. Refusing a report with errors
(``strict=True``) is :func:`gongkai.render.render_report`, above both.
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


def renderer(fmt: str) -> Callable[[Report], bytes]:
    try:
        module, name = FORMATS[fmt]
    except KeyError:
        raise UnknownRenderFormat(fmt) from None
    fn: Callable[[Report], bytes] = getattr(import_module(module), name)
    return fn


def render_report(report: Report, fmt: str) -> bytes:
    """The report as the bytes of a ``fmt`` file (docx, pdf, html, xlsx, txt, md)."""
    return renderer(fmt)(report)


__all__ = ["FORMATS", "UnknownRenderFormat", "render_report", "renderer"]
