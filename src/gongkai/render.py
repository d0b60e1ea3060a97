"""Rendering with the checker as a gate: the facade over :mod:`gongkai.renderers` and :mod:`gongkai.check`
(renderers never import the checker).

>>> data = render_report(report, "docx")              # doctest: +SKIP
>>> data = render_report(report, "pdf", strict=True)  # doctest: +SKIP

A report with error-level findings is rendered as it is, unless ``strict=True``: then :class:`ReportHasErrors`
is raised.
"""

from __future__ import annotations

from gongkai import renderers
from gongkai.check import check_report
from gongkai.checker import failing
from gongkai.errors import InputError
from gongkai.model import Report


class ReportHasErrors(InputError):
    """``strict=True`` and the checker found error-level problems in the report."""

    code = "report-has-errors"
    message = "报告存在错误级问题，严格模式下不生成文件"
    hint = "先用 gongkai check 查看并改正这些问题，或去掉 --strict"


def render_report(report: Report, fmt: str, *, strict: bool = False) -> bytes:
    """The report as the bytes of a ``fmt`` file (docx, pdf, html, xlsx, txt, md)."""
    fn = renderers.renderer(fmt)
    if strict:
        errors = failing(check_report(report))
        if errors:
            codes = "、".join(dict.fromkeys(f.code for f in errors))
            raise ReportHasErrors(f"{len(errors)} 个错误（{codes}）")
    return fn(report)


__all__ = ["ReportHasErrors", "render_report"]
