"""The files a locked version keeps (Word, PDF, web page) are read back before they are kept: each must parse
with gongkai's own reader for its format and give back every table cell of the report. A file that does not
(e.g. a DOCX that is not well-formed XML) is never stored, and the lock is refused with the reason."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai import InputError, Report, read_bytes, render_report

FORMAT_NAMES = {"docx": "Word", "pdf": "PDF", "html": gettext_lazy("网页"), "xlsx": "Excel"}


class ExportCheckFailed(Exception):
    """A rendered file did not read back as the report; ``str()`` is the Chinese reason."""


def check_export(report: Report, fmt: str, data: bytes) -> None:
    """Raise :class:`ExportCheckFailed` unless ``data`` reads back with every cell of ``report``."""
    name = FORMAT_NAMES.get(fmt, fmt)
    try:
        back = read_bytes(data, name=f"report.{fmt}").report
    except InputError as exc:
        raise ExportCheckFailed(
            _("生成的%(fmt)s文件无法读回（%(why)s），未保存") % {"fmt": name, "why": exc.line()}
        ) from exc
    # the figures; a unit cell (``…amount_unit``) is how the figure is written, and a reader may leave it
    # to the template's default
    expected = {p: v for p, v in report.iter_cells() if not p.endswith("_unit")}
    found = dict(back.iter_cells())
    differing = [path for path, value in expected.items() if found.get(path) != value]
    if differing:
        raise ExportCheckFailed(
            _("生成的%(fmt)s文件读回后有 %(n)s 个单元格与报告不符（如 %(path)s），未保存")
            % {"fmt": name, "n": len(differing), "path": differing[0]}
        )


def render_checked(report: Report, formats: Iterable[str]) -> dict[str, bytes]:
    """Each format rendered and read back (:func:`check_export`)."""
    files = {}
    for fmt in formats:
        data = render_report(report, fmt)
        check_export(report, fmt, data)
        files[fmt] = data
    return files
